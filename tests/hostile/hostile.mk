# SPDX-License-Identifier: ISC
# tests/hostile/hostile.mk: guests that attack their tender. hvt-hostile.sh
# builds a hand-made hvt image (hostile_hvt.c) and runs each of its attacks
# on mirage-hvt and, where the compiler has AddressSanitizer (configure
# checks), on mirage-hvt-asan: the tender's own sources built with
# -fsanitize=address and -DTENDER_ASAN, under which the seccomp filter
# also lets ASan report (tenders/common/asan_allow.c). mirage-spt-asan is
# the same for the spt tests. The installed tenders are not changed.
if MIRAGE_BUILD_TENDERS
if MIRAGE_TENDER_ASAN
check_PROGRAMS += tests/hostile/mirage-hvt-asan tests/hostile/mirage-spt-asan
tender_asan_sources = tenders/common/asan_allow.c
tender_asan_cppflags = $(tender_cppflags) -DTENDER_ASAN
tender_asan_cflags = $(AM_CFLAGS) -fPIE -fsanitize=address \
	-fno-omit-frame-pointer
tender_asan_ldflags = $(AM_LDFLAGS) -pie -fsanitize=address

tests_hostile_mirage_hvt_asan_SOURCES = $(tender_hvt_sources) \
	$(tender_asan_sources)
tests_hostile_mirage_hvt_asan_CPPFLAGS = $(tender_asan_cppflags)
tests_hostile_mirage_hvt_asan_CFLAGS = $(tender_asan_cflags)
tests_hostile_mirage_hvt_asan_LDFLAGS = $(tender_asan_ldflags)

tests_hostile_mirage_spt_asan_SOURCES = $(tender_spt_sources) \
	$(tender_asan_sources)
tests_hostile_mirage_spt_asan_CPPFLAGS = $(tender_asan_cppflags)
tests_hostile_mirage_spt_asan_CFLAGS = $(tender_asan_cflags)
tests_hostile_mirage_spt_asan_LDFLAGS = $(tender_asan_ldflags)
endif
endif

# Says SKIP by itself where the tenders are not built or KVM is not usable.
TESTS += tests/hostile/hvt-hostile.sh
EXTRA_DIST += tests/hostile/hvt-hostile.sh tests/hostile/hostile_hvt.c \
	tests/hostile/hostile-common.sh
