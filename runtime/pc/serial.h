/* SPDX-License-Identifier: ISC */
/* serial.h: polled 16550 UART console on COM1 (I/O port 0x3f8). */
#ifndef MIRAGE_PC_SERIAL_H
#define MIRAGE_PC_SERIAL_H

#include <stddef.h>
#include <stdint.h>

/* serial_init: 115200 baud, 8 data bits, no parity, 1 stop bit, FIFOs on. */
void serial_init(void);
/* serial_putc: one byte; '\n' is sent as "\r\n". */
void serial_putc(char c);
void serial_puts(const char *s);
/* serial_write: buf[0..len) with serial_putc: the console of the PC
 * targets (runtime output and diagnostics alike). */
void serial_write(const char *buf, size_t len);
/* serial_put_dec / serial_put_hex: unsigned numbers; hex gets "0x". */
void serial_put_dec(uint64_t value);
void serial_put_hex(uint64_t value);

#endif
