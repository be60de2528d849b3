# tests/unit/helper.mk: tests of the helper binary `mirage`.
# SPDX-License-Identifier: ISC

# C unit tests: the helper's code (all but its main) linked with a test.
check_PROGRAMS += tests/unit/test_helper_spec tests/unit/test_helper_graph \
	tests/unit/test_helper_argtype tests/unit/test_helper_devices
tests_unit_test_helper_spec_SOURCES = tests/unit/test_helper_spec.c \
	tests/unit/tap.h $(mirage_helper_sources)
tests_unit_test_helper_spec_CPPFLAGS = $(mirage_helper_cppflags)
tests_unit_test_helper_graph_SOURCES = tests/unit/test_helper_graph.c \
	tests/unit/tap.h $(mirage_helper_sources)
tests_unit_test_helper_graph_CPPFLAGS = $(mirage_helper_cppflags)
tests_unit_test_helper_argtype_SOURCES = tests/unit/test_helper_argtype.c \
	tests/unit/tap.h $(mirage_helper_sources)
tests_unit_test_helper_argtype_CPPFLAGS = $(mirage_helper_cppflags)
tests_unit_test_helper_devices_SOURCES = tests/unit/test_helper_devices.c \
	tests/unit/tap.h $(mirage_helper_sources)
tests_unit_test_helper_devices_CPPFLAGS = $(mirage_helper_cppflags)

# The command line, run on spec files the test writes.
TESTS += tests/unit/test_helper_spec tests/unit/test_helper_graph \
	tests/unit/test_helper_argtype tests/unit/test_helper_devices \
	tests/unit/helper-cli.sh
EXTRA_DIST += tests/unit/helper-cli.sh

# An example with one boot argument of every type and form, built as a user
# would, run with defaults, values and bad values.
TESTS += tests/examples/args.sh
EXTRA_DIST += tests/examples/args.sh examples/args/configure.ac \
	examples/args/Makefile.am examples/args/unikernel.c
