using System.Runtime.InteropServices;

namespace Abaco.Containers.Ipc;

/// <summary>
/// The few libc calls .NET does not expose (mkfifo, non-blocking open/write on a FIFO, pipe sizing, poll, FIONREAD).
/// Linux only (x86-64 and arm64 share every constant used here). "libc" is mapped by the runtime to the real
/// C library (libc.so.6 on glibc).
/// </summary>
internal static class LibC
{
    public const int O_RDONLY = 0x0;
    public const int O_WRONLY = 0x1;
    public const int O_RDWR = 0x2;
    public const int O_NONBLOCK = 0x800;
    public const int O_CLOEXEC = 0x80000;

    public const int EINTR = 4;
    public const int EAGAIN = 11;
    public const int ENOENT = 2;

    public const int F_SETPIPE_SZ = 1031;
    public const int F_GETPIPE_SZ = 1032;

    public const short POLLOUT = 0x4;
    public const short POLLERR = 0x8;

    public const nuint FIONREAD = 0x541B;

    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [DllImport("libc", EntryPoint = "mkfifo", SetLastError = true)]
    public static extern int MkFifo([MarshalAs(UnmanagedType.LPUTF8Str)] string path, uint mode);

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    public static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    public static extern int Close(int fd);

    [DllImport("libc", EntryPoint = "write", SetLastError = true)]
    private static extern nint Write(int fd, ref byte buffer, nuint count);

    [DllImport("libc", EntryPoint = "read", SetLastError = true)]
    private static extern nint Read(int fd, ref byte buffer, nuint count);

    [DllImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    public static extern int Fcntl(int fd, int command, int argument);

    [DllImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    public static extern int Ioctl(int fd, nuint request, out int value);

    [DllImport("libc", EntryPoint = "poll", SetLastError = true)]
    public static extern int Poll(ref PollFd fd, nuint count, int timeoutMilliseconds);

    /// <summary>write(2) from a span; -1 with the errno in <see cref="Marshal.GetLastPInvokeError"/>.</summary>
    public static nint Write(int fd, ReadOnlySpan<byte> data) =>
        data.IsEmpty ? 0 : Write(fd, ref MemoryMarshal.GetReference(data), (nuint)data.Length);

    /// <summary>read(2) into a span; -1 with the errno in <see cref="Marshal.GetLastPInvokeError"/>.</summary>
    public static nint Read(int fd, Span<byte> buffer) =>
        buffer.IsEmpty ? 0 : Read(fd, ref MemoryMarshal.GetReference(buffer), (nuint)buffer.Length);

    public static int LastError => Marshal.GetLastPInvokeError();

    /// <summary>An IOException carrying errno's text, e.g. "mkfifo /x/y: No such file or directory (errno 2)".</summary>
    public static IOException Failure(string what, int errno) =>
        new($"{what}: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})", errno);
}
