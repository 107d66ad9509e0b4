using Abaco.Containers.Ipc;
using Abaco.Core.Messages;
using Abaco.Stores.Bodies;

namespace Abaco.Runtime.Workers;

/// <summary>
/// The host side of one execution's container contract (original-abaco.md §5.7): the results socket every container gets,
/// and for a binary message the FIFO carrying it. Opened before the container starts, closed (results drained) after
/// it exits.
/// </summary>
public sealed class ExecutionIpc
{
    private readonly ResultsSocket _results;
    private readonly BinaryFifo? _fifo;
    private readonly QueuedMessage _message;

    private ExecutionIpc(ResultsSocket results, BinaryFifo? fifo, QueuedMessage message, ResultBudget budget)
    {
        _results = results;
        _fifo = fifo;
        _message = message;
        Budget = budget;
    }

    /// <summary>What the execution's results used of <c>workers.max_results_per_execution</c> / <c>max_result_bytes_per_execution</c>.</summary>
    public ResultBudget Budget { get; }

    public string ResultsSocketPath => _results.HostPath;

    public string? BinaryFifoPath => _fifo?.HostPath;

    /// <param name="fifoDirectory">Where the FIFO goes; a warm worker keeps it beside the socket, in the one directory
    /// its container binds. Null: <c>workers.fifo_host_path_dir</c>.</param>
    public static async Task<ExecutionIpc> OpenAsync(WorkerServices services, string workerId, QueuedMessage message,
        Func<byte[], Task> onResult, Action<Exception> onError, string? fifoDirectory = null)
    {
        var workers = services.Settings.Workers;
        var budget = new ResultBudget(workers.MaxResultsPerExecution, workers.MaxResultBytesPerExecution);
        // Results past the budget never reach the store; the worker reports how many were dropped.
        var results = ResultsSocket.Bind(services.SocketDirectory, workerId, message.ExecutionId,
            result => budget.TryTake(result.Length) ? onResult(result) : Task.CompletedTask, onError);
        if (!message.IsBinary) return new ExecutionIpc(results, null, message, budget);
        try
        {
            return new ExecutionIpc(results,
                BinaryFifo.Create(fifoDirectory ?? services.FifoDirectory, workerId, message.ExecutionId, onError), message, budget);
        }
        catch
        {
            await results.CloseAsync();
            throw;
        }
    }

    /// <summary>
    /// Starts feeding a binary message into its FIFO, streamed from the body store (or, for a message journalled by an
    /// earlier version, from its base64 body); completes once the pipe holds what fits, so the container may start.
    /// </summary>
    public Task StartWritingMessageAsync(IMessageBodyStore bodies)
    {
        if (_fifo is null) return Task.CompletedTask;
        return _message.BodyRef is { } body
            ? _fifo.StartWritingAsync(new MessageBodyStream(bodies, body), body.Length)
            : _fifo.StartWritingAsync(new MemoryStream(_message.BinaryBody(), writable: false), _message.BinaryBody().Length);
    }

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
