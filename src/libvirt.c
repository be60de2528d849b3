/* SPDX-License-Identifier: ISC */
/* libvirt.c: writing NAME_libvirt.xml, the virtio target's libvirt domain. */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libvirt.h"

#ifndef MIRAGE_VERSION
#define MIRAGE_VERSION "unknown"
#endif

/*
 * The length of the character of XML 1.0 at (s), in bytes (1 to 4), or 0
 * if (s) starts with invalid UTF-8 or a character that XML cannot hold.
 */
static size_t xml_char_len(const unsigned char *s)
{
    unsigned long c;
    size_t n;

    if (s[0] < 0x80)
        return s[0] >= 0x20 || s[0] == '\t' || s[0] == '\n' || s[0] == '\r';
    if (s[0] >= 0xc2 && s[0] <= 0xdf) {
        n = 2;
        c = s[0] & 0x1fu;
    } else if (s[0] >= 0xe0 && s[0] <= 0xef) {
        n = 3;
        c = s[0] & 0x0fu;
    } else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
        n = 4;
        c = s[0] & 0x07u;
    } else {
        return 0; /* a continuation byte, or no UTF-8 lead byte */
    }
    /* a NUL is no continuation byte: nothing past it is read */
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
        c = c << 6 | (s[i] & 0x3fu);
    }
    if ((n == 3 && c < 0x800) || (n == 4 && c < 0x10000) || c > 0x10ffff)
        return 0; /* overlong, or beyond Unicode */
    if ((c >= 0xd800 && c <= 0xdfff) || c == 0xfffe || c == 0xffff)
        return 0; /* a surrogate, or not a character */
    return n;
}

bool libvirt_xml_ok(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;

    while (*p) {
        size_t n = xml_char_len(p);
        if (n == 0)
            return false;
        p += n;
    }
    return true;
}

void libvirt_xml_text(struct strbuf *sb, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;

    while (*p) {
        size_t n = xml_char_len(p);

        switch (n ? *p : 0) {
        case 0:
            sb_addc(sb, '?');
            n = 1;
            break;
        case '&':
            sb_add(sb, "&amp;");
            break;
        case '<':
            sb_add(sb, "&lt;");
            break;
        case '>':
            sb_add(sb, "&gt;");
            break;
        case '\'':
            sb_add(sb, "&apos;");
            break;
        case '"':
            sb_add(sb, "&quot;");
            break;
        case '\t':
        case '\n':
        case '\r':
            sb_addf(sb, "&#%d;", *p);
            break;
        default:
            sb_addn(sb, (const char *)p, n);
        }
        p += n;
    }
}

void libvirt_xml_comment(struct strbuf *sb, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    bool dash = false; /* the last byte written is '-' */

    while (*p) {
        size_t n = xml_char_len(p);

        if (n == 0) {
            sb_addc(sb, '?');
            n = 1;
        } else if (*p == '\t' || *p == '\n' || *p == '\r') {
            sb_addc(sb, ' ');
        } else {
            if (*p == '-' && dash)
                sb_addc(sb, ' ');
            sb_addn(sb, (const char *)p, n);
        }
        dash = n == 1 && *p == '-';
        p += n;
    }
}

/* Past this column, comments are wrapped. */
#define LINE_WIDTH 79

/*
 * "<!-- TEXT -->" at (indent) spaces, TEXT made safe and wrapped at its
 * spaces to stay within LINE_WIDTH where it can, continuation lines
 * aligned after "<!-- ".
 */
static void comment_line(struct strbuf *sb, int indent, const char *text)
{
    struct strbuf safe = {0};
    const char *p, *end;
    size_t col = (size_t)indent + 5;

    libvirt_xml_comment(&safe, text);
    sb_addf(sb, "%*s<!--", indent, "");
    for (p = sb_str(&safe); *p; p = end) {
        size_t len;

        while (*p == ' ')
            p++;
        if (!*p)
            break;
        end = strchr(p, ' ');
        if (!end)
            end = p + strlen(p);
        len = (size_t)(end - p);
        /* the last word also needs room for " -->" */
        if (col > (size_t)indent + 5 &&
            col + 1 + len + (*end ? 0 : 4) > LINE_WIDTH) {
            sb_addf(sb, "\n%*s", indent + 4, "");
            col = (size_t)indent + 4;
        }
        sb_addc(sb, ' ');
        sb_addn(sb, p, len);
        col += 1 + len;
    }
    sb_add(sb, " -->\n");
    sb_free(&safe);
}

/* The name of the (i)th virtio disk: vda ... vdz, vdaa ... */
static void disk_name(struct strbuf *sb, size_t i)
{
    char letters[16];
    size_t n = 0;

    /* bijective base 26: a..z, then aa..zz, ... */
    for (;;) {
        letters[n++] = (char)('a' + i % 26);
        if (i < 26 || n == sizeof(letters))
            break;
        i = i / 26 - 1;
    }
    sb_add(sb, "vd");
    while (n > 0)
        sb_addc(sb, letters[--n]);
}

static void emit_header(struct strbuf *sb, const struct libvirt_config *cfg)
{
    sb_add(sb, "<!--\n  ");
    libvirt_xml_comment(sb, cfg->name);
    sb_add(sb, "_libvirt.xml: the libvirt domain of unikernel ");
    libvirt_xml_comment(sb, cfg->name);
    sb_add(sb, "\n  (see https://libvirt.org/formatdomain.html).\n");
    if (cfg->origin) {
        sb_add(sb, "  ");
        libvirt_xml_comment(sb, cfg->origin);
        sb_addc(sb, '\n');
    }
    sb_add(sb, "  Define the domain with: virsh define ");
    libvirt_xml_comment(sb, cfg->name);
    sb_add(sb, "_libvirt.xml\n  Start it with: virsh start ");
    libvirt_xml_comment(sb, cfg->name);
    sb_add(sb, "; its console: virsh console ");
    libvirt_xml_comment(sb, cfg->name);
    sb_add(sb, "\n  libvirt takes absolute paths only: when the image or "
               "the disks move, the\n  paths below must follow.\n-->\n");
}

/* The <disk> or <interface> elements, or nothing without such devices. */
static void emit_devices(struct strbuf *sb, const struct libvirt_config *cfg,
                         bool net)
{
    size_t n = 0;

    for (size_t i = 0; i < cfg->ndevices; i++)
        n += cfg->devices[i].net == net;
    if (n == 0)
        return;
    if (net)
        comment_line(sb, 4,
                     "Network interfaces, one per network device, in "
                     "declaration order: the guest binds the NICs to its "
                     "net devices in this order.");
    else
        comment_line(sb, 4,
                     "Disks, one per block device, in declaration order. "
                     "The guest finds each by its serial, the device's "
                     "name. Each source file is a placeholder: replace it "
                     "with the absolute path of the raw disk image.");
    n = 0;
    for (size_t i = 0; i < cfg->ndevices; i++) {
        const struct libvirt_device *d = &cfg->devices[i];
        char *what;

        if (d->net != net)
            continue;
        what = xasprintf("device %s (%s/%s)", d->name, d->type ? d->type : "?",
                         d->implementation ? d->implementation : "?");
        comment_line(sb, 4, what);
        free(what);
        if (net) {
            sb_add(sb, "    <interface type='bridge'>\n"
                       "      <source bridge='");
            libvirt_xml_text(sb, LIBVIRT_DEFAULT_BRIDGE);
            sb_add(sb, "'/>\n"
                       "      <model type='virtio'/>\n"
                       "    </interface>\n");
            continue;
        }
        sb_add(sb, "    <disk type='file' device='disk'>\n"
                   "      <driver name='qemu' type='raw'/>\n"
                   "      <source file='");
        libvirt_xml_text(sb, cfg->disk_dir);
        if (!*cfg->disk_dir || cfg->disk_dir[strlen(cfg->disk_dir) - 1] != '/')
            sb_addc(sb, '/');
        libvirt_xml_text(sb, d->name);
        sb_add(sb, ".img'/>\n      <target dev='");
        disk_name(sb, n++);
        sb_add(sb, "' bus='virtio'/>\n      <serial>");
        libvirt_xml_text(sb, d->name);
        sb_add(sb, "</serial>\n    </disk>\n");
    }
}

char *libvirt_text(const struct libvirt_config *cfg)
{
    struct strbuf sb = {0};
    char *text;

    emit_header(&sb, cfg);
    sb_add(&sb, "<domain type='kvm'>\n  <name>");
    libvirt_xml_text(&sb, cfg->name);
    sb_add(&sb, "</name>\n");
    text = xasprintf("RAM (default %u MiB, as mirage run gives: the image, "
                     "its heap and fiber stacks for a small unikernel; "
                     "give more to one that keeps much data).",
                     (unsigned)LIBVIRT_DEFAULT_MEMORY_MIB);
    comment_line(&sb, 2, text);
    free(text);
    sb_addf(&sb, "  <memory unit='MiB'>%u</memory>\n", cfg->memory_mib);
    comment_line(&sb, 2, "The runtime runs on one CPU.");
    sb_add(&sb, "  <vcpu>1</vcpu>\n  <os>\n");
    comment_line(&sb, 4,
                 "q35: the disks and NICs are virtio-pci devices, modern "
                 "only on PCI Express ports.");
    sb_add(&sb, "    <type arch='x86_64' machine='q35'>hvm</type>\n");
    comment_line(&sb, 4, "The image, a PVH kernel that QEMU boots directly.");
    sb_add(&sb, "    <kernel>");
    libvirt_xml_text(&sb, cfg->kernel);
    sb_add(&sb, "</kernel>\n");
    comment_line(&sb, 4,
                 "The boot arguments, split by the unikernel as a shell "
                 "would: quote an argument that holds spaces as 'a b' "
                 "(write & and < as &amp; and &lt;).");
    sb_add(&sb, "    <cmdline>");
    if (cfg->cmdline)
        libvirt_xml_text(&sb, cfg->cmdline);
    sb_add(&sb, "</cmdline>\n  </os>\n");
    comment_line(&sb, 2,
                 "The unikernel ends by resetting the machine: the domain "
                 "then stops, as after a crash.");
    sb_add(&sb, "  <on_poweroff>destroy</on_poweroff>\n"
                "  <on_reboot>destroy</on_reboot>\n"
                "  <on_crash>destroy</on_crash>\n"
                "  <devices>\n");
    comment_line(&sb, 4, "The console: the serial port.");
    sb_add(&sb, "    <serial type='pty'>\n"
                "      <target port='0'/>\n"
                "    </serial>\n"
                "    <console type='pty'>\n"
                "      <target type='serial' port='0'/>\n"
                "    </console>\n");
    emit_devices(&sb, cfg, false);
    emit_devices(&sb, cfg, true);
    comment_line(&sb, 4, "No balloon: the unikernel has no driver for it.");
    sb_add(&sb, "    <memballoon model='none'/>\n"
                "  </devices>\n"
                "</domain>\n");
    return sb_take(&sb);
}

size_t libvirt_model_devices(const struct model *model,
                             struct libvirt_device **out)
{
    size_t n = 0;

    *out = xcalloc(model->spec->ndevices + 1, sizeof(**out));
    for (size_t i = 0; i < model->spec->ndevices; i++) {
        const struct model_device *md = &model->devices[i];
        struct libvirt_device *d = &(*out)[n];

        if (!md->used || !md->impl || md->impl->host == REGISTRY_HOST_NONE)
            continue;
        d->name = md->spec->sec.name;
        d->type = md->impl->type;
        d->implementation = md->impl->name;
        d->net = md->impl->host == REGISTRY_HOST_NET;
        n++;
    }
    return n;
}

/* The file part of a "FILE:LINE" location. */
static char *location_file(const char *loc)
{
    const char *colon = strrchr(loc, ':');
    return colon ? xstrndup(loc, (size_t)(colon - loc)) : xstrdup(loc);
}

int libvirt_write_file(const struct model *model, const char *dir)
{
    const struct spec_unikernel *u = model->unikernel;
    char *path = xasprintf("%s/%s_libvirt.xml", dir, u->sec.name);
    char *abs = realpath(dir, NULL);
    char *file, *origin, *kernel, *text;
    struct libvirt_device *devices;
    struct libvirt_config cfg = {
        .name = u->sec.name,
        .memory_mib = u->memory && *u->memory
                          ? (unsigned)strtoul(u->memory, NULL, 10)
                          : LIBVIRT_DEFAULT_MEMORY_MIB,
        .cmdline = u->boot_args && *u->boot_args ? u->boot_args : NULL,
    };
    int rc;

    if (!abs || !libvirt_xml_ok(abs)) {
        fprintf(stderr, "%s: cannot write %s: %s\n", program_name, path,
                abs ? "the folder's absolute path holds a byte that XML "
                      "cannot hold (a control character, or invalid UTF-8)"
                    : strerror(errno));
        free(abs);
        free(path);
        return -1;
    }
    file = location_file(u->sec.location ? u->sec.location : "");
    origin = xasprintf("Generated by mirage " MIRAGE_VERSION
                       " from %s (%s); do not edit.",
                       path_basename(model->spec->path), file);
    kernel = xasprintf("%s%s%s.virtio", abs,
                       abs[strlen(abs) - 1] == '/' ? "" : "/", u->sec.name);
    cfg.kernel = kernel;
    cfg.disk_dir = abs;
    cfg.origin = origin;
    cfg.ndevices = libvirt_model_devices(model, &devices);
    cfg.devices = devices;
    text = libvirt_text(&cfg);
    rc = write_if_changed(path, text, strlen(text)) < 0 ? -1 : 0;
    free(text);
    free(devices);
    free(kernel);
    free(origin);
    free(file);
    free(abs);
    free(path);
    return rc;
}
