using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Event;
using static Abaco.Protocol.WorkerProtocol;

namespace Abaco.Runtime.Spawner;

/// <summary>
/// Starts workers on this node's Docker host for one queue (the original's spawner process). Every spawner of a
/// queue registers under the same path, so an entity reaches one of them through the pub-sub mediator, preferring
/// its own node. Workers are its children: they die with the node, and their entity notices.
/// </summary>
public sealed class SpawnerActor : UntypedActor
{
    private readonly Func<StartWorker, Props> _workerProps;
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public SpawnerActor(Func<StartWorker, Props> workerProps) => _workerProps = workerProps;

    public static Props Props(Func<StartWorker, Props> workerProps) =>
        Akka.Actor.Props.Create(() => new SpawnerActor(workerProps));

    protected override void PreStart() => DistributedPubSub.Get(Context.System).Mediator.Tell(new Put(Self));

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case StartWorker start:
                var name = $"worker-{start.WorkerId}";
                if (!Context.Child(name).IsNobody()) return; // a duplicate command
                _log.Info("Starting worker {0} for {1} (image {2}, revision {3})", start.WorkerId, start.DbId,
                    start.Image, start.Revision);
                Context.ActorOf(_workerProps(start), name);
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    /// <summary>A worker that crashes is stopped, not restarted: its entity sees it die and decides.</summary>
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(_ => Directive.Stop);
}
