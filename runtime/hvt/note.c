/* SPDX-License-Identifier: ISC */
/* note.c: the ABI note that tells mirage-hvt what this image speaks. */
#include <mirage/tender_abi.h>

/*
 * An ELF note (namesz, descsz, type, the name padded to 4 bytes, then the
 * descriptor) in a section that hvt.lds keeps and puts in the PT_NOTE
 * segment. The tender refuses an image whose version or target differ
 * from its own. The manifest note is the unikernel's: `mirage generate`
 * writes it into mirage_main.c.
 */
struct hvt_abi_note {
    uint32_t namesz, descsz, type;
    char name[8];
    struct mirage_tender_abi_note desc;
};

__attribute__((section(".note.mirage.abi"), aligned(4),
               used)) static const struct hvt_abi_note abi_note = {
    sizeof(MIRAGE_TENDER_NOTE_NAME),
    sizeof(struct mirage_tender_abi_note),
    MIRAGE_TENDER_NOTE_ABI,
    MIRAGE_TENDER_NOTE_NAME,
    {MIRAGE_TENDER_ABI_VERSION, MIRAGE_TENDER_TARGET_HVT},
};
