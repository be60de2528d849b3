# tests/repro/repro.mk: reproducible builds (doc/reproducible.md). In make
# check: a unikernel built twice is the same file on every built target
# (tests/repro/repro.sh). On demand, `make check-repro-toolkit': the
# toolkit built twice (tests/repro/toolkit.sh), its installed trees
# compared file by file.
TESTS += tests/repro/repro.sh
EXTRA_DIST += tests/repro/repro.sh tests/repro/toolkit.sh doc/reproducible.md

# make check-repro-toolkit: two builds of the toolkit compared (slow: two
# full builds and installs; MIRAGE_REPRO_JOBS, default 2, is their make
# -j; MIRAGE_REPRO_CONFIGURE_ARGS go to both configures).
check-repro-toolkit:
	$(MAKE) $(AM_MAKEFLAGS) check-TESTS TESTS=tests/repro/toolkit.sh
.PHONY: check-repro-toolkit
