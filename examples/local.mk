# examples/local.mk: the example unikernels ship in the tarball; the tests
# build each one, as a user would, in a scratch directory.
EXTRA_DIST += \
	examples/noop/configure.ac examples/noop/Makefile.am \
	examples/noop/unikernel.c \
	examples/hello/configure.ac examples/hello/Makefile.am \
	examples/hello/unikernel.c \
	examples/hello-key/configure.ac examples/hello-key/Makefile.am \
	examples/hello-key/unikernel.c
# crash, wx and memtest: faults the platform must catch, and the allocator.
EXTRA_DIST += \
	examples/crash/configure.ac examples/crash/Makefile.am \
	examples/crash/unikernel.c \
	examples/wx/configure.ac examples/wx/Makefile.am \
	examples/wx/unikernel.c \
	examples/memtest/configure.ac examples/memtest/Makefile.am \
	examples/memtest/unikernel.c

# make run-example [EXAMPLE=hello] [ARGS='...']: builds examples/EXAMPLE
# against this build tree in examples-build/, exactly as a user builds a
# unikernel (autoreconf, configure, make), and runs it. Each example's image
# is named after its folder.
EXAMPLE = hello
ARGS =
run-example: all
	@set -e; d=examples-build/$(EXAMPLE); \
	test -d $(srcdir)/examples/$(EXAMPLE) || \
	  { echo "run-example: no example '$(EXAMPLE)' in examples/" >&2; exit 1; }; \
	rm -rf $$d; $(MKDIR_P) examples-build; \
	cp -R $(srcdir)/examples/$(EXAMPLE) $$d; chmod -R u+w $$d; \
	echo "  BUILD    examples/$(EXAMPLE) (log: $$d/build.log)"; \
	( cd $$d && export ACLOCAL_PATH='$(abs_top_srcdir)/m4' \
	    PKG_CONFIG_PATH='$(abs_top_builddir)/pkgconfig' && \
	  $(AUTORECONF) -fi && ./configure && $(MAKE) ) >$$d/build.log 2>&1 || \
	  { tail -n 30 $$d/build.log >&2; exit 1; }; \
	echo "  RUN      $$d/$(EXAMPLE) $(ARGS)"; \
	$$d/$(EXAMPLE) $(ARGS)
.PHONY: run-example

clean-local: clean-examples-build
clean-examples-build:
	rm -rf examples-build
.PHONY: clean-examples-build
