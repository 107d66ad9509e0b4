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
            ClaimAsked = false;
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

    /// <summary>Reconciliation ended with the assumed execution unclaimed; the worker itself was asked what it runs.</summary>
    public bool ClaimAsked { get; private set; }

    /// <summary>
    /// Reconciliation ended and the worker has not claimed the journal's execution: it is asked directly, and the
    /// execution stays with it until it answers (a claim that was merely slow must not end a running execution).
    /// Returns whether there was an assumption to ask about.
    /// </summary>
    public bool AskToClaim() => ClaimAsked = ExecutionAssumed;

    /// <summary>
    /// The worker's own report of what it runs (<paramref name="running"/>; null: nothing). Its word beats the journal's
    /// guess: a claim replaces an assumption (or fills an empty slot), and a report of nothing, once the worker was asked
    /// (<see cref="AskToClaim"/>), drops the assumption. Returns the assumed execution the worker turned out not to
    /// hold: it never ran. An execution the entity handed the worker itself is never replaced by a report.
    /// </summary>
    public string? Reported(string? running)
    {
        if (running is not null)
        {
            if (CurrentExecution is null || ExecutionAssumed || CurrentExecution == running) CurrentExecution = running;
            return null;
        }
        if (!ExecutionAssumed || !ClaimAsked) return null; // a READY from before the hand-over proves nothing
        var notHeld = CurrentExecution;
        CurrentExecution = null;
        return notHeld;
    }

    /// <summary>
    /// <paramref name="executionId"/> ended without this worker's report (declared interrupted, its node lost). A slot
    /// that only assumed it (adopted from a READY while the end was being journalled) holds nothing any more; one the
    /// worker claimed or was handed keeps it until the worker reports. Returns whether the slot was freed.
    /// </summary>
    public bool Ended(string executionId)
    {
        if (!ExecutionAssumed || CurrentExecution != executionId) return false;
        CurrentExecution = null;
        return true;
    }

    /// <summary>
    /// The worker refused <paramref name="refused"/> because it still runs <paramref name="running"/>: it is busy with
    /// that one, whatever the entity thought. Returns whether <paramref name="refused"/> was the one this slot held (and
    /// so goes back to the queue).
    /// </summary>
    public bool Refused(string refused, string? running)
    {
        if (CurrentExecution != refused) return false;
        CurrentExecution = running;
        return true;
    }

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
