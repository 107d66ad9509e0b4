using Abaco.Core.Actors;
using Abaco.Core.Messages;

namespace Abaco.Core.Tests.Actors;

public sealed class ActorEntityStateSpecs
{
    private sealed record SomethingElse : IActorEvent;

    private static ActorEntityState Registered() => ActorEntityState.Empty.Apply(new ActorRegistered(Samples.Actor()));

    private static ActorEntityState WithQueued(params string[] executionIds) =>
        executionIds.Aggregate(Registered(), (state, id) => state.Apply(new MessageQueued(Samples.Message(id))));

    private static string[] PendingIds(ActorEntityState state) => state.Pending.Select(m => m.ExecutionId).ToArray();

    [Fact(DisplayName = "The empty state holds no actor and nothing queued or running")]
    public void Empty_state()
    {
        var state = ActorEntityState.Empty;

        Assert.Null(state.Actor);
        Assert.False(state.Deleted);
        Assert.False(state.Exists);
        Assert.Empty(state.Pending);
        Assert.Empty(state.Running);
        Assert.Equal(0, state.PendingCount);
    }

    [Fact(DisplayName = "ActorRegistered sets the record and the actor exists")]
    public void Registration()
    {
        var actor = Samples.Actor();

        var state = ActorEntityState.Empty.Apply(new ActorRegistered(actor));

        Assert.Same(actor, state.Actor);
        Assert.True(state.Exists);
        Assert.False(state.Deleted);
    }

    [Fact(DisplayName = "ActorUpdated replaces the record and leaves the queue alone")]
    public void Update()
    {
        var state = WithQueued("e1", "e2");
        var updated = Samples.Actor() with { Revision = 2, Definition = ActorDefinition.ForImage("abacosamples/v2") };

        var next = state.Apply(new ActorUpdated(updated));

        Assert.Same(updated, next.Actor);
        Assert.Equal(["e1", "e2"], PendingIds(next));
        Assert.True(next.Exists);
    }

    [Fact(DisplayName = "ActorStatusChanged changes only the status and status message of the record")]
    public void Status_change()
    {
        var state = Registered();

        var next = state.Apply(new ActorStatusChanged(ActorStatus.Error, "image not found", Samples.T0.AddMinutes(1)));

        Assert.Equal(ActorStatus.Error, next.Actor!.Status);
        Assert.Equal("image not found", next.Actor.StatusMessage);
        Assert.Equal(state.Actor! with { Status = ActorStatus.Error, StatusMessage = "image not found" }, next.Actor);
    }

    [Fact(DisplayName = "ActorStatusChanged before registration is a no-op")]
    public void Status_change_without_actor()
    {
        var next = ActorEntityState.Empty.Apply(new ActorStatusChanged(ActorStatus.Ready, "", Samples.T0));

        Assert.Null(next.Actor);
        Assert.False(next.Exists);
    }

    [Fact(DisplayName = "Queued messages keep their arrival order")]
    public void Queue_keeps_arrival_order()
    {
        var state = WithQueued("e1", "e2", "e3", "e4");

        Assert.Equal(["e1", "e2", "e3", "e4"], PendingIds(state));
        Assert.Equal(4, state.PendingCount);
        Assert.Empty(state.Running);
    }

    [Fact(DisplayName = "Apply never changes the state it is called on")]
    public void Apply_is_pure()
    {
        var state = WithQueued("e1");

        _ = state.Apply(new MessageQueued(Samples.Message("e2")));
        _ = state.Apply(new ExecutionDispatched("e1", "w1"));
        _ = state.Apply(new ActorDeleted(Samples.T0));

        Assert.Equal(["e1"], PendingIds(state));
        Assert.Empty(state.Running);
        Assert.False(state.Deleted);
    }

    [Fact(DisplayName = "ExecutionDispatched moves the head of the queue to Running with its worker")]
    public void Dispatch_moves_the_head_to_running()
    {
        var state = WithQueued("e1", "e2", "e3");
        var head = state.Pending[0];

        var next = state.Apply(new ExecutionDispatched("e1", "w1"));

        Assert.Equal(["e2", "e3"], PendingIds(next));
        var running = Assert.Single(next.Running);
        Assert.Equal("e1", running.Key);
        Assert.Same(head, running.Value.Message);
        Assert.Equal("w1", running.Value.WorkerId);
        Assert.Equal(2, next.PendingCount);
    }

    [Fact(DisplayName = "ExecutionDispatched of a message further back takes that one and keeps the others in order")]
    public void Dispatch_out_of_order()
    {
        var state = WithQueued("e1", "e2", "e3");

        var next = state.Apply(new ExecutionDispatched("e2", "w9"));

        Assert.Equal(["e1", "e3"], PendingIds(next));
        Assert.Equal("w9", next.Running["e2"].WorkerId);
    }

    [Fact(DisplayName = "Several dispatches give several running executions")]
    public void Several_running()
    {
        var next = WithQueued("e1", "e2", "e3")
            .Apply(new ExecutionDispatched("e1", "w1"))
            .Apply(new ExecutionDispatched("e2", "w2"));

        Assert.Equal(["e3"], PendingIds(next));
        Assert.Equal("w1", next.Running["e1"].WorkerId);
        Assert.Equal("w2", next.Running["e2"].WorkerId);
    }

    [Fact(DisplayName = "ExecutionDispatched of an unknown or already running id is a no-op")]
    public void Dispatch_of_unknown_id()
    {
        var state = WithQueued("e1", "e2").Apply(new ExecutionDispatched("e1", "w1"));

        Assert.Same(state, state.Apply(new ExecutionDispatched("nope", "w1")));
        Assert.Same(state, state.Apply(new ExecutionDispatched("e1", "w2")));
        Assert.Equal("w1", state.Running["e1"].WorkerId);
    }

    [Fact(DisplayName = "ExecutionReturned puts a refused execution back at the head of the queue, ahead of later messages")]
    public void Returned_execution_goes_first()
    {
        var state = WithQueued("e1", "e2").Apply(new ExecutionDispatched("e1", "w1"));

        var next = state.Apply(new ExecutionReturned("e1"));

        Assert.Empty(next.Running);
        Assert.Equal(["e1", "e2"], PendingIds(next));
        Assert.True(next.HasAccepted("e1"));
    }

    [Fact(DisplayName = "ExecutionReturned of an execution not running (ended meanwhile, or never handed over) changes nothing")]
    public void Return_of_unknown_id()
    {
        var state = WithQueued("e1", "e2").Apply(new ExecutionDispatched("e1", "w1"));

        Assert.Same(state, state.Apply(new ExecutionReturned("e2")));
        Assert.Same(state, state.Apply(new ExecutionReturned("nope")));
    }

    [Fact(DisplayName = "ExecutionEnded removes a running execution")]
    public void End_of_running_execution()
    {
        var state = WithQueued("e1", "e2").Apply(new ExecutionDispatched("e1", "w1"));

        var next = state.Apply(new ExecutionEnded("e1", "COMPLETE"));

        Assert.Empty(next.Running);
        Assert.Equal(["e2"], PendingIds(next));
    }

    [Fact(DisplayName = "ExecutionEnded of a running execution leaves the queue as it is, however long")]
    public void End_of_running_execution_keeps_the_queue()
    {
        var state = WithQueued([.. Enumerable.Range(0, 100).Select(i => $"e{i}")]).Apply(new ExecutionDispatched("e0", "w1"));

        var next = state.Apply(new ExecutionEnded("e0", "COMPLETE"));

        Assert.Same(state.Pending, next.Pending);
        Assert.Empty(next.Running);
        Assert.DoesNotContain(next.Pending, m => m.ExecutionId == "e0");
    }

    [Fact(DisplayName = "ExecutionEnded removes a message still pending (e.g. marked ERROR before it ran)")]
    public void End_of_pending_execution()
    {
        var state = WithQueued("e1", "e2", "e3").Apply(new ExecutionDispatched("e1", "w1"));

        var next = state.Apply(new ExecutionEnded("e2", "ERROR"));

        Assert.Equal(["e3"], PendingIds(next));
        Assert.Equal(["e1"], next.Running.Keys);
    }

    [Fact(DisplayName = "ExecutionEnded of an unknown id changes nothing")]
    public void End_of_unknown_execution()
    {
        var state = WithQueued("e1", "e2").Apply(new ExecutionDispatched("e1", "w1"));

        var next = state.Apply(new ExecutionEnded("nope", "COMPLETE"));

        Assert.Equal(["e2"], PendingIds(next));
        Assert.Equal(["e1"], next.Running.Keys);
        Assert.True(next.Exists);
    }

    [Fact(DisplayName = "ActorDeleted clears the queue and running executions and the actor no longer exists")]
    public void Deletion()
    {
        var state = WithQueued("e1", "e2").Apply(new ExecutionDispatched("e1", "w1"));

        var next = state.Apply(new ActorDeleted(Samples.T0));

        Assert.True(next.Deleted);
        Assert.False(next.Exists);
        Assert.Empty(next.Pending);
        Assert.Empty(next.Running);
        Assert.Equal(0, next.PendingCount);
    }

    [Fact(DisplayName = "Registering again after a deletion brings the actor back with an empty queue")]
    public void Registration_after_deletion()
    {
        var state = WithQueued("e1").Apply(new ActorDeleted(Samples.T0));
        var actor = Samples.Actor() with { Revision = 1 };

        var next = state.Apply(new ActorRegistered(actor));

        Assert.True(next.Exists);
        Assert.False(next.Deleted);
        Assert.Same(actor, next.Actor);
        Assert.Empty(next.Pending);
    }

    [Fact(DisplayName = "An event the state does not know leaves it unchanged")]
    public void Unknown_event()
    {
        var state = WithQueued("e1");

        Assert.Same(state, state.Apply(new SomethingElse()));
    }

    [Fact(DisplayName = "Queued messages keep their kind, body and environment")]
    public void Queued_messages_are_kept_whole()
    {
        var message = Samples.Message("e1", MessageKind.Json, """{"a": 1}""");

        var state = Registered().Apply(new MessageQueued(message));

        Assert.Same(message, Assert.Single(state.Pending));
    }

    [Fact(DisplayName = "The recently accepted ids keep the last 1,000 queued, oldest dropped first, whatever ended")]
    public void Recently_accepted_is_bounded()
    {
        var ids = Enumerable.Range(0, ActorEntityState.RecentlyAcceptedKept + 5).Select(i => $"e{i}").ToArray();
        var state = ids.Aggregate(Registered(), (s, id) => s
            .Apply(new MessageQueued(Samples.Message(id)))
            .Apply(new ExecutionEnded(id, "COMPLETE")));

        Assert.Equal(ActorEntityState.RecentlyAcceptedKept, state.RecentlyAccepted.Count);
        Assert.Equal("e5", state.RecentlyAccepted[0]);
        Assert.False(state.HasAccepted("e4"));
        Assert.True(state.HasAccepted($"e{ActorEntityState.RecentlyAcceptedKept + 4}"));
        Assert.Empty(state.Pending);
    }

    [Fact(DisplayName = "Whether an id was accepted agrees with the queue, the running set and the recent ids at every step, and after a recovery")]
    public void Has_accepted_follows_every_change()
    {
        var random = new Random(11);
        var state = Registered();
        var seen = new List<string>();
        for (var step = 0; step < 3000; step++)
        {
            var roll = random.Next(10);
            if (roll < 6 || seen.Count == 0)
            {
                var id = $"e{step}";
                seen.Add(id);
                state = state.Apply(new MessageQueued(Samples.Message(id)));
            }
            else if (roll < 8)
            {
                state = state.Apply(new ExecutionDispatched(seen[random.Next(seen.Count)], "w1"));
            }
            else
            {
                state = state.Apply(new ExecutionEnded(seen[random.Next(seen.Count)], "COMPLETE"));
            }
            var probe = random.Next(2) == 0 ? seen[random.Next(seen.Count)] : $"never-{step}";
            Assert.Equal(NaivelyAccepted(state, probe), state.HasAccepted(probe));
        }

        // A recovered state has new lists (from a snapshot): the answers stay the same.
        var recovered = state with { Pending = [.. state.Pending], RecentlyAccepted = [.. state.RecentlyAccepted] };
        foreach (var id in seen.Append("never"))
            Assert.Equal(NaivelyAccepted(state, id), recovered.HasAccepted(id));
    }

    [Fact(DisplayName = "Snapshots come every snapshot_every events, or as many events as messages queued and running when more")]
    public void Events_between_snapshots_grow_with_the_queue()
    {
        Assert.Equal(500, ActorDecisions.EventsBetweenSnapshots(500, WithQueued("e1", "e2")));
        var ids = Enumerable.Range(0, 700).Select(i => $"e{i}").ToArray();
        var state = WithQueued(ids).Apply(new ExecutionDispatched("e0", "w1"));
        Assert.Equal(700, ActorDecisions.EventsBetweenSnapshots(500, state));
    }

    private static bool NaivelyAccepted(ActorEntityState state, string id) =>
        state.Running.ContainsKey(id) || state.RecentlyAccepted.Contains(id) || state.Pending.Any(m => m.ExecutionId == id);
}
