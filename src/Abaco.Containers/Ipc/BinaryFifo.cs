namespace Abaco.Containers.Ipc;

/// <summary>
/// The host end of one execution's binary message (original-abaco.md §3.1e, §3.5, §5.7): a FIFO at
/// <c>{fifoDir}/{workerId}/{executionId}</c>, bind-mounted read-only into the actor container at
/// <see cref="ContainerPath"/>, from which the actor reads the whole message and then sees end-of-file.
/// </summary>
/// <remarks>
/// <para>How the bytes get to the reader, and why (the original opened the FIFO O_RDWR and did one blocking write,
/// which hung the worker for messages over the 64 KiB pipe buffer, and kept the FIFO open to the end, so a reader
/// waiting for EOF, like <c>open(...).read()</c>, never finished):</para>
/// <list type="number">
/// <item><see cref="StartWriting"/> opens the FIFO twice, non-blocking: O_RDWR (a reader and a writer, so neither open
/// waits for the container) and O_WRONLY (the write end we hand over later). It grows the pipe to hold the message,
/// up to <c>/proc/sys/fs/pipe-max-size</c> (1 MiB by default), and writes what fits right away, before the container
/// starts. So agavepy's <c>get_binary_message</c>, which reads non-blocking until the pipe is empty, gets every byte
/// of any message that fits the pipe (the original's limit was 64 KiB).</item>
/// <item>A background task writes the rest as the container reads (non-blocking writes, short back-off when full),
/// pulling the message from its source through one 64 KiB buffer, so a message of any size costs that much memory
/// here. The caller is never blocked beyond the first pipe-full.</item>
/// <item>With every byte in the pipe it closes the O_RDWR descriptor. Our O_WRONLY descriptor keeps the pipe, and
/// the data in it, alive; and since we no longer hold a read end, the kernel's "no readers" flag (POLLERR on a write
/// end) now says whether the container has opened the FIFO. A container opening it later still succeeds at once,
/// because a writer exists.</item>
/// <item>As soon as a reader holds the FIFO (or it has already read everything), the task closes the write end: the
/// reader drains what is left and then gets EOF. Closing earlier would lose the data (a pipe's buffer dies with its
/// last descriptor) and would make a blocking open in the container wait forever for a writer.</item>
/// </list>
/// <para>So small and large messages arrive whole, followed by EOF, whether the container opens the FIFO at once or
/// seconds later. Linux only.</para>
/// </remarks>
public sealed class BinaryFifo : IAsyncDisposable
{
    /// <summary>Where the actor reads the message (agavepy's <c>get_binary_message</c>).</summary>
    public const string ContainerPath = "/_abaco_binary_data";

    private const uint FifoMode = 0b110_110_110; // 0666
    private const int DefaultPipeMaxSize = 1024 * 1024;
    // What the writer holds of the message at any time, whatever its size.
    private const int CopyBufferSize = 64 * 1024;
    private static readonly TimeSpan FirstBackOff = TimeSpan.FromMilliseconds(2);
    private static readonly TimeSpan LongestBackOff = TimeSpan.FromMilliseconds(100);

    private readonly string _workerDirectory;
    private readonly IpcErrors _errors;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private readonly Lazy<Task> _closing;
    private readonly TaskCompletionSource<bool> _handedOver = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _writing = Task.CompletedTask;
    private bool _started;
    private bool _closed;
    private int _readWriteFd = -1;
    private int _writeFd = -1;

    private BinaryFifo(string hostPath, string workerDirectory, Action<Exception>? onError)
    {
        HostPath = hostPath;
        _workerDirectory = workerDirectory;
        _errors = new IpcErrors(onError);
        _closing = new Lazy<Task>(CloseCoreAsync);
    }

    /// <summary>The FIFO's path on this host; bind-mount it read-only at <see cref="ContainerPath"/>.</summary>
    public string HostPath { get; }

    /// <summary>
    /// True once every byte is in the pipe and the write end has been let go with a reader holding the FIFO (so that
    /// reader gets EOF after the data); false if closed before that or writing failed.
    /// </summary>
    public Task<bool> HandedOver => _handedOver.Task;

    /// <summary>
    /// Create <c>{fifoDir}/{workerId}</c> if needed, replace any stale file, mkfifo and chmod 0666 (the container may
    /// run as any uid). Throws IOException when the FIFO cannot be made; the worker treats that like a start failure.
    /// </summary>
    /// <param name="onError">Told about a failure of the background writer.</param>
    public static BinaryFifo Create(string fifoDir, string workerId, string executionId, Action<Exception>? onError = null)
    {
        var directory = IpcPaths.WorkerDirectory(fifoDir, workerId, executionId);
        var path = Path.Combine(directory, executionId);
        IpcPaths.CreateIn(directory, () => TryMakeFifo(path));
        try
        {
            IpcPaths.SetMode(path, (UnixFileMode)FifoMode); // mkfifo's mode is masked by the umask
        }
        catch
        {
            File.Delete(path);
            throw;
        }
        return new BinaryFifo(path, directory, onError);
    }

    /// <summary>
    /// Put <paramref name="data"/> into the FIFO without blocking (see <see cref="StartWritingAsync"/>); for bytes
    /// already in memory. Throws IOException when the FIFO cannot be opened or written.
    /// </summary>
    public void StartWriting(ReadOnlyMemory<byte> data) =>
        StartWritingAsync(new MemoryStream(data.ToArray(), writable: false), data.Length).GetAwaiter().GetResult();

    /// <summary>
    /// Stream <paramref name="source"/> (<paramref name="length"/> bytes) into the FIFO: the returned task completes
    /// once what fits the pipe is in it (or the whole message, when smaller), so call it once and await it before
    /// starting the container; the rest follows in the background as the container reads, a small buffer at a time
    /// (see the class remarks). The source is read only from here on and disposed when done. The task fails
    /// (IOException) when the FIFO cannot be opened or written or the source fails before the pipe is full.
    /// </summary>
    public Task StartWritingAsync(Stream source, long length)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            if (_started)
            {
                throw new InvalidOperationException($"{nameof(StartWriting)} was already called for {HostPath}");
            }
            _started = true;

            try
            {
                _readWriteFd = Open(LibC.O_RDWR);
                _writeFd = Open(LibC.O_WRONLY); // cannot fail with ENXIO: _readWriteFd is a reader
                GrowPipeToHold(length);
            }
            catch
            {
                CloseDescriptors();
                source.Dispose();
                throw;
            }
            var prefilled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var stop = _stop.Token;
            _writing = Task.Run(() => WriteAllAsync(source, prefilled, stop));
            return prefilled.Task;
        }
    }
    /// <summary>
    /// Stop a writer still waiting for the container, close our descriptors, delete the FIFO and the worker's directory
    /// when empty. Idempotent; never throws.
    /// </summary>
    public Task CloseAsync() => _closing.Value;

    public ValueTask DisposeAsync() => new(CloseAsync());

    private static bool TryMakeFifo(string path)
    {
        try
        {
            IpcPaths.DeleteStale(path);
        }
        catch (DirectoryNotFoundException)
        {
            return false;
        }
        if (LibC.MkFifo(path, FifoMode) == 0)
        {
            return true;
        }
        var errno = LibC.LastError;
        return errno == LibC.ENOENT ? false : throw LibC.Failure($"mkfifo {path}", errno);
    }

    private int Open(int access)
    {
        var fd = LibC.Open(HostPath, access | LibC.O_NONBLOCK | LibC.O_CLOEXEC);
        return fd >= 0 ? fd : throw LibC.Failure($"open {HostPath}", LibC.LastError);
    }

    /// <summary>Best effort: a bigger pipe means more of the message is there before the container starts.</summary>
    private void GrowPipeToHold(long length)
    {
        var current = LibC.Fcntl(_writeFd, LibC.F_GETPIPE_SZ, 0);
        if (current < 0 || length <= current)
        {
            return;
        }
        // Not beyond the administrator's limit, even when privileged enough to: pipe pages are kernel memory.
        var wanted = (int)Math.Min(length, PipeMaxSize.Value);
        if (wanted > current)
        {
            // Failure (EPERM: per-user pipe quota) is fine: the default size works too, with more left to stream.
            _ = LibC.Fcntl(_writeFd, LibC.F_SETPIPE_SZ, wanted);
        }
    }

    private static readonly Lazy<int> PipeMaxSize = new(() =>
    {
        try
        {
            return int.Parse(File.ReadAllText("/proc/sys/fs/pipe-max-size").Trim(), System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or OverflowException)
        {
            return DefaultPipeMaxSize;
        }
    });

    /// <summary>Non-blocking writes until the pipe is full or <paramref name="data"/> is done; returns the bytes written.</summary>
    private int WriteWhatFits(ReadOnlySpan<byte> data)
    {
        var written = 0;
        while (written < data.Length)
        {
            var n = LibC.Write(_writeFd, data[written..]);
            if (n > 0)
            {
                written += (int)n;
                continue;
            }
            var errno = LibC.LastError;
            if (errno == LibC.EAGAIN)
            {
                break;
            }
            if (errno != LibC.EINTR)
            {
                throw LibC.Failure($"write {HostPath}", errno);
            }
        }
        return written;
    }

    /// <summary>
    /// Copies the source into the pipe through one small buffer: what fits at once first (then
    /// <paramref name="prefilled"/> completes), the rest as the reader drains the pipe; then hands the write end over.
    /// </summary>
    private async Task WriteAllAsync(Stream source, TaskCompletionSource prefilled, CancellationToken stop)
    {
        var buffer = new byte[CopyBufferSize];
        var (start, end) = (0, 0);
        long written = 0;
        try
        {
            await using (source.ConfigureAwait(false))
            {
                var backOff = FirstBackOff;
                while (true)
                {
                    if (start == end)
                    {
                        (start, end) = (0, await source.ReadAsync(buffer, stop).ConfigureAwait(false));
                        if (end == 0) break;
                    }
                    var n = WriteWhatFits(buffer.AsSpan(start, end - start));
                    start += n;
                    written += n;
                    if (start == end) continue;
                    prefilled.TrySetResult(); // the pipe is full: the container may start and read
                    backOff = n > 0 ? FirstBackOff : await BackOffAsync(backOff, stop).ConfigureAwait(false);
                }
            }
            prefilled.TrySetResult();

            // Everything is in the pipe. Let go of our read end so that POLLERR on the write end means "no reader".
            CloseDescriptor(ref _readWriteFd);
            var wait = FirstBackOff;
            while (!ReaderHasTheData(written))
            {
                wait = await BackOffAsync(wait, stop).ConfigureAwait(false);
            }
            CloseDescriptor(ref _writeFd); // the reader drains the rest, then gets EOF
            _handedOver.TrySetResult(true);
        }
        catch (OperationCanceledException e)
        {
            prefilled.TrySetCanceled(e.CancellationToken);
            _handedOver.TrySetResult(false);
        }
        catch (Exception e)
        {
            // Before the pipe filled up, the caller hears of it (the container is not started); after, the sink does.
            if (!prefilled.TrySetException(e)) _errors.Report(e);
            _handedOver.TrySetResult(false);
        }
    }

    private static async Task<TimeSpan> BackOffAsync(TimeSpan backOff, CancellationToken stop)
    {
        await Task.Delay(backOff, stop).ConfigureAwait(false);
        return backOff * 2 < LongestBackOff ? backOff * 2 : LongestBackOff;
    }

    /// <summary>Whether another process holds a read end now, or has already read every byte.</summary>
    private bool ReaderHasTheData(long length)
    {
        var poll = new LibC.PollFd { Fd = _writeFd, Events = LibC.POLLOUT };
        if (LibC.Poll(ref poll, 1, 0) < 0)
        {
            var errno = LibC.LastError;
            return errno == LibC.EINTR ? false : throw LibC.Failure($"poll {HostPath}", errno);
        }
        if ((poll.Revents & LibC.POLLERR) == 0)
        {
            return true;
        }
        // No reader right now. If one came and read everything, there is nothing left to lose by closing.
        if (length == 0)
        {
            return false;
        }
        return LibC.Ioctl(_writeFd, LibC.FIONREAD, out var queued) == 0
            ? queued == 0
            : throw LibC.Failure($"ioctl FIONREAD {HostPath}", LibC.LastError);
    }

    private async Task CloseCoreAsync()
    {
        lock (_gate)
        {
            _closed = true;
        }
        await _stop.CancelAsync().ConfigureAwait(false);
        await _writing.ConfigureAwait(false); // never faults: the writer reports instead of throwing
        _handedOver.TrySetResult(false);
        CloseDescriptors();
        _stop.Dispose();
        _errors.TryDo(() => IpcPaths.DeleteStale(HostPath));
        _errors.TryDo(() => IpcPaths.DeleteDirectoryIfEmpty(_workerDirectory));
    }

    private void CloseDescriptors()
    {
        CloseDescriptor(ref _readWriteFd);
        CloseDescriptor(ref _writeFd);
    }

    private static void CloseDescriptor(ref int fd)
    {
        if (fd >= 0)
        {
            LibC.Close(fd); // close(2) always releases the descriptor, even when it reports an error
            fd = -1;
        }
    }
}
