# SPDX-License-Identifier: ISC
# tests/unit/tcpip-tcp.mk: unit tests of tcpip-tcp (filled by its work).
