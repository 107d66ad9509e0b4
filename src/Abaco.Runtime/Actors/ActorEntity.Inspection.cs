using System.Collections.Immutable;
using Abaco.Core.Actors;
using Akka.Actor;
using Akka.Cluster;
using static Abaco.Protocol.AdminProtocol;

namespace Abaco.Runtime.Actors;

/// <summary>
/// <c>abaco-admin actor inspect</c>: what the entity knows right now, answered in every behaviour without changing
/// anything (the node holding it, the journal position, the queue, the workers in memory).
/// </summary>
public sealed partial class ActorEntity
{
    private void Inspect()
    {
        var exists = _state.Exists;
        var self = Cluster.Get(Context.System).SelfAddress;
        // A local worker's path has no host part: its node is this one.
        var workers = _workers.All.Select(w => new InspectedWorker(w.Record.Id, w.Record.Status, w.Record.HostId,
            w.Handle is null ? "" : (w.Handle.Path.Address.HasGlobalScope ? w.Handle.Path.Address : self).ToString(),
            w.Record.Cid, w.CurrentExecution)).ToImmutableArray();
        Sender.Tell(new ActorInspection(_dbId, exists, _behaviour.ToString(), exists ? Actor.Status : "",
            self.ToString(), LastSequenceNr, _state.PendingCount,
            [.. _state.Running.Keys], workers,
            exists && Actor.Status == ActorStatus.Error ? Actor.StatusMessage : null));
    }
}
