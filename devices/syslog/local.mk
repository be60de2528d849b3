# devices/syslog/local.mk: what syslog's implementations share: the
# message formats (RFC 5424, RFC 3164) and the bounded queue of lines.
devices_sources += devices/syslog/syslog_fmt.c devices/syslog/syslog_fmt.h \
	devices/syslog/syslog_queue.c devices/syslog/syslog_queue.h

# The device's document: formats, bounds, the queue.
EXTRA_DIST += doc/syslog.md
