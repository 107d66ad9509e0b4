using System.Diagnostics;
using System.Reflection;
using System.Text;
using Abaco.Metrics;
using Prometheus;

namespace Abaco.Stores.Metered;

/// <summary>
/// A proxy of one store interface that times every call into <c>abaco_store_operation_seconds</c>, labelled by the
/// store and the method (<c>executions</c>, <c>upsert</c>): a task-returning call until its task completes, any
/// other call until it returns. The label values come from the interfaces, so they are few and fixed.
/// </summary>
public class TimedCalls : DispatchProxy
{
    private object _inner = null!;
    private string _store = "";

    /// <summary>A proxy of <typeparamref name="T"/> over <paramref name="inner"/>.</summary>
    public static T Wrap<T>(T inner, string store) where T : class
    {
        var proxy = Create<T, TimedCalls>();
        var timed = (TimedCalls)(object)proxy;
        (timed._inner, timed._store) = (inner, store);
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        var histogram = AbacoMetrics.StoreOperations.WithLabels(_store, OperationOf(targetMethod.Name));
        var started = Stopwatch.GetTimestamp();
        object? result;
        try
        {
            result = targetMethod.Invoke(_inner, args);
        }
        catch (TargetInvocationException e) when (e.InnerException is { } cause)
        {
            histogram.ObserveSince(started);
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(cause).Throw();
            throw;
        }
        if (result is Task task)
            task.ContinueWith(_ => histogram.ObserveSince(started), CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        else
            histogram.ObserveSince(started);
        return result;
    }

    /// <summary><c>CountByStatusAsync</c> → <c>count_by_status</c>.</summary>
    public static string OperationOf(string method)
    {
        var name = method.EndsWith("Async", StringComparison.Ordinal) ? method[..^"Async".Length] : method;
        var snake = new StringBuilder(name.Length + 4);
        foreach (var c in name)
        {
            if (char.IsUpper(c) && snake.Length > 0) snake.Append('_');
            snake.Append(char.ToLowerInvariant(c));
        }
        return snake.ToString();
    }
}
