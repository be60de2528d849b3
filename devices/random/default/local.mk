# devices/random/default/local.mk: random's `default`, on every target.
devices_sources += devices/random/default/random.c \
	devices/random/default/random_internal.h
