# SPDX-License-Identifier: ISC
# tests/hostile/spt.mk: a hostile spt guest (hostile_spt.c, built by the
# script as tests/unit/tender-spt.sh builds its images) attacks mirage-spt's
# system-call policy. Says SKIP by itself where the tenders are not built.
TESTS += tests/hostile/spt-hostile.sh
EXTRA_DIST += tests/hostile/spt-hostile.sh tests/hostile/hostile_spt.c
