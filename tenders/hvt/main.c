/* SPDX-License-Identifier: ISC */
/* main.c: mirage-hvt, the tender that runs an hvt image in a KVM guest. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "../common/cli.h"
#include "../common/cmdline_quote.h"
#include "../common/devices.h"
#include "../common/elf_load.h"
#include "hvt.h"
#include "pagetable.h"
#include "report.h"
#include "seccomp.h"
#include "vcpu.h"

#define MIB (1ull << 20)

/*
 * The entry's stack, at the top of memory: the runtime moves to its own
 * at once (runtime/hvt/hvt.lds). The least heap we agree to: room for the
 * main fiber's 256 KiB stack (runtime/core/sched_impl.h) and as much
 * again; hello needs 280 KiB.
 */
#define STACK_SIZE (64ull * 1024)
#define HEAP_MIN   (512ull * 1024)

/*
 * Opens the image's devices into the tender's own table (h->devices) and
 * the seccomp descriptor lists; (guest_boot) gets the guest's copy, with
 * no host descriptors in it.
 */
static void open_devices(struct hvt *h, const struct tender_image *img,
                         const struct tender_options *opt,
                         const unsigned map[MIRAGE_TENDER_MANIFEST_MAX],
                         struct mirage_tender_boot_info *guest_boot,
                         struct hvt_seccomp_fds *fds)
{
    static struct mirage_tender_boot_info opened;
    char err[TENDER_ERR_MAX];

    if (tender_open_devices(img, opt, map, &opened, err) != 0)
        hvt_fail("%s", err);
    if (opened.ndevices > MIRAGE_TENDER_MANIFEST_MAX)
        hvt_fail("%u devices: at most %u", (unsigned)opened.ndevices,
                 MIRAGE_TENDER_MANIFEST_MAX);
    h->ndevices = opened.ndevices;
    for (unsigned i = 0; i < h->ndevices; i++) {
        const struct mirage_tender_device *o = &opened.devices[i];
        struct hvt_device *d = &h->devices[i];

        d->type = o->type;
        d->fd = o->fd;
        d->capacity = o->capacity;
        d->sector_size = o->sector_size;
        d->mtu = o->mtu;
        d->read_only = o->read_only != 0;
        if (d->type == MIRAGE_TENDER_DEV_BLOCK) {
            fds->block_capacity[fds->nblock] = d->capacity;
            fds->block_read_only[fds->nblock] = (uint8_t)d->read_only;
            fds->block[fds->nblock++] = d->fd;
        } else
            fds->net[fds->nnet++] = d->fd;
        guest_boot->devices[i] = *o;
        guest_boot->devices[i].fd = -1;
    }
    guest_boot->ndevices = h->ndevices;
}

int main(int argc, char **argv)
{
    static struct hvt h;
    struct tender_options opt;
    struct tender_image img;
    struct tender_prot_range ranges[TENDER_MAX_SEGMENTS];
    struct hvt_seccomp_fds fds = {0};
    struct mirage_tender_boot_info *boot;
    struct hvt_vm vm;
    unsigned map[MIRAGE_TENDER_MANIFEST_MAX], nranges;
    char err[TENDER_ERR_MAX];
    uint8_t *data;
    size_t size, cmdlen;
    uint64_t tables_end;
    int rc;

    switch (tender_cli_parse(argc, argv, &opt, err)) {
    case TENDER_CLI_HELP:
        tender_cli_help(stdout, HVT_PROG, MIRAGE_TENDER_TARGET_HVT);
        return fflush(stdout) == 0 ? 0 : TENDER_EXIT_FAILURE;
    case TENDER_CLI_VERSION:
        tender_cli_version(stdout, HVT_PROG);
        return fflush(stdout) == 0 ? 0 : TENDER_EXIT_FAILURE;
    case TENDER_CLI_ERROR:
        fprintf(stderr,
                HVT_PROG ": %s\nTry '" HVT_PROG
                         " --help' for more information.\n",
                err);
        return TENDER_EXIT_USAGE;
    case TENDER_CLI_RUN:
        break;
    }
    h.mem_size = opt.mem_mb << 20;
    hvt_report_init(-1, opt.image, &h);
    /*
     * The image is checked for [1 MiB, mem): all guest memory above it
     * (for a --mem too small for any image, 1 GiB, so that the message
     * below can say how much this one needs).
     */
    if (tender_read_file(opt.image, &data, &size, err) != 0 ||
        tender_elf_validate(data, size, opt.image, MIRAGE_TENDER_TARGET_HVT,
                            h.mem_size > 2 * MIB
                                ? h.mem_size - MIRAGE_TENDER_IMAGE_BASE
                                : 1024 * MIB,
                            &img, err) != 0 ||
        tender_match_manifest(&img, &opt, map, err) != 0)
        hvt_fail("%s", err);
    tables_end = hvt_pagetable_end(img.end);
    if (tables_end + HEAP_MIN + STACK_SIZE > h.mem_size)
        hvt_fail("--mem=%llu is too small for %s: it needs at least %llu MiB",
                 (unsigned long long)opt.mem_mb, opt.image,
                 (unsigned long long)((tables_end + HEAP_MIN + STACK_SIZE +
                                       MIB - 1) >>
                                      20));
    cmdlen = tender_cmdline_quote(opt.args, (size_t)opt.nargs, NULL, 0);
    if (HVT_BOOT_ADDR + sizeof *boot + cmdlen + 1 > MIRAGE_TENDER_IMAGE_BASE)
        hvt_fail("the arguments are too long (%zu bytes quoted; at most %llu)",
                 cmdlen,
                 (unsigned long long)(MIRAGE_TENDER_IMAGE_BASE - HVT_BOOT_ADDR -
                                      sizeof *boot - 1));

    h.mem = mmap(NULL, h.mem_size, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (h.mem == MAP_FAILED)
        hvt_fail("cannot map guest memory (%llu MiB): %s",
                 (unsigned long long)opt.mem_mb, strerror(errno));
    if (tender_elf_load(&img, data, size, h.mem, 0, h.mem_size, ranges,
                        &nranges, err) != 0)
        hvt_fail("%s: %s", opt.image, err);
    free(data);
    /* the tables the guest keeps: each segment's rights, all else NX */
    hvt_pagetable_build(h.mem, h.mem_size, img.end, ranges, nranges);

    /* The guest's copy of the boot info: the tender never reads it back. */
    boot = (struct mirage_tender_boot_info *)(h.mem + HVT_BOOT_ADDR);
    boot->abi_version = MIRAGE_TENDER_ABI_VERSION;
    boot->target = MIRAGE_TENDER_TARGET_HVT;
    boot->mem_start = tables_end;
    boot->page_tables = HVT_PML4_ADDR;
    boot->mem_end = h.mem_size - STACK_SIZE;
    boot->cmdline = HVT_BOOT_ADDR + sizeof *boot;
    tender_cmdline_quote(opt.args, (size_t)opt.nargs,
                         (char *)(h.mem + boot->cmdline), cmdlen + 1);
    boot->fault_entry = 0;
    open_devices(&h, &img, &opt, map, boot, &fds);

    hvt_vm_create(&h, &vm);
    hvt_report_init(vm.vcpu_fd, opt.image, &h);
    boot->tsc_hz = hvt_vm_tsc_hz(&vm);
    hvt_vm_set_long_mode(&vm, img.entry, h.mem_size - 8, HVT_BOOT_ADDR);
    fds.vcpu = vm.vcpu_fd;
    signal(SIGPIPE, SIG_IGN);
    fflush(stdout);
    fflush(stderr);
    rc = hvt_seccomp_install(&fds);
    if (rc != 0)
        hvt_fail("cannot install the seccomp filter: %s", strerror(-rc));
    hvt_vm_run(&h, &vm);
}
