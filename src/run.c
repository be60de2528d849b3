/* SPDX-License-Identifier: ISC */
/* run.c: `mirage run`: booting an image under QEMU, or running a unix one. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "c-ctype.h"
#include "pvh_image.h"
#include "quote.h"
#include "run.h"
#include "util.h"

/* The QEMU that boots x86-64 images, unless $QEMU names another. */
#define DEFAULT_QEMU "qemu-system-x86_64"

/* What QEMU prints when KVM cannot run the guest; it then waits forever. */
#define KVM_FAILURE "KVM internal error"

/* Does (s) end with (suffix)? */
static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && streq(s + n - k, suffix);
}

enum run_kind run_image_kind(const char *image, const char **target)
{
    *target = NULL;
    if (ends_with(image, ".xen"))
        return RUN_QEMU_PVH;
    if (ends_with(image, ".virtio"))
        return RUN_QEMU_VIRTIO;
    if (ends_with(image, ".spt") || ends_with(image, ".hvt")) {
        *target = ends_with(image, ".spt") ? "spt" : "hvt";
        return RUN_TENDER;
    }
    return RUN_UNIX;
}

int run_parse_accel(const char *text, enum run_accel *out)
{
    if (streq(text, "auto"))
        *out = RUN_ACCEL_AUTO;
    else if (streq(text, "kvm"))
        *out = RUN_ACCEL_KVM;
    else if (streq(text, "tcg"))
        *out = RUN_ACCEL_TCG;
    else
        return -1;
    return 0;
}

int run_parse_machine(const char *text, enum run_machine *out)
{
    if (streq(text, "microvm"))
        *out = RUN_MACHINE_MICROVM;
    else if (streq(text, "q35"))
        *out = RUN_MACHINE_Q35;
    else if (streq(text, "pc"))
        *out = RUN_MACHINE_PC;
    else
        return -1;
    return 0;
}

const char *run_machine_name(enum run_machine machine)
{
    switch (machine) {
    case RUN_MACHINE_Q35:
        return "q35";
    case RUN_MACHINE_PC:
        return "pc";
    case RUN_MACHINE_MICROVM:
        break;
    }
    return "microvm";
}

const char *run_accel_name(enum run_accel accel, const char *kvm_device)
{
    switch (accel) {
    case RUN_ACCEL_KVM:
        return "kvm";
    case RUN_ACCEL_TCG:
        return "tcg";
    case RUN_ACCEL_AUTO:
        break;
    }
    return access(kvm_device, R_OK | W_OK) == 0 ? "kvm" : "tcg";
}

/* A growing NULL-terminated argv of copies. */
struct argv_builder {
    char **v;
    size_t n;
};

static void argv_add(struct argv_builder *b, const char *s)
{
    b->v = xrealloc(b->v, (b->n + 2) * sizeof(*b->v));
    b->v[b->n++] = xstrdup(s);
    b->v[b->n] = NULL;
}

static void argv_add_owned(struct argv_builder *b, char *s)
{
    argv_add(b, s);
    free(s);
}

/*
 * Starts QEMU's argv: (qemu), machine (machine) and the (global) option it
 * needs (or NULL), the accelerator, the memory, the fixed options (no
 * display, no reboot, no monitor, the serial port on stdio,
 * isa-debug-exit), then (extra) when not NULL, and -kernel IMAGE.
 */
static void qemu_head(struct argv_builder *b, const struct run_request *req,
                      const char *qemu, const char *machine, const char *global,
                      const char *accel, const char *const *extra)
{
    static const char *const fixed[] = {
        "-display", "none",    "-no-reboot",
        "-monitor", "none",    "-serial",
        "stdio",    "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
    };

    argv_add(b, qemu);
    argv_add(b, "-M");
    argv_add(b, machine);
    if (global) {
        argv_add(b, "-global");
        argv_add(b, global);
    }
    argv_add(b, "-accel");
    argv_add(b, accel);
    /* Under TCG, -cpu max: every feature QEMU emulates, RDRAND among
     * them; under KVM QEMU's default CPU, which every KVM runs (-cpu host
     * can fail, as on kvm_pvm), and a QEMU-OPTION `-cpu host` gives the
     * host's */
    if (strcmp(accel, "tcg") == 0) {
        argv_add(b, "-cpu");
        argv_add(b, "max");
    }
    argv_add(b, "-m");
    argv_add_owned(b, xasprintf("%u", req->mem_mib));
    for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
        argv_add(b, fixed[i]);
    for (size_t i = 0; extra && extra[i]; i++)
        argv_add(b, extra[i]);
    argv_add(b, "-kernel");
    argv_add(b, req->image);
}

/* Ends QEMU's argv: -append and the arguments, quoted for the guest. */
static char **qemu_tail(struct argv_builder *b, const struct run_request *req)
{
    argv_add(b, "-append");
    argv_add_owned(b, quote_cmdline(req->args, req->nargs));
    return b->v;
}

char **run_qemu_argv(const struct run_request *req, const char *qemu,
                     const char *accel)
{
    struct argv_builder b = {0};

    /* microvm: no PCI or firmware to set up, the fastest boot (the image
     * needs only the serial port, the RTC and isa-debug-exit) */
    qemu_head(&b, req, qemu, "microvm", NULL, accel, NULL);
    for (size_t i = 0; i < req->nqemu_opts; i++)
        argv_add(&b, req->qemu_opts[i]);
    return qemu_tail(&b, req);
}

/* The device options of a NAME.virtio image, and what each one's value is. */
enum virtio_opt { VIRTIO_BLOCK, VIRTIO_NET, VIRTIO_NET_MAC, VIRTIO_NOPT };
static const char *const virtio_prefix[VIRTIO_NOPT] = {
    "--block:", "--net:", "--net-mac:"};
static const char *const virtio_value[VIRTIO_NOPT] = {"FILE", "TAP", "MAC"};

/* Is (s), (len) bytes, a device name: [a-z0-9_]+? */
static bool virtio_name_ok(const char *s, size_t len)
{
    if (len == 0)
        return false;
    for (size_t i = 0; i < len; i++)
        if (!c_islower(s[i]) && !c_isdigit(s[i]) && s[i] != '_')
            return false;
    return true;
}

/* The value of hex digit (c), or -1. */
static int hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Is (s) a station's MAC address: xx:xx:xx:xx:xx:xx, not multicast? */
static bool virtio_mac_ok(const char *s)
{
    /* each check stops at the NUL: nothing past it is read */
    for (size_t i = 0; i < 6; i++) {
        if (hex_digit(s[3 * i]) < 0 || hex_digit(s[3 * i + 1]) < 0 ||
            s[3 * i + 2] != (i == 5 ? '\0' : ':'))
            return false;
    }
    /* the least significant bit of the first byte: a group address */
    return (hex_digit(s[1]) & 1) == 0;
}

/* A --net-mac word while the words are read. */
struct virtio_mac {
    const char *word, *name, *mac;
    size_t len;
};

/*
 * Checks word (word) (a --KIND:NAME=VALUE of kind (kind)); sets (*name),
 * (*len) and (*value). Returns NULL, or a malloc'd message.
 */
static char *virtio_word(const char *word, enum virtio_opt kind,
                         const char **name, size_t *len, const char **value)
{
    const char *what = virtio_value[kind], *eq;

    *name = word + strlen(virtio_prefix[kind]);
    eq = strchr(*name, '=');
    if (!eq)
        return xasprintf("'%s': give %sNAME=%s", word, virtio_prefix[kind],
                         what);
    *len = (size_t)(eq - *name);
    *value = eq + 1;
    if (!virtio_name_ok(*name, *len))
        return xasprintf("'%s': bad device name '%.*s': use lowercase "
                         "letters, digits and '_'",
                         word, (int)*len, *name);
    if (kind == VIRTIO_BLOCK && *len > RUN_VIRTIO_SERIAL_MAX)
        return xasprintf(
            "'%s': the guest finds disk '%.*s' by its name, as its "
            "virtio-blk serial, which holds at most %d bytes",
            word, (int)*len, *name, RUN_VIRTIO_SERIAL_MAX);
    if (!**value)
        return xasprintf("'%s': the %s is empty", word, what);
    if (kind == VIRTIO_NET_MAC && !virtio_mac_ok(*value))
        return xasprintf("'%s': bad MAC address '%s': give "
                         "xx:xx:xx:xx:xx:xx, the first byte even (not "
                         "multicast)",
                         word, *value);
    if (strchr(*value, ','))
        return xasprintf("'%s': the %s holds a comma, which QEMU's option "
                         "syntax does not allow here",
                         word, what);
    return NULL;
}

/* The device called (name) ((len) bytes) in (setup), or NULL. */
static struct run_virtio_device *
virtio_find(const struct run_virtio_setup *setup, const char *name, size_t len)
{
    for (size_t i = 0; i < setup->ndevices; i++) {
        struct run_virtio_device *d = &setup->devices[i];
        if (strlen(d->name) == len && memcmp(d->name, name, len) == 0)
            return d;
    }
    return NULL;
}

/* Gives the --net-mac words (macs) to their NICs; NULL or a message. */
static char *virtio_macs(struct run_virtio_setup *setup,
                         const struct virtio_mac *macs, size_t nmacs)
{
    for (size_t i = 0; i < nmacs; i++) {
        const struct virtio_mac *m = &macs[i];
        struct run_virtio_device *d = virtio_find(setup, m->name, m->len);

        for (size_t j = 0; j < i; j++)
            if (macs[j].len == m->len &&
                memcmp(macs[j].name, m->name, m->len) == 0)
                return xasprintf("'%s': the MAC of '%.*s' is already given "
                                 "by '%s'",
                                 m->word, (int)m->len, m->name, macs[j].word);
        if (!d)
            return xasprintf("'%s': no --net:%.*s=TAP attaches a NIC '%.*s'",
                             m->word, (int)m->len, m->name, (int)m->len,
                             m->name);
        if (!d->net)
            return xasprintf("'%s': '%s' is a disk (--block:%s), not a NIC",
                             m->word, d->name, d->name);
        d->mac = m->mac;
    }
    return NULL;
}

int run_virtio_parse(char *const *opts, size_t n, struct run_virtio_setup *out,
                     char **error)
{
    struct virtio_mac *macs = xcalloc(n + 1, sizeof(*macs));
    size_t nmacs = 0;

    memset(out, 0, sizeof(*out));
    *error = NULL;
    out->devices = xcalloc(n + 1, sizeof(*out->devices));
    out->qemu_opts = xcalloc(n + 1, sizeof(*out->qemu_opts));
    for (size_t i = 0; i < n && !*error; i++) {
        const char *word = opts[i], *name = NULL, *value = NULL;
        struct run_virtio_device *d;
        enum virtio_opt kind = VIRTIO_NOPT;
        size_t len = 0;

        for (size_t k = 0; k < VIRTIO_NOPT; k++)
            if (strncmp(word, virtio_prefix[k], strlen(virtio_prefix[k])) == 0)
                kind = (enum virtio_opt)k;
        if (kind == VIRTIO_NOPT) {
            out->qemu_opts[out->nqemu_opts++] = word;
            continue;
        }
        *error = virtio_word(word, kind, &name, &len, &value);
        if (*error)
            break;
        if (kind == VIRTIO_NET_MAC) {
            macs[nmacs++] = (struct virtio_mac){word, name, value, len};
            continue;
        }
        d = virtio_find(out, name, len);
        if (d) {
            *error =
                xasprintf("'%s': device '%s' is already attached by "
                          "%s%s=%s",
                          word, d->name,
                          virtio_prefix[d->net ? VIRTIO_NET : VIRTIO_BLOCK],
                          d->name, d->backend);
            break;
        }
        d = &out->devices[out->ndevices++];
        d->net = kind == VIRTIO_NET;
        d->name = xstrndup(name, len);
        d->backend = value;
    }
    if (!*error)
        *error = virtio_macs(out, macs, nmacs);
    free(macs);
    if (*error) {
        run_virtio_free(out);
        return -1;
    }
    return 0;
}

void run_virtio_free(struct run_virtio_setup *setup)
{
    for (size_t i = 0; i < setup->ndevices; i++)
        free(setup->devices[i].name);
    free(setup->devices);
    free(setup->qemu_opts);
    memset(setup, 0, sizeof(*setup));
}

char **run_virtio_argv(const struct run_request *req,
                       const struct run_virtio_setup *setup, const char *qemu,
                       const char *accel)
{
    /* no default NIC (e1000 on q35 and pc), nor its user network backend:
     * the guest's NICs are those of --net */
    static const char *const no_nic[] = {"-nic", "none", NULL};
    bool mmio = req->machine == RUN_MACHINE_MICROVM;
    /* microvm's virtio-mmio transports default to the legacy version 1
     * interface; the guest speaks version 2. On PCI, modern devices only.
     * microvm tells the guest where its transports are by adding
     * virtio_mmio.device= words to the command line only without ACPI
     * (with it, in the DSDT, which the guest does not read): acpi=off */
    const char *suffix = mmio ? "device" : "pci";
    const char *modern = mmio ? "" : ",disable-legacy=on";
    struct argv_builder b = {0};

    qemu_head(&b, req, qemu,
              mmio ? "microvm,acpi=off" : run_machine_name(req->machine),
              mmio ? "virtio-mmio.force-legacy=false" : NULL, accel, no_nic);
    /* in the order given: the guest binds its NICs in discovery order,
     * which follows QEMU's command line on every machine */
    for (size_t i = 0; i < setup->ndevices; i++) {
        const struct run_virtio_device *d = &setup->devices[i];

        if (d->net) {
            argv_add(&b, "-netdev");
            argv_add_owned(&b, xasprintf("tap,id=net%s,ifname=%s,script=no,"
                                         "downscript=no",
                                         d->name, d->backend));
            argv_add(&b, "-device");
            argv_add_owned(&b,
                           xasprintf("virtio-net-%s,netdev=net%s%s%s%s", suffix,
                                     d->name, modern, d->mac ? ",mac=" : "",
                                     d->mac ? d->mac : ""));
        } else {
            argv_add(&b, "-drive");
            argv_add_owned(&b, xasprintf("id=blk%s,file=%s,format=raw,"
                                         "if=none",
                                         d->name, d->backend));
            argv_add(&b, "-device");
            argv_add_owned(&b,
                           xasprintf("virtio-blk-%s,drive=blk%s,serial=%s%s",
                                     suffix, d->name, d->name, modern));
        }
    }
    for (size_t i = 0; i < setup->nqemu_opts; i++)
        argv_add(&b, setup->qemu_opts[i]);
    return qemu_tail(&b, req);
}

char *run_tender_program(const char *target, const char *self_exe)
{
    const char *env =
        getenv(streq(target, "spt") ? "MIRAGE_SPT" : "MIRAGE_HVT");
    const char *slash = self_exe ? strrchr(self_exe, '/') : NULL;

    if (env && *env)
        return xstrdup(env);
    if (slash) {
        int dir = (int)(slash - self_exe);
        char *beside = xasprintf("%.*s/mirage-%s", dir, self_exe, target);
        char *built;

        if (access(beside, X_OK) == 0)
            return beside;
        free(beside);
        built = xasprintf("%.*s/../tenders/%s/mirage-%s", dir, self_exe, target,
                          target);
        if (access(built, X_OK) == 0)
            return built;
        free(built);
    }
    return xasprintf("mirage-%s", target);
}

char **run_tender_argv(const struct run_request *req, const char *program)
{
    struct argv_builder b = {0};
    char *text;

    argv_add(&b, program);
    text = xasprintf("--mem=%u", req->mem_mib);
    argv_add(&b, text);
    free(text);
    for (size_t i = 0; i < req->nqemu_opts; i++)
        argv_add(&b, req->qemu_opts[i]);
    argv_add(&b, "--");
    argv_add(&b, req->image);
    for (size_t i = 0; i < req->nargs; i++)
        argv_add(&b, req->args[i]);
    return b.v;
}

char **run_unix_argv(const struct run_request *req)
{
    struct argv_builder b = {0};

    /* execv takes a bare name from the working directory, as ./NAME */
    if (strchr(req->image, '/')) {
        argv_add(&b, req->image);
    } else {
        char *path = xasprintf("./%s", req->image);
        argv_add(&b, path);
        free(path);
    }
    for (size_t i = 0; i < req->nargs; i++)
        argv_add(&b, req->args[i]);
    return b.v;
}

void run_free_argv(char **argv)
{
    if (!argv)
        return;
    for (size_t i = 0; argv[i]; i++)
        free(argv[i]);
    free(argv);
}

int run_status_from_qemu(int code)
{
    if (code < 0 || code > 255 || code % 2 == 0)
        return -1;
    return code == 255 ? 255 : (code - 1) / 2;
}

/* Prints (argv) quoted for sh, on one line of standard output. */
static int print_command(char *const *argv, const char *who)
{
    struct strbuf sb = {0};

    for (size_t i = 0; argv[i]; i++) {
        if (i > 0)
            sb_addc(&sb, ' ');
        quote_shell_word(&sb, argv[i]);
    }
    sb_addc(&sb, '\n');
    fputs(sb_str(&sb), stdout);
    sb_free(&sb);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "%s: write error on standard output\n", who);
        return 1;
    }
    return 0;
}

/* What became of a child. */
struct child_end {
    int exec_errno;  /* set when the program could not be started */
    int code;        /* its exit code, or -1 */
    int signal;      /* the signal that killed it, or 0 */
    bool kvm_failed; /* QEMU said KVM could not run the guest */
    bool said_error; /* it wrote something else than warnings on stderr */
    bool open_line;  /* its stderr so far does not end with a newline */
};

/*
 * Looks at what a child wrote on stderr, (len) bytes at (buf); (line)
 * keeps the start of a line split across reads.
 */
static void scan_stderr(const char *buf, size_t len, struct strbuf *line,
                        struct child_end *end)
{
    for (size_t i = 0; i < len; i++) {
        if (buf[i] != '\n') {
            if (line->len < 4096)
                sb_addc(line, buf[i]);
            continue;
        }
        if (strstr(sb_str(line), KVM_FAILURE))
            end->kvm_failed = true;
        else if (line->len > 0 && !strstr(sb_str(line), "warning"))
            end->said_error = true;
        free(sb_take(line));
    }
    if (strstr(sb_str(line), KVM_FAILURE))
        end->kvm_failed = true;
}

/*
 * Runs (argv) in a child (through PATH when (search)) with the same
 * standard input and output, and waits for it. With (relay), its standard
 * error comes through a pipe and is copied to ours, watching for KVM's
 * failure: QEMU then waits forever, so the child is killed. SIGINT and
 * SIGQUIT are ignored meanwhile, as system(3) does: they go to the child.
 */
static void run_child(char *const *argv, bool search, bool relay,
                      struct child_end *end)
{
    struct sigaction ignore = {.sa_handler = SIG_IGN}, old_int, old_quit;
    int report[2], errpipe[2] = {-1, -1}, status;
    struct strbuf line = {0};
    pid_t pid;
    ssize_t n;

    memset(end, 0, sizeof(*end));
    end->code = -1;
    if (pipe2(report, O_CLOEXEC) < 0) {
        end->exec_errno = errno;
        return;
    }
    if (relay && pipe(errpipe) < 0) {
        end->exec_errno = errno;
        close(report[0]);
        close(report[1]);
        return;
    }
    fflush(NULL);
    sigemptyset(&ignore.sa_mask);
    sigaction(SIGINT, &ignore, &old_int);
    sigaction(SIGQUIT, &ignore, &old_quit);
    pid = fork();
    if (pid == 0) {
        int err;

        sigaction(SIGINT, &old_int, NULL);
        sigaction(SIGQUIT, &old_quit, NULL);
        if (relay) {
            dup2(errpipe[1], 2);
            close(errpipe[0]);
            close(errpipe[1]);
        }
        if (search)
            execvp(argv[0], argv);
        else
            execv(argv[0], argv);
        err = errno;
        if (write(report[1], &err, sizeof(err)) < 0)
            _exit(127);
        _exit(127);
    }
    close(report[1]);
    if (relay)
        close(errpipe[1]);
    if (pid < 0) {
        end->exec_errno = errno;
        close(report[0]);
        if (relay)
            close(errpipe[0]);
        goto restore;
    }
    /* the report pipe closes at exec, or carries exec's errno */
    do
        n = read(report[0], &end->exec_errno, sizeof(end->exec_errno));
    while (n < 0 && errno == EINTR);
    if (n != (ssize_t)sizeof(end->exec_errno))
        end->exec_errno = 0;
    close(report[0]);
    if (relay) {
        char buf[4096];

        for (;;) {
            n = read(errpipe[0], buf, sizeof(buf));
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0)
                break;
            if (write(2, buf, (size_t)n) < 0) {
                /* our stderr is gone: keep draining */
            }
            end->open_line = buf[n - 1] != '\n';
            if (!end->kvm_failed) {
                scan_stderr(buf, (size_t)n, &line, end);
                if (end->kvm_failed)
                    kill(pid, SIGKILL);
            }
        }
        close(errpipe[0]);
        sb_free(&line);
    }
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            end->exec_errno = errno;
            goto restore;
        }
    }
    if (WIFEXITED(status))
        end->code = WEXITSTATUS(status);
    else if (WIFSIGNALED(status))
        end->signal = WTERMSIG(status);

restore:
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGQUIT, &old_quit, NULL);
}

static int run_unix(const struct run_request *req, const char *who)
{
    char **argv = run_unix_argv(req);
    struct child_end end;

    if (req->dry_run) {
        int rc = print_command(argv, who);
        run_free_argv(argv);
        return rc;
    }
    run_child(argv, false, false, &end);
    run_free_argv(argv);
    if (end.exec_errno) {
        fprintf(stderr, "%s: cannot run '%s': %s\n", who, req->image,
                strerror(end.exec_errno));
        return RUN_EXIT_FAILED;
    }
    if (end.signal)
        return 128 + end.signal;
    return end.code;
}

/* The tender's status is the unikernel's (doc/tenders.md). */
static int run_tender(const struct run_request *req, const char *target,
                      const char *who)
{
    char self[4096];
    ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
    char *program;
    char **argv;
    struct child_end end;

    if (n > 0)
        self[n] = '\0';
    program = run_tender_program(target, n > 0 ? self : NULL);
    argv = run_tender_argv(req, program);
    if (req->dry_run) {
        int rc = print_command(argv, who);
        run_free_argv(argv);
        free(program);
        return rc;
    }
    run_child(argv, strchr(program, '/') == NULL, false, &end);
    run_free_argv(argv);
    if (end.exec_errno) {
        fprintf(stderr,
                "%s: cannot run the %s tender %s: %s (build or install "
                "mirage-%s, or name it in $MIRAGE_%s)\n",
                who, target, program, strerror(end.exec_errno), target,
                streq(target, "spt") ? "SPT" : "HVT");
        free(program);
        return RUN_EXIT_FAILED;
    }
    free(program);
    if (end.signal)
        return 128 + end.signal;
    return end.code;
}

/* Boots NAME.xen, or NAME.virtio when (virtio), under QEMU. */
static int run_qemu(const struct run_request *req, bool virtio, const char *who)
{
    const char *qemu = getenv("QEMU");
    const char *accel = run_accel_name(req->accel, "/dev/kvm");
    struct child_end end;
    char **argv;
    int status;

    if (!qemu || !*qemu)
        qemu = DEFAULT_QEMU;
    if (!req->dry_run) {
        /* what the tenders check, before QEMU would hang on garbage */
        struct pvh_image img;
        char err[512];

        if (pvh_image_check_file(req->image, virtio ? "virtio" : "xen", &img,
                                 err, sizeof err) != 0) {
            fprintf(stderr, "%s: %s\n", who, err);
            return RUN_EXIT_FAILED;
        }
        if (req->mem_mib < img.need_mib) {
            fprintf(stderr,
                    "%s: --mem=%u is too small for %s: it needs at least "
                    "%llu MiB\n",
                    who, req->mem_mib, req->image,
                    (unsigned long long)img.need_mib);
            return RUN_EXIT_FAILED;
        }
    }
    if (virtio) {
        struct run_virtio_setup setup;
        char *error;

        if (run_virtio_parse(req->qemu_opts, req->nqemu_opts, &setup, &error) <
            0) {
            fprintf(stderr, "%s: %s\n", who, error);
            free(error);
            return 2;
        }
        argv = run_virtio_argv(req, &setup, qemu, accel);
        run_virtio_free(&setup);
    } else {
        argv = run_qemu_argv(req, qemu, accel);
    }
    if (req->dry_run) {
        int rc = print_command(argv, who);
        run_free_argv(argv);
        return rc;
    }
    run_child(argv, true, true, &end);
    run_free_argv(argv);
    if (end.open_line)
        fputc('\n', stderr);
    if (end.exec_errno) {
        fprintf(stderr,
                "%s: cannot run %s: %s (install QEMU, or name it in "
                "$QEMU)\n",
                who, qemu, strerror(end.exec_errno));
        return RUN_EXIT_FAILED;
    }
    if (end.kvm_failed) {
        fprintf(stderr,
                "%s: KVM could not run %s (see QEMU's message above); try "
                "--accel=tcg\n",
                who, req->image);
        return RUN_EXIT_FAILED;
    }
    if (end.signal) {
        fprintf(stderr, "%s: %s was killed by signal %d (%s)\n", who, qemu,
                end.signal, strsignal(end.signal));
        return 128 + end.signal;
    }
    /* QEMU's own errors exit with 1 too, which would read as status 0 */
    if (end.code == 1 && end.said_error) {
        fprintf(stderr,
                "%s: %s failed (exit code 1, see its message above); %s "
                "did not run\n",
                who, qemu, req->image);
        return RUN_EXIT_FAILED;
    }
    status = run_status_from_qemu(end.code);
    if (status < 0) {
        fprintf(stderr,
                "%s: %s did not exit through isa-debug-exit (QEMU exit code "
                "%d): triple fault or QEMU error\n",
                who, req->image, end.code);
        return RUN_EXIT_FAILED;
    }
    return status;
}

int run_image(const struct run_request *req, const char *who)
{
    const char *target;
    enum run_kind kind = run_image_kind(req->image, &target);
    struct stat st;

    if (stat(req->image, &st) < 0) {
        fprintf(stderr, "%s: %s: %s\n", who, req->image, strerror(errno));
        return 2;
    }
    if (S_ISDIR(st.st_mode)) {
        fprintf(stderr, "%s: %s: is a directory, not an image\n", who,
                req->image);
        return 2;
    }
    switch (kind) {
    case RUN_QEMU_PVH:
    case RUN_QEMU_VIRTIO:
        return run_qemu(req, kind == RUN_QEMU_VIRTIO, who);
    case RUN_TENDER:
        return run_tender(req, target, who);
    case RUN_UNIX:
        break;
    }
    return run_unix(req, who);
}
