using System.Collections.Immutable;
using Abaco.Core.Actors;
using Abaco.Core.Settings;

namespace Abaco.Core.Tests.Actors;

/// <summary>The entity's answers to requests, decided without an actor system: the event to persist, or the refusal.</summary>
public sealed class ActorDecisionsSpecs
{
    private static readonly WorkerSettings Workers = AbacoSettings.Defaults.Workers;
    private static readonly DateTime Now = new(2026, 11, 29, 10, 20, 0, DateTimeKind.Utc);

    [Fact(DisplayName = "Registering makes a SUBMITTED record at revision 1; a schedule turns cron on from its start")]
    public void Registration()
    {
        var definition = ActorDefinition.ForImage("abaco/test") with { CronSchedule = "2026-11-29 08 + 1 hour" };

        var actor = ActorDecisions.Register("TEST", "id1", definition, "jdoe", "http://api", default, Workers, Now).Actor;

        Assert.Equal((ActorStatus.Submitted, 1, "2026-11-29 8"), (actor.Status, actor.Revision, actor.CronNextEx));
        Assert.True(actor.Definition.CronOn);
        Assert.Empty(actor.OwnerRoles);
        Assert.Equal("{}", actor.State.GetRawText());
        Assert.Null(ActorDecisions.Register("TEST", "id1", ActorDefinition.ForImage("a"), "jdoe", "http://api", ["r"],
            Workers, Now).Actor.CronNextEx);
    }

    [Fact(DisplayName = "An update keeps the name, bumps the revision and resets the status only for a new image or force")]
    public void Update_revision()
    {
        var actor = Samples.Actor(ActorDefinition.ForImage("abaco/one") with { Name = "kept" }) with { OwnerRoles = ["r"] };

        var same = ActorDecisions.Update(actor, actor.Definition with { Name = "other", Description = "d" }, false, null,
            Workers, Now).Event!.Actor;
        Assert.Equal(("kept", 1, ActorStatus.Ready, "d"), (same.Definition.Name, same.Revision, same.Status, same.Definition.Description));
        Assert.Equal(["r"], same.OwnerRoles.ToArray());

        var newImage = ActorDecisions.Update(actor, ActorDefinition.ForImage("abaco/two"), false,
            ImmutableArray.Create("owner-role"), Workers, Now).Event!.Actor;
        Assert.Equal((2, ActorStatus.Submitted, "kept"), (newImage.Revision, newImage.Status, newImage.Definition.Name));
        Assert.Equal(["owner-role"], newImage.OwnerRoles.ToArray());

        Assert.Equal(2, ActorDecisions.Update(actor, actor.Definition, true, null, Workers, Now).Event!.Actor.Revision);
    }

    [Fact(DisplayName = "A stateful actor cannot be updated to be stateless")]
    public void Stateful_stays_stateful()
    {
        var actor = Samples.Actor(ActorDefinition.ForImage("abaco/one") with { Stateless = false });

        var decision = ActorDecisions.Update(actor, ActorDefinition.ForImage("abaco/one"), false, null, Workers, Now);

        Assert.Null(decision.Event);
        Assert.Equal(new Refusal(RefusalKind.BadRequest,
            "Invalid actor description: an actor that was not stateless cannot be updated to be stateless."), decision.Refusal);
    }

    [Fact(DisplayName = "Only a stateful actor's state can be set")]
    public void State()
    {
        var state = Samples.Json("""{"n": 1}""");
        Assert.Equal(new Refusal(RefusalKind.NotFound, "actor is stateless."),
            ActorDecisions.SetState(Samples.Actor(), state, Now).Refusal);

        var stateful = Samples.Actor(ActorDefinition.ForImage("a") with { Stateless = false });
        Assert.Equal("""{"n": 1}""", ActorDecisions.SetState(stateful, state, Now).Event!.Actor.State.GetRawText());
    }

    [Fact(DisplayName = "A message is queued with the actor's revision until the queue cap, then refused as Full")]
    public void Accept()
    {
        var actor = Samples.Actor() with { Revision = 4 };

        var queued = ActorDecisions.Accept(actor, Samples.Message("e1"), waiting: 2, cap: 3).Event!;
        Assert.Equal(4, queued.Message.ActorRevision);

        Assert.Equal(new Refusal(RefusalKind.Full,
                "The actor has 3 messages waiting already (web.max_queued_messages_per_actor); try again later."),
            ActorDecisions.Accept(actor, Samples.Message("e2"), waiting: 3, cap: 3).Refusal);
    }

    [Fact(DisplayName = "Only a running execution on a worker that reported can be halted; the refusal names the status found")]
    public void Halt()
    {
        var state = ActorEntityState.Empty.Apply(new ActorRegistered(Samples.Actor()))
            .Apply(new MessageQueued(Samples.Message("queued")))
            .Apply(new MessageQueued(Samples.Message("running")))
            .Apply(new ExecutionDispatched("running", "w1"));
        const string prefix = "Cannot force quit an execution not in RUNNING status. Execution was found in status: ";

        Assert.Null(ActorDecisions.Halt(state, "running", heldByReachableWorker: true, heldByAnyWorker: true));
        Assert.Equal(prefix + "SUBMITTED", ActorDecisions.Halt(state, "queued", false, false)!.Message);
        Assert.Equal(prefix + "SUBMITTED", ActorDecisions.Halt(state, "running", false, true)!.Message);
        Assert.Equal(prefix + "COMPLETE or ERROR", ActorDecisions.Halt(state, "gone", false, false)!.Message);
    }

    [Fact(DisplayName = "A repeated message is recognised by its execution id: waiting, running, recently ended, or being journalled")]
    public void Repeated_message()
    {
        var state = ActorEntityState.Empty.Apply(new ActorRegistered(Samples.Actor()));
        foreach (var id in new[] { "waiting", "running", "ended" }) state = state.Apply(new MessageQueued(Samples.Message(id)));
        state = state.Apply(new ExecutionDispatched("running", "w1"))
            .Apply(new ExecutionDispatched("ended", "w1"))
            .Apply(new ExecutionEnded("ended", "COMPLETE"));
        var beingQueued = new HashSet<string> { "journalling" };

        Assert.Equal(SendKind.AlreadyQueued, ActorDecisions.Classify(state, beingQueued, "waiting"));
        Assert.Equal(SendKind.AlreadyQueued, ActorDecisions.Classify(state, beingQueued, "running"));
        Assert.Equal(SendKind.AlreadyQueued, ActorDecisions.Classify(state, beingQueued, "ended"));
        Assert.Equal(SendKind.BeingQueued, ActorDecisions.Classify(state, beingQueued, "journalling"));
        Assert.Equal(SendKind.New, ActorDecisions.Classify(state, beingQueued, "new"));
    }
}
