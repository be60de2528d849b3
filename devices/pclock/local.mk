# devices/pclock/local.mk: mirage_pclock_rfc3339 (mirage/pclock.h), for
# every pclock, on every target.
devices_sources += devices/pclock/rfc3339.c
