using System.Collections.Immutable;
using System.Diagnostics;
using Abaco.Api.Gateway;
using Abaco.Api.Http;
using Abaco.Core.Ids;
using Abaco.Core.Messages;
using Abaco.Core.Settings;
using Abaco.Protocol;
using Akka.Actor;
using Akka.Hosting;
using static Abaco.Protocol.ActorCommands;

namespace Abaco.Api.Tests.Gateway;

/// <summary>
/// The gateway's asks against stand-in entities in a real actor system: the answer when one comes, the 503 when none
/// comes within <c>web.ask_timeout</c>, a message re-sent each <c>web.ask_attempt_timeout</c>, and the caller's
/// cancellation.
/// </summary>
public sealed class ActorsGatewaySpecs : IDisposable
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromMilliseconds(800);
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private static readonly ActorKey Actor = ActorKey.Parse("spec_actor1");

    private readonly ActorSystem _system = ActorSystem.Create("gateway-specs");
    private readonly AskDeadlines _deadlines = new(TimeProvider.System, TimeSpan.FromMilliseconds(20));

    [Fact]
    public async Task A_message_the_entity_accepts_is_answered_with_its_acceptance()
    {
        var entity = Entity(answerFrom: 1);

        var accepted = await Gateway(entity).AskAsync<MessageAccepted>(Send(), CancellationToken.None).WaitAsync(Bound);

        Assert.Equal("exec1", accepted.ExecutionId.Value);
    }

    [Fact]
    public async Task A_message_lost_on_the_way_is_sent_again_and_answered()
    {
        var entity = Entity(answerFrom: 2);

        var accepted = await Gateway(entity).AskAsync<MessageAccepted>(Send(), CancellationToken.None).WaitAsync(Bound);

        Assert.Equal("exec1", accepted.ExecutionId.Value);
        Assert.Equal(2, await Received(entity));
    }

    [Fact]
    public async Task A_message_never_answered_is_a_503_once_the_ask_timeout_has_passed()
    {
        var entity = Entity(answerFrom: int.MaxValue);
        var watch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<ApiError>(() =>
            Gateway(entity).AskAsync<MessageAccepted>(Send(), CancellationToken.None).WaitAsync(Bound));

        Assert.Equal(503, error.StatusCode);
        Assert.True(watch.Elapsed >= AskTimeout, $"gave up after {watch.Elapsed}, before the ask timeout");
        Assert.True(await Received(entity) >= 2, "the message was sent again after each attempt");
    }

    [Fact]
    public async Task A_command_that_may_not_repeat_is_sent_once_and_unanswered_is_a_503()
    {
        var entity = Entity(answerFrom: int.MaxValue);

        var error = await Assert.ThrowsAsync<ApiError>(() =>
            Gateway(entity).CommandAsync(new DeleteActor(Actor), CancellationToken.None).WaitAsync(Bound));

        Assert.Equal(503, error.StatusCode);
        Assert.Equal(1, await Received(entity));
    }

    [Fact]
    public async Task A_caller_that_gives_up_cancels_the_ask_without_a_503()
    {
        var entity = Entity(answerFrom: int.MaxValue);
        using var caller = new CancellationTokenSource();

        var ask = Gateway(entity).AskAsync<MessageAccepted>(Send(), caller.Token);
        await caller.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ask.WaitAsync(Bound));
    }

    private ActorsGateway Gateway(IActorRef entity)
    {
        var settings = AbacoSettings.Defaults with
        {
            Web = AbacoSettings.Defaults.Web with { AskTimeout = AskTimeout, AskAttemptTimeout = AttemptTimeout },
        };
        return new ActorsGateway(new Region(entity), settings, _deadlines);
    }

    private IActorRef Entity(int answerFrom) => _system.ActorOf(Props.Create(() => new StandInEntity(answerFrom)));

    private static async Task<int> Received(IActorRef entity) => await entity.Ask<int>(StandInEntity.HowMany, Bound);

    private static SendMessage Send() =>
        new(Actor, new QueuedMessage("exec1", MessageKind.Str, "hello", ImmutableDictionary<string, string>.Empty, "spec",
            DateTime.UtcNow));

    public void Dispose()
    {
        _deadlines.Dispose();
        _system.Terminate().Wait(Bound);
    }

    /// <summary>Answers every command from its <c>answerFrom</c>-th on (earlier ones are lost); counts what it got.</summary>
    private sealed class StandInEntity : ReceiveActor
    {
        public const string HowMany = "how many";
        private int _received;

        public StandInEntity(int answerFrom)
        {
            Receive<string>(_ => Sender.Tell(_received));
            Receive<IActorCommand>(command =>
            {
                if (++_received < answerFrom) return;
                Sender.Tell(command is SendMessage send
                    ? new MessageAccepted(new ExecutionId(send.Message.ExecutionId), 1)
                    : AbacoResult.Ok);
            });
        }
    }

    private sealed class Region(IActorRef entity) : IRequiredActor<ActorEntityRegion>
    {
        public IActorRef ActorRef => entity;
        public Task<IActorRef> GetAsync(CancellationToken cancellationToken = default) => Task.FromResult(entity);
    }
}
