#!/bin/sh
# SPDX-License-Identifier: ISC
# runtime/fs-flags.sh: prints the compiler flags, of those given, that a
# freestanding runtime's compile keeps of the user's CFLAGS or CPPFLAGS
# (runtime/local.mk says why): debugging (-g...), optimisation (-O...),
# warnings (-W..., but not -Wp, -Wa, or -Wl, which pass flags on) and the
# path maps of reproducible builds. Every other flag is dropped.
#
# Usage: fs-flags.sh FLAG...
kept=
for f in "$@"; do
    case $f in
    -Wp,* | -Wa,* | -Wl,*) ;;
    -g* | -O* | -W* | -ffile-prefix-map=* | -fdebug-prefix-map=* | \
        -fmacro-prefix-map=*) kept="$kept $f" ;;
    esac
done
echo "$kept"
