# devices/tls/bearssl/local.mk: tls's `bearssl`, TLS 1.2 on BearSSL
# (libbearssl-dev), on every target, when configure found it (doc/tls.md).
if MIRAGE_HAVE_BEARSSL
devices_sources += devices/tls/bearssl/br.h devices/tls/bearssl/seeder.c \
	devices/tls/bearssl/tls_bearssl.h devices/tls/bearssl/device.c \
	devices/tls/bearssl/errors.c devices/tls/bearssl/flow.c \
	devices/tls/bearssl/names.c devices/tls/bearssl/policy.c \
	devices/tls/bearssl/pump.c devices/tls/bearssl/store.c \
	devices/tls/bearssl/verify.c
endif
