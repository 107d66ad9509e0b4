namespace Abaco.Core.Workers;

/// <summary>
/// What an actor's entity knows of one of its workers. <typeparamref name="THandle"/> is how the entity reaches the
/// worker (an actor reference in the runtime); null until the worker first reports. Mutable, owned by one entity.
/// </summary>
public sealed class WorkerSlot<THandle>(WorkerRecord record) where THandle : class
{
    public WorkerRecord Record { get; set; } = record;

    public THandle? Handle { get; set; }

    private string? _currentExecution;

    /// <summary>The execution handed to the worker (journalled or on its way to the journal).</summary>
    public string? CurrentExecution
    {
        get => _currentExecution;
        set
        {
            _currentExecution = value;
            ExecutionAssumed = false;
        }
    }

    /// <summary>
    /// <see cref="CurrentExecution"/> is only the journal's word (the worker was adopted from a READY report) and the
    /// worker has not claimed it yet.
    /// </summary>
    public bool ExecutionAssumed { get; private set; }

    /// <summary>Takes the journal's word that the worker holds <paramref name="executionId"/>, until it says so itself.</summary>
    public void AssumeExecution(string executionId)
    {
        CurrentExecution = executionId;
        ExecutionAssumed = true;
    }

    /// <summary>The worker claimed (or started) its execution.</summary>
    public void ConfirmExecution() => ExecutionAssumed = false;

    /// <summary>The spawner that acknowledged the request to start this worker; null until one did.</summary>
    public THandle? Spawner { get; set; }

    public bool Stopping { get; set; }

    /// <summary>Requested because messages waited (or adopted): the autoscaler may stop it once idle.</summary>
    public bool ScaledByQueue { get; set; }

    /// <summary>When it last had nothing to do; null while it never did.</summary>
    public DateTime? IdleSince { get; set; }

    /// <summary>The autoscaler stops only workers asked for by the queue or that have run something.</summary>
    public bool MayScaleDown => ScaledByQueue || Record.LastExecutionTime is not null;

    public bool IsIdle => !Stopping && CurrentExecution is null && Record.Status == WorkerStatus.Ready;

    /// <summary>Its last execution, else its creation: the sync hint keeps the most recently active worker warm.</summary>
    public DateTime LastActive => Record.LastExecutionTime ?? Record.CreateTime;
}
