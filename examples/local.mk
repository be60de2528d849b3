# examples/local.mk: the example unikernels ship in the tarball; the tests
# build each one, as a user would, in a scratch directory.
EXTRA_DIST += \
	examples/noop/configure.ac examples/noop/Makefile.am \
	examples/noop/unikernel.c \
	examples/hello/configure.ac examples/hello/Makefile.am \
	examples/hello/unikernel.c \
	examples/hello-key/configure.ac examples/hello-key/Makefile.am \
	examples/hello-key/unikernel.c
