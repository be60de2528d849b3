/* SPDX-License-Identifier: ISC */
/* acpi.h: powering the machine off through ACPI (the S5 sleep state). */
#ifndef MIRAGE_PC_ACPI_H
#define MIRAGE_PC_ACPI_H

#include <stdint.h>

/* Remembers where the RSDP is (the start info's rsdp_paddr; 0 when the
 * boot loader did not say: acpi_poweroff then looks for it where a PC
 * BIOS leaves it, in 0xe0000..0xfffff). Reads nothing yet. */
void acpi_set_rsdp(uint64_t rsdp_paddr);

/* What entering S5 takes, from the FADT and the DSDT. */
struct acpi_s5 {
    uint32_t pm1a_cnt, pm1b_cnt;   /* I/O ports of PM1a/b_CNT; b: 0 if none */
    uint16_t smi_cmd;              /* the SMI command port, or 0 */
    uint8_t acpi_enable;           /* what to write there for ACPI mode */
    unsigned slp_typ_a, slp_typ_b; /* \_S5's first two elements, 0..7 */
};

/*
 * Finds the FADT through the RSDP and the RSDT or XSDT, then SLP_TYPa/b in
 * the DSDT's \_S5 package (its AML: NameOp "_S5_" PackageOp, elements as
 * ZeroOp, OneOp or BytePrefix). Every table is checked (signature, length,
 * checksum) before it is used, and tables are read only below 4 GiB.
 * Returns 0; -ENOENT (no RSDP, no FADT, or no \_S5), -EINVAL (a table fails
 * its checks), -ENOTSUP (hardware-reduced ACPI, or no PM1a control block).
 */
int acpi_find_s5(struct acpi_s5 *s5);

/*
 * Enters S5 (soft off): acpi_find_s5, ACPI mode if the firmware left the
 * machine in legacy mode, then SLP_TYP | SLP_EN to the PM1a (and PM1b)
 * control blocks. Returns only if the machine is still on: acpi_find_s5's
 * errors, or -EIO (the write did not turn the machine off).
 */
int acpi_poweroff(void);

#endif
