/*
 * direct-run: the baseline of warm_added_p50_ms. Run inside a container of the image, it starts the image's command
 * N times one after the other, the way abaco-warm-runner starts an execution but without the worker, the socket or
 * the node: fork, a new session, stdout+stderr appended to a log file, exec, wait4. It prints each run's wall time,
 * from before fork to after wait4, in microseconds, one per line.
 *
 * Usage: direct-run N LOGFILE COMMAND [ARGS...]. Built by the bench with gcc -static -O2.
 *
 * The ceiling: direct-run --flat DIR MS LOGFILE COMMAND [ARGS...] makes DIR/ready.<hostname>, waits for DIR/go (made
 * by the bench once every container is ready), then runs the command one run after the other, flat out, for MS
 * milliseconds, and prints "<runs> <first fork> <last reaped>" (CLOCK_MONOTONIC microseconds, the host's clock).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long long now_us(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)t.tv_sec * 1000000 + t.tv_nsec / 1000;
}

/* One run: fork, a new session, stdout+stderr appended to the log, exec, wait4. */
static int run_once(const char *log, char **command)
{
    int log_fd = open(log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (log_fd < 0) {
        perror(log);
        return -1;
    }
    pid_t child = fork();
    if (child == 0) {
        setsid();
        dup2(log_fd, 1);
        dup2(log_fd, 2);
        execv(command[0], command);
        _exit(127);
    }
    int status;
    struct rusage usage;
    wait4(child, &status, 0, &usage);
    close(log_fd);
    return 0;
}

static int flat_out(const char *dir, long long ms, const char *log, char **command)
{
    char host[128] = "", path[512];
    gethostname(host, sizeof host - 1);
    snprintf(path, sizeof path, "%s/ready.%s", dir, host);
    int ready = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
    if (ready < 0) {
        perror(path);
        return 1;
    }
    close(ready);
    snprintf(path, sizeof path, "%s/go", dir);
    while (access(path, F_OK) != 0) usleep(1000);
    long long first = now_us(), until = first + ms * 1000, last = first;
    long runs = 0;
    while (last < until) {
        if (run_once(log, command) != 0) return 1;
        last = now_us();
        runs++;
    }
    printf("%ld %lld %lld\n", runs, first, last);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc >= 6 && strcmp(argv[1], "--flat") == 0) return flat_out(argv[2], atoll(argv[3]), argv[4], argv + 5);
    if (argc < 4) {
        fprintf(stderr, "usage: direct-run N LOGFILE COMMAND [ARGS...]\n");
        return 2;
    }
    int runs = atoi(argv[1]);
    for (int i = 0; i < runs; i++) {
        long long start = now_us();
        if (run_once(argv[2], argv + 3) != 0) return 1;
        printf("%lld\n", now_us() - start);
    }
    return 0;
}
