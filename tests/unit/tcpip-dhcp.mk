# SPDX-License-Identifier: ISC
# tests/unit/tcpip-dhcp.mk: unit tests of tcpip-dhcp (filled by its work).
