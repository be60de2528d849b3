# devices/time/default/local.mk: time's `default`, on every target.
devices_sources += devices/time/default/time.c
