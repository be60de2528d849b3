/* SPDX-License-Identifier: ISC */
/* run.c: `mirage run`: booting an image under QEMU, or running a unix one. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

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
    static const char *const later[] = {"virtio"};

    *target = NULL;
    if (ends_with(image, ".xen"))
        return RUN_QEMU_PVH;
    if (ends_with(image, ".spt") || ends_with(image, ".hvt")) {
        *target = ends_with(image, ".spt") ? "spt" : "hvt";
        return RUN_TENDER;
    }
    for (size_t i = 0; i < sizeof(later) / sizeof(later[0]); i++) {
        char *suffix = xasprintf(".%s", later[i]);
        bool match = ends_with(image, suffix);
        free(suffix);
        if (match) {
            *target = later[i];
            return RUN_UNSUPPORTED;
        }
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

char **run_qemu_argv(const struct run_request *req, const char *qemu,
                     const char *accel)
{
    static const char *const fixed[] = {
        "-display", "none",    "-no-reboot",
        "-monitor", "none",    "-serial",
        "stdio",    "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
    };
    struct argv_builder b = {0};
    char *text;

    argv_add(&b, qemu);
    /* microvm: no PCI or firmware to set up, the fastest boot (the image
     * needs only the serial port, the RTC and isa-debug-exit). Under TCG,
     * -cpu max: every feature QEMU emulates, RDRAND among them; under KVM
     * QEMU's default CPU, which every KVM runs (-cpu host can fail, as on
     * kvm_pvm), and a QEMU-OPTION `-cpu host` gives the host's */
    argv_add(&b, "-M");
    argv_add(&b, "microvm");
    argv_add(&b, "-accel");
    argv_add(&b, accel);
    if (strcmp(accel, "tcg") == 0) {
        argv_add(&b, "-cpu");
        argv_add(&b, "max");
    }
    argv_add(&b, "-m");
    text = xasprintf("%u", req->mem_mib);
    argv_add(&b, text);
    free(text);
    for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
        argv_add(&b, fixed[i]);
    argv_add(&b, "-kernel");
    argv_add(&b, req->image);
    for (size_t i = 0; i < req->nqemu_opts; i++)
        argv_add(&b, req->qemu_opts[i]);
    argv_add(&b, "-append");
    text = quote_cmdline(req->args, req->nargs);
    argv_add(&b, text);
    free(text);
    return b.v;
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

static int run_qemu(const struct run_request *req, const char *who)
{
    const char *qemu = getenv("QEMU");
    const char *accel = run_accel_name(req->accel, "/dev/kvm");
    struct child_end end;
    char **argv;
    int status;

    if (!qemu || !*qemu)
        qemu = DEFAULT_QEMU;
    argv = run_qemu_argv(req, qemu, accel);
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
    case RUN_UNSUPPORTED:
        fprintf(stderr,
                "%s: %s: running %s images is not supported yet; run it "
                "with its tender or hypervisor\n",
                who, req->image, target);
        return 2;
    case RUN_QEMU_PVH:
        return run_qemu(req, who);
    case RUN_TENDER:
        return run_tender(req, target, who);
    case RUN_UNIX:
        break;
    }
    return run_unix(req, who);
}
