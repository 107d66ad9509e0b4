using System.Net.Sockets;
using System.Text;

namespace Abaco.Containers.Ipc;

/// <summary>
/// The host end of one execution's results channel (original-abaco.md §3.5, §5.7): an AF_UNIX SOCK_DGRAM socket
/// bound at <c>{socketDir}/{workerId}/{executionId}.sock</c>, bind-mounted into the actor container at
/// <see cref="ContainerPath"/>. Each datagram the actor sends is one result; they are handed to the callback one at
/// a time, in arrival order. While a callback runs, further datagrams wait in the kernel's socket queue, so a slow
/// consumer slows the sender down instead of growing memory here.
/// </summary>
/// <remarks>
/// Empty datagrams are delivered too (as empty arrays); the original ignored them (<c>if datagram:</c>), so a
/// consumer that wants its exact behaviour drops them. Never await <see cref="CloseAsync"/> from inside the callback:
/// closing waits for the callback.
/// </remarks>
public sealed class ResultsSocket : IAsyncDisposable
{
    /// <summary>Where the actor finds the socket (agavepy's <c>send_bytes_result</c>).</summary>
    public const string ContainerPath = "/_abaco_results.sock";

    /// <summary>The original's <c>MAX_RESULT_FRAME_SIZE</c>: larger datagrams are cut to this size.</summary>
    public const int MaxDatagramSize = 131_072;

    // sun_path holds 108 bytes including the terminating NUL.
    private const int MaxSocketPathBytes = 107;
    private const int MaxConsecutiveReceiveFailures = 10;
    private const UnixFileMode Everyone = (UnixFileMode)0b111_111_111; // 0777: the container may run as any uid

    private readonly Socket _socket;
    private readonly string _workerDirectory;
    private readonly Func<byte[], Task> _onResult;
    private readonly IpcErrors _errors;
    // One spare byte: a datagram that fills it was longer than MaxDatagramSize.
    private readonly byte[] _buffer = new byte[MaxDatagramSize + 1];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _receiving;
    private readonly Lazy<Task> _closing;

    private ResultsSocket(Socket socket, string hostPath, string workerDirectory, Func<byte[], Task> onResult, Action<Exception>? onError)
    {
        _socket = socket;
        HostPath = hostPath;
        _workerDirectory = workerDirectory;
        _onResult = onResult;
        _errors = new IpcErrors(onError);
        _closing = new Lazy<Task>(CloseCoreAsync);
        _receiving = Task.Run(ReceiveLoopAsync);
    }

    /// <summary>The socket's path on this host; bind-mount it at <see cref="ContainerPath"/>.</summary>
    public string HostPath { get; }

    /// <summary>
    /// Create <c>{socketDir}/{workerId}</c> if needed, replace any stale file at the socket path, bind, chmod 0777 and
    /// start receiving. Throws (IOException, SocketException, ArgumentException) when the socket cannot be set up;
    /// the worker treats that like a container start failure.
    /// </summary>
    /// <param name="onResult">Called once per datagram, never concurrently, in arrival order.</param>
    /// <param name="onError">Told about callback failures, oversized datagrams and receive errors; the loop goes on.</param>
    public static ResultsSocket Bind(string socketDir, string workerId, string executionId,
        Func<byte[], Task> onResult, Action<Exception>? onError = null)
    {
        ArgumentNullException.ThrowIfNull(onResult);
        var directory = IpcPaths.WorkerDirectory(socketDir, workerId, executionId);
        var path = Path.Combine(directory, executionId + ".sock");
        if (Encoding.UTF8.GetByteCount(path) > MaxSocketPathBytes)
        {
            throw new ArgumentException(
                $"Results socket path '{path}' is longer than the {MaxSocketPathBytes} bytes a Unix socket address can hold; use a shorter socket directory",
                nameof(socketDir));
        }

        var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        try
        {
            IpcPaths.CreateIn(directory, () => TryBind(socket, path, directory));
            IpcPaths.SetMode(path, Everyone);
        }
        catch
        {
            socket.Dispose();
            File.Delete(path);
            throw;
        }
        return new ResultsSocket(socket, path, directory, onResult, onError);
    }

    /// <summary>
    /// Stop receiving, deliver every datagram already queued in the socket, wait for the callbacks, then close the
    /// socket and delete its file (and the worker's directory when empty). Idempotent; never throws.
    /// </summary>
    public Task CloseAsync() => _closing.Value;

    public ValueTask DisposeAsync() => new(CloseAsync());

    private static bool TryBind(Socket socket, string path, string directory)
    {
        try
        {
            IpcPaths.DeleteStale(path);
            socket.Bind(new UnixDomainSocketEndPoint(path));
            return true;
        }
        catch (Exception e) when (e is DirectoryNotFoundException or SocketException && !Directory.Exists(directory))
        {
            return false;
        }
    }

    private async Task ReceiveLoopAsync()
    {
        var failures = 0;
        while (!_stop.IsCancellationRequested)
        {
            int received;
            try
            {
                // Cancelling only withdraws a receive that has not taken a datagram yet, so none is lost here.
                received = await _socket.ReceiveAsync(_buffer, SocketFlags.None, _stop.Token).ConfigureAwait(false);
                failures = 0;
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception e)
            {
                _errors.Report(e);
                if (++failures >= MaxConsecutiveReceiveFailures)
                {
                    _errors.Report(new IOException($"Stopped receiving on {HostPath} after {failures} failures in a row; queued results are still delivered on close"));
                    return;
                }
                continue;
            }
            await DeliverAsync(received).ConfigureAwait(false);
        }
    }

    private async Task CloseCoreAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _receiving.ConfigureAwait(false); // never faults: the loop reports instead of throwing

        // Unlinking first means no new sender can find the socket; what is already queued is drained below.
        _errors.TryDo(() => IpcPaths.DeleteStale(HostPath));
        await DrainAsync().ConfigureAwait(false);

        _errors.TryDo(_socket.Dispose);
        _stop.Dispose();
        _errors.TryDo(() => IpcPaths.DeleteDirectoryIfEmpty(_workerDirectory));
    }

    private async Task DrainAsync()
    {
        try
        {
            // Readable now means a datagram (possibly empty) is queued, so Receive returns without waiting.
            while (_socket.Poll(0, SelectMode.SelectRead))
            {
                var received = _socket.Receive(_buffer, SocketFlags.None);
                await DeliverAsync(received).ConfigureAwait(false);
            }
        }
        catch (Exception e)
        {
            _errors.Report(e);
        }
    }

    private async Task DeliverAsync(int received)
    {
        if (received > MaxDatagramSize)
        {
            _errors.Report(new InvalidDataException(
                $"A result datagram on {HostPath} was longer than {MaxDatagramSize} bytes; only its first {MaxDatagramSize} bytes are kept (as in the original)"));
        }
        var datagram = _buffer.AsSpan(0, Math.Min(received, MaxDatagramSize)).ToArray();
        try
        {
            await _onResult(datagram).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            _errors.Report(e);
        }
    }
}
