/* SPDX-License-Identifier: ISC */
/* registry.c: the device types, implementations, targets and arg tables. */
#include "../devices/block/ramdisk/ramdisk_size.h"
#include "registry.h"
#include "util.h"

/*
 * To add a device type: one line in `types` (its C interface must be in a
 * public header under runtime/include/mirage/), and one line per
 * implementation in `impls`. A dependency list names types, in the order the
 * connect function takes the dependency devices after (dev, name). An
 * implementation whose device needs a network interface or a disk from the
 * hypervisor says so in its last field (REGISTRY_HOST_NET or _DISK): on xen,
 * `mirage generate` writes a vif or disk entry into NAME.xl for it; on spt
 * and hvt, an entry of the image's device manifest (the tender attaches a
 * host resource to each).
 */
static const struct registry_type types[] = {
    {"time", "struct mirage_time", "mirage/time.h", "default",
     "sleeping for a while"},
    {"mclock", "struct mirage_mclock", "mirage/mclock.h", "default",
     "a monotonic clock, in nanoseconds since an arbitrary start"},
    {"pclock", "struct mirage_pclock", "mirage/pclock.h", "default",
     "the wall clock (POSIX time)"},
    {"random", "struct mirage_random", "mirage/random.h", "default",
     "cryptographically secure random bytes"},
    {"kv_ro", "struct mirage_kv_ro", "mirage/kv_ro.h", "crunch",
     "a read-only key-value store (files by path)"},
    {"kv_rw", "struct mirage_kv_rw", "mirage/kv_rw.h", "memory",
     "a read-write key-value store"},
    {"block", "struct mirage_block", "mirage/block.h", "ramdisk",
     "a block device: sectors to read and write"},
    {"net", "struct mirage_net", "mirage/net.h", "default",
     "a network interface: raw Ethernet frames in and out"},
    {"stack", "struct mirage_stack", "mirage/stack.h", "socket",
     "a TCP/IP stack: TCP and UDP over IPv4 and IPv6"},
};

static const char *const unix_only[] = {"unix", NULL};
/* The targets whose tender attaches host resources (mirage-spt, -hvt). */
static const char *const tender_targets[] = {"spt", "hvt", NULL};
/* The targets with network interfaces: the tenders' and virtio-net. */
static const char *const nic_targets[] = {"spt", "hvt", "virtio", NULL};
static const char *const virtio_only[] = {"virtio", NULL};

static const struct registry_arg block_file_args[] = {
    {"block-%s", "string", "%p",
     "The file that holds the disk of block device %s.", "disk"},
    {NULL, NULL, NULL, NULL, NULL},
};

static const struct registry_arg stack_socket_args[] = {
    {"ipv4", "ipv4-prefix", "0.0.0.0/0",
     "The IPv4 address and network of the socket stack; 0.0.0.0/0 binds "
     "every host address.",
     "network"},
    {"ipv6", "ipv6-prefix", "::/0",
     "The IPv6 address and network of the socket stack; ::/0 binds every "
     "host address.",
     "network"},
    {"ipv4-only", "bool", "false", "Use IPv4 only.", "network"},
    {"ipv6-only", "bool", "false", "Use IPv6 only.", "network"},
    {NULL, NULL, NULL, NULL, NULL},
};

/* ramdisk(BYTES): the device's own parser, so that configure refuses what
 * the device would refuse at boot. */
static const char *ramdisk_param_check(const char *param)
{
    uint64_t sectors;

    switch (ramdisk_size_parse(param, &sectors)) {
    case RAMDISK_SIZE_OK:
        return NULL;
    case RAMDISK_SIZE_NOT_DECIMAL:
        return "not a decimal number of bytes";
    case RAMDISK_SIZE_NOT_SECTORS:
        return "not a positive multiple of the 512-byte sector";
    case RAMDISK_SIZE_TOO_LARGE:
        break;
    }
    return "too large";
}

static const struct registry_impl impls[] = {
    {"time", "default", NULL, "mirage_time_default_connect", NULL,
     "the platform's monotonic timer", REGISTRY_PARAM_NONE, NULL, NULL, NULL,
     NULL, REGISTRY_HOST_NONE, NULL},
    {"mclock", "default", NULL, "mirage_mclock_default_connect", NULL,
     "the platform's monotonic clock", REGISTRY_PARAM_NONE, NULL, NULL, NULL,
     NULL, REGISTRY_HOST_NONE, NULL},
    {"pclock", "default", NULL, "mirage_pclock_default_connect", NULL,
     "the platform's wall clock", REGISTRY_PARAM_NONE, NULL, NULL, NULL, NULL,
     REGISTRY_HOST_NONE, NULL},
    {"random", "default", NULL, "mirage_random_default_connect", NULL,
     "a ChaCha20 CSPRNG seeded by the platform", REGISTRY_PARAM_NONE, NULL,
     NULL, NULL, NULL, REGISTRY_HOST_NONE, NULL},
    {"kv_ro", "crunch", NULL, "mirage_kv_ro_crunch_connect", NULL,
     "the files of a directory, embedded in the image at build time",
     REGISTRY_PARAM_CRUNCH, "DIR", NULL,
     "the directory to embed, relative to the unikernel's source folder", NULL,
     REGISTRY_HOST_NONE, NULL},
    {"kv_ro", "direct", unix_only, "mirage_kv_ro_direct_connect", NULL,
     "the files of a host directory, read at run time", REGISTRY_PARAM_REQUIRED,
     "DIR", NULL,
     "the host directory, relative to the working directory at boot", NULL,
     REGISTRY_HOST_NONE, NULL},
    {"kv_rw", "memory", NULL, "mirage_kv_rw_memory_connect", NULL,
     "a store in memory, empty at boot", REGISTRY_PARAM_NONE, NULL, NULL, NULL,
     NULL, REGISTRY_HOST_NONE, NULL},
    {"block", "file", unix_only, "mirage_block_file_connect", NULL,
     "a host file", REGISTRY_PARAM_REQUIRED, "PATH", NULL,
     "the default file, relative to the working directory at boot",
     block_file_args, REGISTRY_HOST_DISK, NULL},
    {"block", "tender", tender_targets, "mirage_block_tender_connect", NULL,
     "a disk the tender attaches (--block:NAME=PATH)", REGISTRY_PARAM_NONE,
     NULL, NULL, NULL, NULL, REGISTRY_HOST_DISK, NULL},
    {"block", "virtio", virtio_only, "mirage_block_virtio_connect", NULL,
     "a virtio-blk disk of the VM, whose serial is NAME", REGISTRY_PARAM_NONE,
     NULL, NULL, NULL, NULL, REGISTRY_HOST_DISK, NULL},
    {"block", "ramdisk", NULL, "mirage_block_ramdisk_connect", NULL,
     "a disk in memory, zeroed at boot", REGISTRY_PARAM_STRING, "BYTES",
     RAMDISK_DEFAULT, "the size in bytes", NULL, REGISTRY_HOST_NONE,
     ramdisk_param_check},
    {"net", "default", nic_targets, "mirage_net_default_connect", NULL,
     "the target's interface (spt, hvt: --net:NAME=TAP of the tender; "
     "virtio: a virtio-net NIC)",
     REGISTRY_PARAM_NONE, NULL, NULL, NULL, NULL, REGISTRY_HOST_NET, NULL},
    {"stack", "socket", unix_only, "mirage_stack_socket_connect", NULL,
     "the host's sockets", REGISTRY_PARAM_NONE, NULL, NULL, NULL,
     stack_socket_args, REGISTRY_HOST_NONE, NULL},
};

#define NTYPES (sizeof(types) / sizeof(types[0]))
#define NIMPLS (sizeof(impls) / sizeof(impls[0]))

const char *const registry_targets[] = {"unix",   "spt", "hvt",
                                        "virtio", "xen", NULL};

/* In the order of enum mirage_arg_section. */
const char *const registry_sections[] = {
    "arguments", "options", "network", "disk", "log", "runtime", NULL};

static const char *const section_enums[] = {
    "MIRAGE_SECTION_ARGUMENTS", "MIRAGE_SECTION_OPTIONS",
    "MIRAGE_SECTION_NETWORK",   "MIRAGE_SECTION_DISK",
    "MIRAGE_SECTION_LOG",       "MIRAGE_SECTION_RUNTIME",
};

size_t registry_type_count(void)
{
    return NTYPES;
}

const struct registry_type *registry_type_at(size_t index)
{
    return index < NTYPES ? &types[index] : NULL;
}

const struct registry_type *registry_type_lookup(const char *name)
{
    for (size_t i = 0; i < NTYPES; i++)
        if (streq(types[i].name, name))
            return &types[i];
    return NULL;
}

size_t registry_impl_count(void)
{
    return NIMPLS;
}

const struct registry_impl *registry_impl_at(size_t index)
{
    return index < NIMPLS ? &impls[index] : NULL;
}

const struct registry_impl *registry_impl_lookup(const char *type,
                                                 const char *name)
{
    if (!name || !*name) {
        const struct registry_type *t = registry_type_lookup(type);
        if (!t)
            return NULL;
        name = t->default_impl;
    }
    for (size_t i = 0; i < NIMPLS; i++)
        if (streq(impls[i].type, type) && streq(impls[i].name, name))
            return &impls[i];
    return NULL;
}

size_t registry_impl_ndeps(const struct registry_impl *impl)
{
    size_t n = 0;

    if (impl->deps)
        while (impl->deps[n])
            n++;
    return n;
}

size_t registry_impl_nargs(const struct registry_impl *impl)
{
    size_t n = 0;

    if (impl->args)
        while (impl->args[n].name)
            n++;
    return n;
}

bool registry_impl_supports(const struct registry_impl *impl,
                            const char *target)
{
    if (!impl->targets)
        return true;
    for (size_t i = 0; impl->targets[i]; i++)
        if (streq(impl->targets[i], target))
            return true;
    return false;
}

bool registry_target_known(const char *target)
{
    for (size_t i = 0; registry_targets[i]; i++)
        if (streq(registry_targets[i], target))
            return true;
    return false;
}

int registry_section_lookup(const char *name, enum mirage_arg_section *out)
{
    if (!name || !*name) {
        *out = MIRAGE_SECTION_OPTIONS;
        return 0;
    }
    for (size_t i = 0; registry_sections[i]; i++) {
        if (streq(registry_sections[i], name)) {
            *out = (enum mirage_arg_section)i;
            return 0;
        }
    }
    return -1;
}

const char *registry_section_enum(enum mirage_arg_section section)
{
    size_t i = (size_t)section;
    return i < sizeof(section_enums) / sizeof(section_enums[0])
               ? section_enums[i]
               : "MIRAGE_SECTION_OPTIONS";
}

const char *registry_section_name(enum mirage_arg_section section)
{
    size_t i = (size_t)section;
    return i < sizeof(section_enums) / sizeof(section_enums[0])
               ? registry_sections[i]
               : "options";
}
