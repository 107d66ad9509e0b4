using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Event;
using static Abaco.Protocol.WorkerProtocol;

namespace Abaco.Runtime.Spawner;

/// <summary>
/// Starts workers on this node's Docker host for one queue (the original's spawner process). Every spawner of a
/// queue registers under the same path, so an entity reaches one of them through the pub-sub mediator, preferring
/// its own node. Workers are its children: they die with the node, and their entity notices.
/// <para>
/// Back-pressure (original-abaco.md §3.2): the spawners of a node together run at most <c>spawner.max_workers_per_host</c>
/// workers. A request beyond that waits here, in arrival order, and starts when a worker of this host stops. The
/// entity's start timeout asks the spawner (<see cref="Identify"/>) before giving up, so a waiting request does not
/// put its actor in ERROR.
/// </para>
/// </summary>
public sealed class SpawnerActor : UntypedActor
{
    private readonly Func<StartWorker, Props> _workerProps;
    private readonly HostSlots _slots;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Queue<StartWorker> _waiting = new();
    private readonly Dictionary<string, IActorRef> _requesters = new();
    private readonly HashSet<IActorRef> _running = [];
    private bool _drained;

    public SpawnerActor(Func<StartWorker, Props> workerProps, HostSlots slots)
    {
        _workerProps = workerProps;
        _slots = slots;
    }

    /// <param name="workerProps">How to make the worker of a request.</param>
    /// <param name="slots">The host's limit, shared by every spawner of the node.</param>
    public static Props Props(Func<StartWorker, Props> workerProps, HostSlots slots) =>
        Akka.Actor.Props.Create(() => new SpawnerActor(workerProps, slots));

    /// <summary>Published on the event stream when a worker of this host stopped: waiting requests may start.</summary>
    private sealed class HostSlotFreed : INoSerializationVerificationNeeded
    {
        public static readonly HostSlotFreed Instance = new();
    }

    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe(Self, typeof(HostSlotFreed));
        Mediator.Tell(new Put(Self));
    }

    private IActorRef Mediator => DistributedPubSub.Get(Context.System).Mediator;

    protected override void PostStop()
    {
        Context.System.EventStream.Unsubscribe(Self);
        // The children stop with this spawner: their slots are free for the other spawners of the host.
        var freed = _running.Count;
        for (var i = 0; i < freed; i++) _slots.Release();
        _running.Clear();
        if (freed > 0) Context.System.EventStream.Publish(HostSlotFreed.Instance);
        if (_waiting.Count > 0)
            _log.Warning("Spawner stopped with {0} worker requests waiting; their actors will notice", _waiting.Count);
    }

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case StartWorker start when _drained:
                HandOn(start, Sender);
                break;
            case StartWorker start:
                // Acknowledged even when a duplicate: the entity learns which spawner (and node) holds it.
                Sender.Tell(new WorkerRequestHeld(start.WorkerId));
                var name = ChildName(start);
                if (!Context.Child(name).IsNobody() || _waiting.Any(w => w.WorkerId == start.WorkerId))
                    return; // a duplicate command
                _waiting.Enqueue(start);
                _requesters[start.WorkerId.Value] = Sender;
                StartWaiting();
                if (_waiting.Any(w => w.WorkerId == start.WorkerId))
                    _log.Info("Host full ({0} of {1} workers): worker {2} of {3} waits ({4} waiting)", _slots.Used,
                        _slots.Capacity, start.WorkerId, start.ActorKey.DbId, _waiting.Count);
                break;
            case Terminated terminated when _running.Remove(terminated.ActorRef):
                _slots.Release();
                Context.System.EventStream.Publish(HostSlotFreed.Instance);
                break;
            case HostSlotFreed:
                StartWaiting();
                break;
            case SpawnerAdmin.SetDrained drain:
                SetDrained(drain.Drained);
                Sender.Tell(State());
                break;
            case SpawnerAdmin.GetState:
                Sender.Tell(State());
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    /// <summary>Starts waiting requests while the host has room.</summary>
    private void StartWaiting()
    {
        while (!_drained && _waiting.Count > 0 && _slots.TryAcquire())
        {
            var start = _waiting.Dequeue();
            _requesters.Remove(start.WorkerId.Value);
            _log.Info("Starting worker {0} for {1} (image {2}, revision {3})", start.WorkerId, start.ActorKey.DbId,
                start.Image, start.Revision);
            var worker = Context.ActorOf(_workerProps(start), ChildName(start));
            Context.Watch(worker);
            _running.Add(worker);
        }
    }

    /// <summary>
    /// Drained, the spawner leaves the pub-sub registry, so entities' requests reach the other spawners of the queue;
    /// requests already waiting here are handed on with their entity as sender (it then watches their new spawner).
    /// </summary>
    private void SetDrained(bool drained)
    {
        if (drained == _drained) return;
        _drained = drained;
        _log.Info(drained ? "Spawner drained: no new workers here" : "Spawner undrained: accepting workers again");
        if (!drained)
        {
            Mediator.Tell(new Put(Self));
            return;
        }
        Mediator.Tell(new Remove(Self.Path.ToStringWithoutAddress()));
        while (_waiting.TryDequeue(out var start))
        {
            _requesters.Remove(start.WorkerId.Value, out var requester);
            HandOn(start, requester ?? ActorRefs.Nobody);
        }
    }

    /// <summary>
    /// A request a drained spawner will not run goes to another spawner of the queue (this one is out of the
    /// registry); with none, it is lost and the entity's unacknowledged-request timer asks again.
    /// </summary>
    private void HandOn(StartWorker start, IActorRef requester)
    {
        _log.Info("Drained: worker {0} of {1} handed to another spawner", start.WorkerId, start.ActorKey.DbId);
        Mediator.Tell(new Send(Self.Path.ToStringWithoutAddress(), start, localAffinity: false), requester);
    }

    private SpawnerAdmin.SpawnerState State() => new(Self.Path.Name["spawner-".Length..], _drained,
        [.. _running.Select(w => w.Path.Name["worker-".Length..])], [.. _waiting.Select(w => w.WorkerId.Value)]);

    private static string ChildName(StartWorker start) => $"worker-{start.WorkerId}";

    /// <summary>A worker that crashes is stopped, not restarted: its entity sees it die and decides.</summary>
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(_ => Directive.Stop);
}
