/* SPDX-License-Identifier: ISC */
/* serial.c: polled 16550 UART console on COM1 (I/O port 0x3f8). */
#include "serial.h"

#include "io.h"

#define COM1 0x3f8

/* 16550 register offsets from the base port. */
#define UART_DATA 0 /* THR/RBR; DLL when LCR.DLAB=1 */
#define UART_IER  1 /* interrupt enable; DLM when LCR.DLAB=1 */
#define UART_FCR  2 /* FIFO control (write) */
#define UART_LCR  3 /* line control */
#define UART_MCR  4 /* modem control */
#define UART_LSR  5 /* line status */

#define LCR_8N1       0x03 /* 8 data bits, no parity, 1 stop bit */
#define LCR_DLAB      0x80 /* divisor latch access */
#define FCR_ENABLE    0xc7 /* enable, clear both FIFOs, 14-byte trigger */
#define MCR_DTR_RTS   0x03
#define LSR_THR_EMPTY 0x20

/* 115200 = 1.8432 MHz / 16 / divisor, so divisor 1. */
#define DIVISOR_115200 1

/* Bounds the wait for the transmitter, so a missing UART cannot hang us. */
#define TX_SPIN_LIMIT 100000

void serial_init(void)
{
    outb(COM1 + UART_IER, 0x00); /* polled: no interrupts */
    outb(COM1 + UART_LCR, LCR_DLAB);
    outb(COM1 + UART_DATA, DIVISOR_115200 & 0xff);
    outb(COM1 + UART_IER, DIVISOR_115200 >> 8);
    outb(COM1 + UART_LCR, LCR_8N1);
    outb(COM1 + UART_FCR, FCR_ENABLE);
    outb(COM1 + UART_MCR, MCR_DTR_RTS);
}

static void serial_tx(uint8_t byte)
{
    for (int i = 0; i < TX_SPIN_LIMIT; i++)
        if (inb(COM1 + UART_LSR) & LSR_THR_EMPTY)
            break;
    outb(COM1 + UART_DATA, byte);
}

void serial_putc(char c)
{
    if (c == '\n')
        serial_tx('\r');
    serial_tx((uint8_t)c);
}

void serial_puts(const char *s)
{
    while (*s)
        serial_putc(*s++);
}

void serial_write(const char *buf, size_t len)
{
    for (size_t i = 0; i < len; i++)
        serial_putc(buf[i]);
}

void serial_put_dec(uint64_t value)
{
    char buf[21];
    int i = (int)sizeof buf;

    buf[--i] = '\0';
    do {
        buf[--i] = (char)('0' + value % 10);
        value /= 10;
    } while (value != 0);
    serial_puts(&buf[i]);
}

void serial_put_hex(uint64_t value)
{
    static const char digits[] = "0123456789abcdef";
    char buf[19];
    int i = (int)sizeof buf;

    buf[--i] = '\0';
    do {
        buf[--i] = digits[value & 0xf];
        value >>= 4;
    } while (value != 0);
    buf[--i] = 'x';
    buf[--i] = '0';
    serial_puts(&buf[i]);
}
