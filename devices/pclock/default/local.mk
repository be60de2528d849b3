# devices/pclock/default/local.mk: pclock's `default`, on every target.
devices_sources += devices/pclock/default/pclock.c
