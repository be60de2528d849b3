# SPDX-License-Identifier: ISC
# tests/unit/net-tap.mk: unit tests of net-tap (filled by its work).
