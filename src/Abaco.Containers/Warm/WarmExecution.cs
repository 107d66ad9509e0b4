using System.Diagnostics;
using System.Net.Sockets;

namespace Abaco.Containers.Warm;

/// <summary>
/// One execution in a warm container, from the worker's side: one connection to the runner, open while the process
/// runs. Closing it (disposing) makes the runner kill the process group, so an execution never outlives the worker
/// that waits for it.
/// </summary>
public sealed class WarmExecution : IAsyncDisposable
{
    // Beyond the stop grace: how long the runner may take to report a process it has killed.
    private static readonly TimeSpan ReportSlack = TimeSpan.FromSeconds(10);

    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly TimeSpan _stopGrace;

    private WarmExecution(Socket socket, NetworkStream stream, int pid, DateTime startTime, long requested, TimeSpan stopGrace)
    {
        Requested = requested;
        _socket = socket;
        _stream = stream;
        Pid = pid;
        StartTime = startTime;
        _stopGrace = stopGrace;
    }

    /// <summary>The process id in the container's PID namespace.</summary>
    public int Pid { get; }

    /// <summary>UTC, taken right before the request was sent.</summary>
    public DateTime StartTime { get; }

    /// <summary>The same moment on the monotonic clock (<see cref="Stopwatch.GetTimestamp"/>), which the runner's steps use.</summary>
    public long Requested { get; }

    /// <summary>
    /// Asks the runner listening at <paramref name="runnerSocket"/> (a host path) to start the execution. Throws
    /// <see cref="WarmExecutionRefusedException"/> when the command could not be started, and
    /// <see cref="WarmContainerBrokenException"/> when the runner cannot be reached or hangs up.
    /// </summary>
    public static async Task<WarmExecution> StartAsync(string runnerSocket, WarmRequest request, CancellationToken ct)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            var (startTime, requested) = (DateTime.UtcNow, Stopwatch.GetTimestamp());
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(runnerSocket), ct);
            var stream = new NetworkStream(socket, ownsSocket: false);
            await stream.WriteAsync(WarmRunnerProtocol.RunRequest(request), ct);
            var answer = await WarmRunnerProtocol.ReadAnswerAsync(stream, ct);
            switch (answer is null ? null : WarmRunnerProtocol.Parse(answer))
            {
                case WarmAnswer.Started started:
                    return new WarmExecution(socket, stream, started.Pid, startTime, requested, request.StopGrace);
                case WarmAnswer.Failed failed:
                    throw new WarmExecutionRefusedException(failed.Reason);
                default:
                    throw new WarmContainerBrokenException("the runner hung up instead of starting the execution");
            }
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new WarmContainerBrokenException($"the runner cannot be reached ({e.Message})", e);
        }
        catch (IOException e)
        {
            socket.Dispose();
            throw new WarmContainerBrokenException($"the connection to the runner broke ({e.Message})", e);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Waits for the process to end. When <paramref name="maxRunTime"/> (from the start) elapses or
    /// <paramref name="halt"/> is cancelled, asks the runner to stop it (SIGTERM, SIGKILL after the grace period).
    /// Throws <see cref="WarmContainerBrokenException"/> when the runner goes away before reporting the end.
    /// </summary>
    public async Task<WarmOutcome> WaitAsync(TimeSpan? maxRunTime, CancellationToken halt)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(halt);
        if (maxRunTime is { } max && max > TimeSpan.Zero)
        {
            var left = max - (DateTime.UtcNow - StartTime);
            limit.CancelAfter(left < TimeSpan.Zero ? TimeSpan.Zero : left);
        }
        using var abandon = new CancellationTokenSource();
        var ended = WarmRunnerProtocol.ReadAnswerAsync(_stream, abandon.Token);
        var stopped = false;
        try
        {
            await ended.WaitAsync(limit.Token);
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested)
        {
            stopped = true;
            await SendStopAsync();
            abandon.CancelAfter(_stopGrace + ReportSlack);
        }
        string? answer;
        try
        {
            answer = await ended;
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
        {
            throw new WarmContainerBrokenException($"the connection to the runner broke ({e.Message})", e);
        }
        return (answer is null ? null : WarmRunnerProtocol.Parse(answer)) switch
        {
            WarmAnswer.Exited exited => new WarmOutcome(exited.ExitCode, exited.CpuNanos, exited.IoBytes, DateTime.UtcNow, stopped)
            {
                Answered = Stopwatch.GetTimestamp(), Runner = exited.Steps,
            },
            WarmAnswer.Failed failed => throw new WarmContainerBrokenException(failed.Reason),
            _ => throw new WarmContainerBrokenException("the runner hung up before the execution ended"),
        };
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _socket.Dispose();
    }

    private async Task SendStopAsync()
    {
        try
        {
            await _stream.WriteAsync(WarmRunnerProtocol.StopRequest());
        }
        catch (Exception e) when (e is IOException or SocketException)
        {
            // the read that follows reports the broken connection
        }
    }
}
