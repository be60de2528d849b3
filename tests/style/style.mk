# tests/style/style.mk: the tree's C files are as clang-format makes them
# (tests/style/style.sh, in make check when clang-format 14 is installed);
# `make format` rewrites them so.
TESTS += tests/style/style.sh
EXTRA_DIST += tests/style/style.sh tests/style/style-files.sh

CLANG_FORMAT = clang-format
format:
	@command -v $(CLANG_FORMAT) >/dev/null 2>&1 || { \
	  echo "make format: $(CLANG_FORMAT) is not installed" >&2; exit 1; }
	$(AM_V_at)cd $(srcdir) && $(SHELL) tests/style/style-files.sh . | \
	  while read -r f; do \
	    $(CLANG_FORMAT) --style=file:.clang-format -i "$$f" || exit 1; \
	  done
.PHONY: format
