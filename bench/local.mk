# bench/local.mk: `make bench` runs the benchmarks; each prints its table.
EXTRA_DIST += bench/fiber-switch bench/fiber-switch-bench.c
CLEANFILES += bench/fiber-switch-bench

bench:
	CC='$(CC)' MAKE='$(MAKE)' $(SHELL) $(srcdir)/bench/fiber-switch .
.PHONY: bench
