# devices/stack/direct/lower.mk: the engine files of the lower layers:
# checksums, Ethernet, ARP, IPv4 and its reassembly, ICMP, UDP, and the
# engine's core (tcpip.c). tests/unit/tcpip-lower.mk tests them.
tcpip_lower_sources = devices/stack/direct/tcpip.h \
	devices/stack/direct/tcpip.c devices/stack/direct/tcpip_limits.c \
	devices/stack/direct/checksum.c \
	devices/stack/direct/eth.c devices/stack/direct/eth.h \
	devices/stack/direct/arp.c devices/stack/direct/arp.h \
	devices/stack/direct/ipv4.c devices/stack/direct/ipv4.h \
	devices/stack/direct/ipv4_reasm.c \
	devices/stack/direct/icmp.c devices/stack/direct/icmp.h \
	devices/stack/direct/udp.c devices/stack/direct/udp.h
tcpip_engine_sources += $(tcpip_lower_sources)
