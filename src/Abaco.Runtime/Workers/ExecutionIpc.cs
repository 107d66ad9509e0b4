using Abaco.Containers.Ipc;
using Abaco.Core.Messages;

namespace Abaco.Runtime.Workers;

/// <summary>
/// The host side of one execution's container contract (reference §5.7): the results socket every container gets,
/// and for a binary message the FIFO carrying it. Opened before the container starts, closed (results drained) after
/// it exits.
/// </summary>
public sealed class ExecutionIpc
{
    private readonly ResultsSocket _results;
    private readonly BinaryFifo? _fifo;
    private readonly QueuedMessage _message;

    private ExecutionIpc(ResultsSocket results, BinaryFifo? fifo, QueuedMessage message)
    {
        _results = results;
        _fifo = fifo;
        _message = message;
    }

    public string ResultsSocketPath => _results.HostPath;

    public string? BinaryFifoPath => _fifo?.HostPath;

    public static ExecutionIpc Open(WorkerServices services, string workerId, QueuedMessage message,
        Func<byte[], Task> onResult, Action<Exception> onError)
    {
        var results = ResultsSocket.Bind(services.SocketDirectory, workerId, message.ExecutionId, onResult, onError);
        if (!message.IsBinary) return new ExecutionIpc(results, null, message);
        try
        {
            return new ExecutionIpc(results,
                BinaryFifo.Create(services.FifoDirectory, workerId, message.ExecutionId, onError), message);
        }
        catch
        {
            _ = results.CloseAsync();
            throw;
        }
    }

    /// <summary>Starts feeding a binary message into its FIFO; the container reads it once started.</summary>
    public void StartWritingMessage() => _fifo?.StartWriting(_message.BinaryBody());

    public async Task CloseAsync()
    {
        try
        {
            await _results.CloseAsync();
        }
        finally
        {
            if (_fifo is not null) await _fifo.CloseAsync();
        }
    }
}
