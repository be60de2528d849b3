# SPDX-License-Identifier: ISC
# tests/unit/tcpip-lower.mk: unit tests of tcpip-lower (filled by its work).
