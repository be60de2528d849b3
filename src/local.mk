# src/local.mk: the helper binary `mirage` and its man page.
bin_PROGRAMS += src/mirage

# Everything of the helper but main.c, in a library that the unit tests
# link too. The runtime's argument-value parser is compiled in, so that
# configure checks defaults exactly as a unikernel parses them at boot;
# lib/crypto's SHA-256 too, for the digests `mirage crunch' writes.
noinst_LIBRARIES += src/libhelper.a
mirage_helper_sources = \
	src/argtype.c src/argtype.h \
	src/check.c src/check.h src/check_impl.h src/check_args.c \
	src/check_devices.c src/check_names.c src/check_target.c \
	src/check_unikernel.c \
	src/crunch.c src/crunch.h \
	src/describe.c src/describe.h \
	src/diag.c src/diag.h \
	src/elf64.c src/elf64.h src/pvh_image.c src/pvh_image.h \
	src/toolkit_features.c src/toolkit_features.h \
	src/generate.c src/generate.h \
	src/graph.c src/graph.h \
	src/libvirt.c src/libvirt.h \
	src/quote.c src/quote.h \
	src/registry.c src/registry.h src/registry_table.c src/registry_table.h \
	$(devices_helper_sources) \
	src/run.c src/run.h \
	src/spec.c src/spec.h \
	src/symbolize.c src/symbolize.h \
	src/util.c src/util.h \
	src/xl.c src/xl.h \
	runtime/core/argvalue.c runtime/core/argvalue.h \
	lib/crypto/sha256.c lib/crypto/blockfeed.c lib/crypto/blockfeed.h \
	lib/crypto/util.c
mirage_helper_cppflags = -I$(top_srcdir)/src -I$(top_srcdir)/runtime/include \
	-I$(top_srcdir)/runtime -DMIRAGE_VERSION='"$(PACKAGE_VERSION)"'
src_libhelper_a_SOURCES = $(mirage_helper_sources)
src_libhelper_a_CPPFLAGS = $(mirage_helper_cppflags) $(gnulib_cppflags)
# What a program made of the helper's code links: the library, and gnulib's.
mirage_helper_ldadd = src/libhelper.a build-aux/gnulib/lib/libgnu.a

src_mirage_SOURCES = src/main.c src/cli.c src/cli.h src/command.h \
	src/cmd_crunch.c src/cmd_run.c src/cmd_spec.c src/cmd_symbolize.c \
	src/help.c src/help.h
src_mirage_CPPFLAGS = $(mirage_helper_cppflags) $(gnulib_cppflags)
src_mirage_LDADD = $(mirage_helper_ldadd)

# The registry's tables, made by src/registry.awk from the registry entries
# of devices/ (devices_registry: every devices/TYPE/registry.def and
# devices/TYPE/IMPL/registry.def; doc/devices.md), run in the source folder
# so that its messages and comments name them as they are there. Shipped in
# the tarball; remade when an entry or the script changes.
src/registry_table.c: $(devices_registry) $(srcdir)/src/registry.awk
	$(AM_V_GEN)$(MKDIR_P) src && \
	(cd $(srcdir) && $(AWK) -f src/registry.awk $(devices_registry)) \
	   >$@-t && mv -f $@-t $@
EXTRA_DIST += src/registry.awk
MAINTAINERCLEANFILES = src/registry_table.c

# How to run images, read crash reports and use the xen target's NAME.xl.
EXTRA_DIST += doc/run.md doc/xen.md doc/xen-pv.md

# The man page is made from --help and --version, so it depends on the
# sources and the version, not on the built binary: a tarball never needs
# help2man. All the text of --help and --version is in src/help.c.
dist_man1_MANS = doc/mirage.1
# The binary is an order-only prerequisite: it must exist, but a rebuilt
# binary alone does not remake the page.
doc/mirage.1: $(top_srcdir)/src/help.c $(top_srcdir)/configure.ac \
	| src/mirage$(EXEEXT)
	$(AM_V_GEN)$(MKDIR_P) doc && $(HELP2MAN) --no-info --no-discard-stderr \
	   --name='Mirage in C unikernel helper' \
	   --output=$@ ./src/mirage$(EXEEXT)
