/*
 * abaco-warm-runner: the entrypoint of a warm worker's container (see README.md and docs/warm-execution.md).
 *
 * It listens on a unix stream socket (argv[1]) and runs one execution per connection, one at a time: the worker
 * sends the execution (command, environment, log file, paths of its results socket and FIFO), the runner forks,
 * the child execs the image's command in a new process group with stdout+stderr appended to the log file, and
 * the runner answers "started <pid>", then "exit <code> <cpu_ns> <io_bytes> <steps>" once the process ends, or
 * "error <reason>" when it could not be started. A "stop" frame sends SIGTERM to the process group and SIGKILL
 * after the grace period; a closed connection kills the group at once. As PID 1 it also reaps orphans.
 *
 * Frames, both ways: a 4-byte little-endian length, then the payload. A request's payload is a kind byte
 * ('R' run, 'S' stop) then, for 'R', NUL-terminated items "<tag><value>": a = argv element, e = "NAME=value",
 * l = log file, r = results socket, b = binary FIFO, g = grace seconds. Answers are text. <steps> are five
 * CLOCK_MONOTONIC times in ns (the host's clock: containers share it), so the worker can split its wait: request
 * read, about to fork, exec seen, process reaped, answer about to be written.
 *
 * Static, no assumptions about the image's libc: gcc -static -O2.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "frames.h"

#define RESULTS_LINK "/_abaco_results.sock"
#define BINARY_LINK "/_abaco_binary_data"

extern char **environ;

static int signal_pipe[2];
static int null_fd = -1;
static volatile pid_t current_group;

/* Sized to the request: a fixed table of the largest size cost a megabyte of fresh pages (and their faults) per
   execution, more than the rest of the runner's work before the fork. */
struct request {
    char **argv;
    int argc;
    char **env;
    int envc;
    const char *log;
    const char *results;
    const char *binary;
    int grace;
};

static void on_signal(int sig)
{
    int saved = errno;
    if (sig == SIGTERM || sig == SIGINT) {
        /* The container is being stopped: take the execution with us. */
        if (current_group > 0) kill(-current_group, SIGKILL);
        _exit(0);
    }
    char c = (char)sig;
    if (write(signal_pipe[1], &c, 1) < 0) { /* the pipe is full: a wake-up is pending anyway */ }
    errno = saved;
}

static int parse_request(char *payload, uint32_t length, struct request *req)
{
    memset(req, 0, sizeof *req);
    req->grace = 2;
    if (length < 1 || payload[0] != 'R') return -1;
    char *p = payload + 1, *end = payload + length;
    size_t items = 0;
    for (char *q = p; q < end; q += strnlen(q, (size_t)(end - q)) + 1) items++;
    req->argv = calloc(items + 1, sizeof *req->argv);
    req->env = calloc(items + 1, sizeof *req->env);
    if (!req->argv || !req->env) return -1;
    while (p < end) {
        char *item = p;
        size_t n = strnlen(item, (size_t)(end - item));
        p += n + 1;
        if (n == 0) continue;
        char *value = item + 1;
        switch (item[0]) {
        case 'a': req->argv[req->argc++] = value; break;
        case 'e': req->env[req->envc++] = value; break;
        case 'l': req->log = value; break;
        case 'r': req->results = value; break;
        case 'b': req->binary = value; break;
        case 'g': req->grace = atoi(value); break;
        default: break;
        }
    }
    return req->argc > 0 && req->log ? 0 : -1;
}

/* Points a fixed contract path at this execution's file; best effort (the image's root may not be writable). */
static void link_contract_path(const char *link, const char *target)
{
    char temporary[256];
    if (!target) {
        unlink(link);
        return;
    }
    snprintf(temporary, sizeof temporary, "%s.%d", link, (int)getpid());
    unlink(temporary);
    if (symlink(target, temporary) == 0 && rename(temporary, link) != 0) unlink(temporary);
}

/* The runner's own environment (the image's ENV) with the execution's variables laid over it. */
static char **execution_environment(struct request *req)
{
    size_t own = 0;
    while (environ[own]) own++;
    char **env = calloc(own + (size_t)req->envc + 1, sizeof *env);
    if (!env) return NULL;
    size_t n = 0;
    for (size_t i = 0; i < own; i++) {
        size_t name = strcspn(environ[i], "=");
        int overridden = 0;
        for (int j = 0; j < req->envc && !overridden; j++)
            overridden = strncmp(req->env[j], environ[i], name + 1) == 0;
        if (!overridden) env[n++] = environ[i];
    }
    for (int j = 0; j < req->envc; j++) env[n++] = req->env[j];
    env[n] = NULL;
    return env;
}

static const char *lookup(char **env, const char *name)
{
    size_t len = strlen(name);
    for (; *env; env++)
        if (strncmp(*env, name, len) == 0 && (*env)[len] == '=') return *env + len + 1;
    return NULL;
}

/* execvpe without relying on the image's libc: a name without '/' is searched in the execution's PATH. */
static void exec_command(char **argv, char **env)
{
    if (strchr(argv[0], '/')) {
        execve(argv[0], argv, env);
        return;
    }
    const char *path = lookup(env, "PATH");
    if (!path) path = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    int first_error = ENOENT;
    char candidate[4096];
    while (*path) {
        size_t dir = strcspn(path, ":");
        snprintf(candidate, sizeof candidate, "%.*s/%s", (int)dir, dir ? path : ".", argv[0]);
        execve(candidate, argv, env);
        if (errno != ENOENT && first_error == ENOENT) first_error = errno;
        path += dir;
        if (*path == ':') path++;
    }
    errno = first_error;
}

/* In the child: a new process group, the log as stdout/stderr, default signals, then the image's command. Everything
   it needs was made before the fork, so the child touches (and copies) as little of the runner's memory as it can. */
static void run_child(struct request *req, char **env, int log_fd, int error_pipe)
{
    setsid();
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    /* The runner's handlers end at exec anyway; the ignored SIGPIPE would not. Docker starts PID 1 with defaults. */
    signal(SIGPIPE, SIG_DFL);
    signal(SIGCHLD, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    signal(SIGINT, SIG_DFL);
    if (null_fd >= 0) dup2(null_fd, 0);
    dup2(log_fd, 1);
    dup2(log_fd, 2);
    if (env) exec_command(req->argv, env);
    int failure = errno;
    if (write(error_pipe, &failure, sizeof failure) < 0) { /* the runner then sees exit 127 */ }
    _exit(127);
}

static long long now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

static long long now_ms(void) { return now_ns() / 1000000; }

/* read_bytes + write_bytes of /proc/<pid>/io: the block I/O of the process and its reaped children. */
static long long io_bytes(pid_t pid)
{
    char path[64], text[1024];
    snprintf(path, sizeof path, "/proc/%d/io", (int)pid);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return 0;
    ssize_t n = read(fd, text, sizeof text - 1);
    close(fd);
    if (n <= 0) return 0;
    text[n] = 0;
    long long total = 0;
    for (char *line = text; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
        long long value;
        if (sscanf(line, "read_bytes: %lld", &value) == 1 || sscanf(line, "write_bytes: %lld", &value) == 1)
            total += value;
    }
    return total;
}

static long long cpu_ns(const struct rusage *ru)
{
    return ((long long)ru->ru_utime.tv_sec + ru->ru_stime.tv_sec) * 1000000000LL +
           ((long long)ru->ru_utime.tv_usec + ru->ru_stime.tv_usec) * 1000LL;
}

static int exit_code(int status)
{
    return WIFEXITED(status) ? WEXITSTATUS(status) : WIFSIGNALED(status) ? 128 + WTERMSIG(status) : 255;
}

/* Reaps everything that ended; true (with status, usage, io) when the execution's process is among them. */
static int reap(pid_t child, int *status, struct rusage *ru, long long *io)
{
    int found = 0;
    siginfo_t info;
    memset(&info, 0, sizeof info);
    /* The execution's process first, without reaping it, so its /proc/<pid>/io can still be read. */
    if (child > 0 && waitid(P_PID, (id_t)child, &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info.si_pid == child) {
        *io = io_bytes(child);
        if (wait4(child, status, 0, ru) == child) found = 1;
    }
    for (;;) {
        int other_status;
        struct rusage other_ru;
        pid_t pid = wait4(-1, &other_status, WNOHANG, &other_ru);
        if (pid <= 0) break;
        if (pid == child && !found) {
            *status = other_status;
            *ru = other_ru;
            found = 1;
        }
    }
    return found;
}

static void drain_signals(void)
{
    char buf[64];
    while (read(signal_pipe[0], buf, sizeof buf) > 0) { }
}

/* Runs one execution for one connection, answering on it; returns when the process has ended. */
static void serve(int conn)
{
    uint32_t length;
    char *payload = read_frame(conn, &length);
    long long read_at = now_ns(), fork_at = 0, exec_at = 0, reaped_at = 0;
    struct request *req = payload ? calloc(1, sizeof *req) : NULL;
    char **env = NULL;
    int log_fd = -1, error_pipe[2] = { -1, -1 };
    if (!payload) return;
    if (!req || parse_request(payload, length, req) != 0) {
        answer(conn, "error the request could not be read");
        goto done;
    }
    link_contract_path(RESULTS_LINK, req->results);
    link_contract_path(BINARY_LINK, req->binary);
    log_fd = open(req->log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (log_fd < 0) {
        answer(conn, "error cannot open the log file %s: %s", req->log, strerror(errno));
        goto done;
    }
    if (pipe2(error_pipe, O_CLOEXEC) != 0) {
        answer(conn, "error pipe: %s", strerror(errno));
        goto done;
    }
    env = execution_environment(req);
    fork_at = now_ns();
    pid_t child = fork();
    if (child == 0) run_child(req, env, log_fd, error_pipe[1]);
    close(error_pipe[1]);
    if (child < 0) {
        answer(conn, "error fork: %s", strerror(errno));
        goto done;
    }
    current_group = child;
    /* exec succeeded when the close-on-exec pipe reaches EOF without an errno. */
    int failure = 0;
    ssize_t got;
    do got = read(error_pipe[0], &failure, sizeof failure); while (got < 0 && errno == EINTR);
    int status = 0;
    struct rusage ru;
    long long io = 0;
    memset(&ru, 0, sizeof ru);
    if (got == (ssize_t)sizeof failure) {
        while (!reap(child, &status, &ru, &io)) {
            struct pollfd wait_signal = { signal_pipe[0], POLLIN, 0 };
            poll(&wait_signal, 1, 100);
            drain_signals();
        }
        current_group = 0;
        answer(conn, "error cannot execute %s: %s", req->argv[0], strerror(failure));
        goto done;
    }
    exec_at = now_ns();
    answer(conn, "started %d", (int)child);
    long long kill_at = -1;
    int connected = 1;
    while (!reap(child, &status, &ru, &io)) {
        struct pollfd fds[2] = { { signal_pipe[0], POLLIN, 0 }, { conn, POLLIN, 0 } };
        int timeout = kill_at < 0 ? -1 : (int)(kill_at - now_ms() > 0 ? kill_at - now_ms() : 0);
        poll(fds, connected ? 2 : 1, timeout);
        if (fds[0].revents) drain_signals();
        if (connected && fds[1].revents) {
            uint32_t n;
            char *frame = read_frame(conn, &n);
            if (frame && frame[0] == 'S') {
                /* Halt or max_run_time: SIGTERM now, SIGKILL after the grace period. */
                kill(-child, SIGTERM);
                if (kill_at < 0) kill_at = now_ms() + (long long)req->grace * 1000;
            } else if (!frame) {
                /* The worker is gone: nobody waits for this execution any more. */
                kill(-child, SIGKILL);
                connected = 0;
            }
            free(frame);
        }
        if (kill_at >= 0 && now_ms() >= kill_at) {
            kill(-child, SIGKILL);
            kill_at = -1;
        }
    }
    reaped_at = now_ns();
    /* What the execution left running in its process group ends with it, as in a container of its own. */
    kill(-child, SIGKILL);
    current_group = 0;
    answer(conn, "exit %d %lld %lld %lld %lld %lld %lld %lld", exit_code(status), cpu_ns(&ru), io, read_at, fork_at,
           exec_at, reaped_at, now_ns());
done:
    if (error_pipe[0] >= 0) close(error_pipe[0]);
    if (log_fd >= 0) close(log_fd);
    if (req) {
        free(req->argv);
        free(req->env);
    }
    free(env);
    free(req);
    free(payload);
}

static int listen_on(const char *path)
{
    struct sockaddr_un address;
    memset(&address, 0, sizeof address);
    address.sun_family = AF_UNIX;
    /* Bound and listening under a temporary name first: the worker connects once the real name appears. */
    if (snprintf(address.sun_path, sizeof address.sun_path, "%s.tmp", path) >= (int)sizeof address.sun_path) {
        fprintf(stderr, "abaco-warm-runner: socket path too long: %s\n", path);
        return -1;
    }
    unlink(address.sun_path);
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0 || bind(fd, (struct sockaddr *)&address, sizeof address) != 0 || listen(fd, 4) != 0 ||
        chmod(address.sun_path, 0777) != 0 || rename(address.sun_path, path) != 0) {
        /* chmod: the node may run as another uid than the image's user. */
        fprintf(stderr, "abaco-warm-runner: cannot listen on %s: %s\n", path, strerror(errno));
        return -1;
    }
    return fd;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: abaco-warm-runner SOCKET\n");
        return 2;
    }
    if (pipe2(signal_pipe, O_CLOEXEC | O_NONBLOCK) != 0) return 1;
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_signal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART | SA_NOCLDSTOP;
    sigaction(SIGCHLD, &action, NULL);
    sigaction(SIGTERM, &action, NULL);
    sigaction(SIGINT, &action, NULL);
    signal(SIGPIPE, SIG_IGN);
    null_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
    int listener = listen_on(argv[1]);
    if (listener < 0) return 1;
    for (;;) {
        struct pollfd fds[2] = { { listener, POLLIN, 0 }, { signal_pipe[0], POLLIN, 0 } };
        if (poll(fds, 2, -1) < 0 && errno != EINTR) return 1;
        if (fds[1].revents) {
            drain_signals();
            int status;
            struct rusage ru;
            while (wait4(-1, &status, WNOHANG, &ru) > 0) { }
        }
        if (fds[0].revents) {
            int conn = accept4(listener, NULL, NULL, SOCK_CLOEXEC);
            if (conn < 0) continue;
            serve(conn);
            close(conn);
        }
    }
}
