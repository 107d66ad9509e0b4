/*
 * The frames between the worker and abaco-warm-runner (runner.c includes this; see its header for the format): a
 * 4-byte little-endian length, then the payload.
 */
#ifndef ABACO_WARM_RUNNER_FRAMES_H
#define ABACO_WARM_RUNNER_FRAMES_H

#define MAX_FRAME (16 * 1024 * 1024)

static int read_full(int fd, void *buf, size_t n)
{
    size_t done = 0;
    while (done < n) {
        ssize_t r = read(fd, (char *)buf + done, n - done);
        if (r == 0) return 0;
        if (r < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        done += (size_t)r;
    }
    return 1;
}

static int write_full(int fd, const void *buf, size_t n)
{
    size_t done = 0;
    while (done < n) {
        ssize_t w = write(fd, (const char *)buf + done, n - done);
        if (w < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        done += (size_t)w;
    }
    return 0;
}

/* One frame: its payload in a malloc'd buffer (NUL-terminated for safety), or NULL at EOF or error. */
static char *read_frame(int fd, uint32_t *length)
{
    unsigned char header[4];
    if (read_full(fd, header, 4) != 1) return NULL;
    uint32_t n = header[0] | header[1] << 8 | header[2] << 16 | (uint32_t)header[3] << 24;
    if (n == 0 || n > MAX_FRAME) return NULL;
    char *payload = malloc(n + 1);
    if (!payload) return NULL;
    if (read_full(fd, payload, n) != 1) {
        free(payload);
        return NULL;
    }
    payload[n] = 0;
    *length = n;
    return payload;
}

static void answer(int fd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void answer(int fd, const char *fmt, ...)
{
    char text[1024];
    va_list args;
    va_start(args, fmt);
    int n = vsnprintf(text, sizeof text, fmt, args);
    va_end(args);
    if (n < 0) return;
    if (n >= (int)sizeof text) n = sizeof text - 1;
    unsigned char header[4] = { n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, (n >> 24) & 0xff };
    if (write_full(fd, header, 4) == 0) write_full(fd, text, (size_t)n);
}

#endif
