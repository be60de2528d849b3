# devices/tls/bearssl/local.mk: tls's `bearssl`, TLS 1.2 on BearSSL
# (libbearssl-dev), on every target, when configure found it (doc/tls.md).
if MIRAGE_HAVE_BEARSSL
devices_sources += devices/tls/bearssl/br.h devices/tls/bearssl/seeder.c
endif
