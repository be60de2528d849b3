# devices/syslog/udp/local.mk: syslog's `udp`, log lines to a collector
# over UDP through a `stack`, on every target.
devices_sources += devices/syslog/udp/syslog_udp.c
