# tests/unit/helper.mk: tests of the helper binary `mirage`.
# SPDX-License-Identifier: ISC

# C unit tests: the helper's code (all but its main) linked with a test.
check_PROGRAMS += tests/unit/test_helper_spec tests/unit/test_helper_graph \
	tests/unit/test_helper_argtype tests/unit/test_helper_devices
tests_unit_test_helper_spec_SOURCES = tests/unit/test_helper_spec.c \
	tests/unit/tap.h
tests_unit_test_helper_spec_CPPFLAGS = $(mirage_helper_cppflags)
tests_unit_test_helper_spec_LDADD = $(mirage_helper_ldadd)
tests_unit_test_helper_graph_SOURCES = tests/unit/test_helper_graph.c \
	tests/unit/tap.h
tests_unit_test_helper_graph_CPPFLAGS = $(mirage_helper_cppflags)
tests_unit_test_helper_graph_LDADD = $(mirage_helper_ldadd)
tests_unit_test_helper_argtype_SOURCES = tests/unit/test_helper_argtype.c \
	tests/unit/tap.h
tests_unit_test_helper_argtype_CPPFLAGS = $(mirage_helper_cppflags)
tests_unit_test_helper_argtype_LDADD = $(mirage_helper_ldadd)
tests_unit_test_helper_devices_SOURCES = tests/unit/test_helper_devices.c \
	tests/unit/tap.h
tests_unit_test_helper_devices_CPPFLAGS = $(mirage_helper_cppflags)
tests_unit_test_helper_devices_LDADD = $(mirage_helper_ldadd)

# NAME.xl and NAME.xl.in; mirage run's quoting (checked against the
# runtime's own command-line splitter), QEMU command and exit codes; the
# ELF64 reader on good and hostile files, and symbolize's annotations.
check_PROGRAMS += tests/unit/test_helper_xl tests/unit/test_helper_run \
	tests/unit/test_helper_elf
tests_unit_test_helper_xl_SOURCES = tests/unit/test_helper_xl.c \
	tests/unit/tap.h
tests_unit_test_helper_xl_CPPFLAGS = $(mirage_helper_cppflags)
tests_unit_test_helper_xl_LDADD = $(mirage_helper_ldadd)
tests_unit_test_helper_run_SOURCES = tests/unit/test_helper_run.c \
	tests/unit/tap.h runtime/core/cmdline.c runtime/core/cmdline.h
tests_unit_test_helper_run_CPPFLAGS = $(mirage_helper_cppflags)
tests_unit_test_helper_run_LDADD = $(mirage_helper_ldadd)
tests_unit_test_helper_elf_SOURCES = tests/unit/test_helper_elf.c \
	tests/unit/tap.h
tests_unit_test_helper_elf_CPPFLAGS = $(mirage_helper_cppflags)
tests_unit_test_helper_elf_LDADD = $(mirage_helper_ldadd)

# A helper that plays a toolkit configured without any optional feature:
# the helper's own sources, with src/toolkit_features.c compiled with
# MIRAGE_HELPER_WITHOUT_FEATURES (its object comes before libhelper.a's
# on the link line, so the library's is not linked). `mirage types' marks
# what needs a feature, and configure refuses it, in every build.
check_PROGRAMS += tests/unit/mirage-without-features
tests_unit_mirage_without_features_SOURCES = $(src_mirage_SOURCES) \
	src/toolkit_features.c
tests_unit_mirage_without_features_CPPFLAGS = $(src_mirage_CPPFLAGS) \
	-DMIRAGE_HELPER_WITHOUT_FEATURES
tests_unit_mirage_without_features_LDADD = $(mirage_helper_ldadd)
TESTS += tests/unit/helper-features.sh
EXTRA_DIST += tests/unit/helper-features.sh

# README's device and tree tables against `mirage types` and the tree.
TESTS += tests/unit/readme.sh
EXTRA_DIST += tests/unit/readme.sh

# The registry that src/registry.awk makes from devices/, and its messages.
TESTS += tests/unit/helper-registry.sh
EXTRA_DIST += tests/unit/helper-registry.sh

# The glue's declaration of a connect function that no public header
# declares (the implementation's registry entry says so).
check_PROGRAMS += tests/unit/test_helper_connect
TESTS += tests/unit/test_helper_connect
tests_unit_test_helper_connect_SOURCES = tests/unit/test_helper_connect.c \
	tests/unit/tap.h
tests_unit_test_helper_connect_CPPFLAGS = $(mirage_helper_cppflags)
tests_unit_test_helper_connect_LDADD = $(mirage_helper_ldadd)

# mirage run's check of xen and virtio images before QEMU boots them.
check_PROGRAMS += tests/unit/test_helper_pvh
TESTS += tests/unit/test_helper_pvh
tests_unit_test_helper_pvh_SOURCES = tests/unit/test_helper_pvh.c \
	tests/unit/tap.h
tests_unit_test_helper_pvh_CPPFLAGS = $(mirage_helper_cppflags)
tests_unit_test_helper_pvh_LDADD = $(mirage_helper_ldadd)

# NAME_libvirt.xml, the libvirt domain that `mirage generate` writes for
# virtio: its text, XML escaping and disk names.
check_PROGRAMS += tests/unit/test_helper_libvirt
tests_unit_test_helper_libvirt_SOURCES = tests/unit/test_helper_libvirt.c \
	tests/unit/tap.h
tests_unit_test_helper_libvirt_CPPFLAGS = $(mirage_helper_cppflags)
tests_unit_test_helper_libvirt_LDADD = $(mirage_helper_ldadd)
TESTS += tests/unit/test_helper_libvirt

# The device manifest that `mirage generate` writes for spt and hvt.
check_PROGRAMS += tests/unit/test_helper_manifest
tests_unit_test_helper_manifest_SOURCES = tests/unit/test_helper_manifest.c \
	tests/unit/tap.h
tests_unit_test_helper_manifest_CPPFLAGS = $(mirage_helper_cppflags)
tests_unit_test_helper_manifest_LDADD = $(mirage_helper_ldadd)
TESTS += tests/unit/test_helper_manifest

# The command line, run on spec files the test writes.
TESTS += tests/unit/test_helper_spec tests/unit/test_helper_graph \
	tests/unit/test_helper_argtype tests/unit/test_helper_devices \
	tests/unit/test_helper_xl tests/unit/test_helper_run \
	tests/unit/test_helper_elf tests/unit/helper-cli.sh
EXTRA_DIST += tests/unit/helper-cli.sh

# Defaults per target and the devices of default dependencies: the stack
# on each target, with and without a declared net device.
TESTS += tests/unit/helper-deps.sh
EXTRA_DIST += tests/unit/helper-deps.sh

# mirage run (--dry-run, unix images, and a real QEMU boot of noop built
# for xen when QEMU and the xen runtime are there) and mirage symbolize on
# real crash reports.
TESTS += tests/unit/helper-run.sh
EXTRA_DIST += tests/unit/helper-run.sh

# An example with one boot argument of every type and form, built as a user
# would, run with defaults, values and bad values.
TESTS += tests/examples/args.sh
EXTRA_DIST += tests/examples/args.sh examples/args/configure.ac \
	examples/args/Makefile.am examples/args/unikernel.c
