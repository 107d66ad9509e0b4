using Abaco.Core.Workers;

namespace Abaco.Core.Tests.Workers;

/// <summary>
/// What the entity believes one worker runs, when the journal's word and the worker's own reports disagree (the
/// entity's shard moved while the worker ran): the worker's report wins, and a refused message was never run.
/// </summary>
public sealed class WorkerSlotSpecs
{
    private sealed record Handle(string Name);

    private static WorkerSlot<Handle> Slot() =>
        new(new WorkerRecord("w1", "TEST", "actor", WorkerStatus.Ready, "abaco/test", 1, "", WorkerRecord.NoContainer, "",
            "", Samples.T0, null, null)) { Handle = new Handle("w1") };

    private static WorkerSlot<Handle> Assuming(string executionId)
    {
        var slot = Slot();
        slot.AssumeExecution(executionId);
        return slot;
    }

    [Fact(DisplayName = "A worker's claim replaces the journal's assumption and is no longer an assumption")]
    public void Claim_beats_assumption()
    {
        var slot = Assuming("e1");

        Assert.Null(slot.Reported("e1"));

        Assert.Equal("e1", slot.CurrentExecution);
        Assert.False(slot.ExecutionAssumed);
        Assert.False(slot.IsIdle);
    }

    [Fact(DisplayName = "A worker that reports running something while the entity held it idle is busy with that")]
    public void Claim_fills_an_idle_slot()
    {
        var slot = Slot();

        slot.Reported("e7");

        Assert.Equal("e7", slot.CurrentExecution);
        Assert.False(slot.IsIdle);
    }

    [Fact(DisplayName = "A report never replaces an execution the entity itself handed the worker since")]
    public void Claim_does_not_replace_a_handed_execution()
    {
        var slot = Slot();
        slot.CurrentExecution = "e2";

        slot.Reported("e1");

        Assert.Equal("e2", slot.CurrentExecution);
    }

    [Fact(DisplayName = "A READY before the worker was asked proves nothing: the assumed execution stays the worker's")]
    public void Ready_before_asking_keeps_the_assumption()
    {
        var slot = Assuming("e1");

        Assert.Null(slot.Reported(null));

        Assert.Equal("e1", slot.CurrentExecution);
        Assert.True(slot.ExecutionAssumed);
        Assert.False(slot.IsIdle);
    }

    [Fact(DisplayName = "When reconciliation ends unclaimed, the worker is asked; until it answers its execution stays assumed")]
    public void Asking_keeps_the_execution()
    {
        var slot = Assuming("e1");

        Assert.True(slot.AskToClaim());

        Assert.Equal("e1", slot.CurrentExecution);
        Assert.False(slot.IsIdle);
        Assert.False(Slot().AskToClaim()); // nothing assumed, nothing to ask
    }

    [Fact(DisplayName = "Asked, a worker that answers it runs nothing is idle, and the assumed execution is the one it never held")]
    public void Answer_of_nothing_drops_the_assumption()
    {
        var slot = Assuming("e1");
        slot.AskToClaim();

        Assert.Equal("e1", slot.Reported(null));

        Assert.Null(slot.CurrentExecution);
        Assert.True(slot.IsIdle);
    }

    [Fact(DisplayName = "Asked, a worker that claims the execution late keeps it")]
    public void Late_claim_keeps_the_execution()
    {
        var slot = Assuming("e1");
        slot.AskToClaim();

        Assert.Null(slot.Reported("e1"));

        Assert.Equal("e1", slot.CurrentExecution);
        Assert.False(slot.ClaimAsked);
    }

    [Fact(DisplayName = "A worker that refuses the message it was handed is busy with what it still runs; the message was its")]
    public void Refusal_makes_the_worker_busy_with_its_own()
    {
        var slot = Slot();
        slot.CurrentExecution = "e2";

        Assert.True(slot.Refused("e2", running: "e1"));

        Assert.Equal("e1", slot.CurrentExecution);
        Assert.False(slot.IsIdle);
    }

    [Fact(DisplayName = "A refusal of a message the worker no longer holds changes nothing")]
    public void Stale_refusal_is_ignored()
    {
        var slot = Slot();
        slot.CurrentExecution = "e3";

        Assert.False(slot.Refused("e2", running: "e1"));

        Assert.Equal("e3", slot.CurrentExecution);
    }

    [Fact(DisplayName = "An assumed execution that ends without the worker's report frees the worker; a claimed one stays until it reports")]
    public void Ended_frees_only_an_assumption()
    {
        var assumed = Assuming("e1");
        var claimed = Slot();
        claimed.CurrentExecution = "e1";

        Assert.True(assumed.Ended("e1"));
        Assert.False(claimed.Ended("e1"));

        Assert.Null(assumed.CurrentExecution);
        Assert.True(assumed.IsIdle);
        Assert.Equal("e1", claimed.CurrentExecution);
        Assert.False(Assuming("e2").Ended("e1"));
    }
}
