# devices/tls/local.mk: the `tls` device type (mirage/tls.h, doc/tls.md);
# its implementations share no code yet.
EXTRA_DIST += doc/tls.md
