/*
 * direct-run: the baseline of warm_added_p50_ms. Run inside a container of the image, it starts the image's command
 * N times one after the other, the way abaco-warm-runner starts an execution but without the worker, the socket or
 * the node: fork, a new session, stdout+stderr appended to a log file, exec, wait4. It prints each run's wall time,
 * from before fork to after wait4, in microseconds, one per line.
 *
 * Usage: direct-run N LOGFILE COMMAND [ARGS...]. Built by the bench with gcc -static -O2.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
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

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: direct-run N LOGFILE COMMAND [ARGS...]\n");
        return 2;
    }
    int runs = atoi(argv[1]);
    for (int i = 0; i < runs; i++) {
        long long start = now_us();
        int log_fd = open(argv[2], O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
        if (log_fd < 0) {
            perror(argv[2]);
            return 1;
        }
        pid_t child = fork();
        if (child == 0) {
            setsid();
            dup2(log_fd, 1);
            dup2(log_fd, 2);
            execv(argv[3], argv + 3);
            _exit(127);
        }
        int status;
        struct rusage usage;
        wait4(child, &status, 0, &usage);
        close(log_fd);
        printf("%lld\n", now_us() - start);
    }
    return 0;
}
