#!/bin/sh
# SPDX-License-Identifier: ISC
# runtime/localise.sh: makes a runtime library: every object of a private
# archive linked into one relocatable object, with a section per function
# and data item kept apart (so an image's --gc-sections drops what it does
# not use), and every symbol made local except the named ones (so internal
# names neither leak into nor clash with a unikernel's code).
#
# Usage: localise.sh OUT.a OBJECTS.a SYMBOL...   (SYMBOLs may use * and ?)
# Tools: $LD, $OBJCOPY, $AR, $RANLIB (default: ld, objcopy, ar, ranlib);
# $ARFLAGS (default cr; crD for an archive without dates or owners).
set -e
out=$1 objects=$2
shift 2
obj=${out%.a}.o
keep=
for s in "$@"; do
    keep="$keep --keep-global-symbol=$s"
done
rm -f "$out" "$obj"
${LD:-ld} -r --unique='.text.*' --unique='.rodata.*' --unique='.data.*' \
    --unique='.bss.*' -o "$obj" --whole-archive "$objects"
# shellcheck disable=SC2086 # $keep is a list of options; globs stay quoted
set -f
${OBJCOPY:-objcopy} --wildcard $keep "$obj"
set +f
# shellcheck disable=SC2086 # $ARFLAGS is one word of letters
${AR:-ar} ${ARFLAGS:-cr} "$out" "$obj"
${RANLIB:-ranlib} "$out"
