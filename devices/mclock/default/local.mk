# devices/mclock/default/local.mk: mclock's `default`, on every target.
devices_sources += devices/mclock/default/mclock.c
