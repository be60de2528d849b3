# SPDX-License-Identifier: ISC
# lib/crypto/local.mk: SHA-256, SHA-512, HMAC-SHA256 and ChaCha20
# (mirage/crypto.h), for every target.
lib_sources += \
	lib/crypto/blockfeed.c lib/crypto/blockfeed.h \
	lib/crypto/chacha20.c \
	lib/crypto/hmac.c \
	lib/crypto/sha256.c \
	lib/crypto/sha512.c \
	lib/crypto/util.c
