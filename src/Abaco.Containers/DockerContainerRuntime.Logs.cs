using System.Text;
using Docker.DotNet.Models;

namespace Abaco.Containers;

/// <summary>Logs: followed while the container runs, read once after it exits.</summary>
public sealed partial class DockerContainerRuntime
{
    public async Task FollowLogsAsync(string containerId, Func<string, Task> onLogs, TimeSpan interval, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(onLogs);
        // Nothing is written before one interval anyway: attaching only then spares a container that ends sooner (most
        // of them) a log stream opened while Docker starts it. The stream replays the logs from the start. Such a
        // container's end cancels the wait: looked at, not thrown, as that is every short container's case.
        await Task.Delay(interval, ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (ct.IsCancellationRequested) return;
        var collected = new MemoryStream();
        var gate = new object();
        var grew = false;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);

        async Task FlushLoopAsync()
        {
            // Batches a chatty container's output into one store write per interval.
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    await Task.Delay(interval, stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                string? text = null;
                lock (gate)
                {
                    if (grew) text = Encoding.UTF8.GetString(collected.GetBuffer(), 0, (int)collected.Length);
                    grew = false;
                }
                if (text is not null) await onLogs(text);
            }
        }

        var flushing = FlushLoopAsync();
        try
        {
            using var stream = await _client.Containers.GetContainerLogsAsync(
                containerId, new ContainerLogsParameters { ShowStdout = true, ShowStderr = true, Follow = true }, stop.Token);
            var buffer = new byte[16384];
            while (true)
            {
                var read = await stream.ReadOutputAsync(buffer, 0, buffer.Length, stop.Token);
                if (read.EOF) break;
                lock (gate)
                {
                    if (collected.Length >= _options.MaxLogBytes) continue;
                    collected.Write(buffer, 0, (int)Math.Min(read.Count, _options.MaxLogBytes - collected.Length));
                    grew = true;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException || DockerErrors.IsDockerFailure(e))
        {
            // best effort: the final read after exit has the whole logs
        }
        finally
        {
            await stop.CancelAsync();
            try
            {
                await flushing;
            }
            catch (Exception)
            {
                // a failing store write only costs a live update
            }
        }
    }

    // One read of the finished container's logs; the non-TTY stream is demultiplexed in written order.
    private async Task<string> ReadLogsAsync(string containerId)
    {
        using var cts = new CancellationTokenSource(_options.LogsTimeout);
        using var collected = new MemoryStream();
        try
        {
            using var stream = await _client.Containers.GetContainerLogsAsync(
                containerId, new ContainerLogsParameters { ShowStdout = true, ShowStderr = true, Follow = false }, cts.Token);
            var buffer = new byte[81920];
            while (collected.Length < _options.MaxLogBytes)
            {
                var read = await stream.ReadOutputAsync(buffer, 0, buffer.Length, cts.Token);
                if (read.EOF)
                {
                    break;
                }
                collected.Write(buffer, 0, (int)Math.Min(read.Count, _options.MaxLogBytes - collected.Length));
            }
        }
        catch (Exception e) when (DockerErrors.IsDockerFailure(e))
        {
            // keep whatever was read: logs are best effort, the outcome must still be reported
        }
        return Encoding.UTF8.GetString(collected.GetBuffer(), 0, (int)collected.Length);
    }
}
