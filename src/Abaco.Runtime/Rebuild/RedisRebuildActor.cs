using Abaco.Core.Ids;
using Abaco.Stores;
using Akka.Actor;
using Akka.Event;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using static Abaco.Protocol.ActorCommands;

namespace Abaco.Runtime.Rebuild;

/// <summary>
/// Refills the Redis projection when it lost its data. On every core node it checks the projection's generation
/// marker at start and every <c>store.redis_check_every</c>; the one node that finds the marker missing (and writes
/// it anew) wakes every actor the journal knows. A sleeping entity recovers and writes its records, as after any
/// restart; a live one writes its actor's and workers' records again. The journal is the list of actors here, not
/// the store: the store is what was lost.
/// </summary>
public sealed class RedisRebuildActor : ReceiveActor, IWithTimers
{
    private const string EntityPrefix = "actor-";

    private readonly IRebuildableStores _stores;
    private readonly IActorRef _entities;
    private readonly TimeSpan _checkEvery;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private bool _busy;
    // The marker is written before the wake-ups: should they fail, this node owes the rebuild and retries it.
    private bool _rebuildOwed;

    public RedisRebuildActor(IRebuildableStores stores, IActorRef entities, TimeSpan checkEvery)
    {
        _stores = stores;
        _entities = entities;
        Receive<Check>(_ => StartCheck());
        Receive<Checked>(OnChecked);
        Receive<Rebuilt>(OnRebuilt);
        Receive<Status.Failure>(OnFailure);
        _checkEvery = checkEvery;
        Self.Tell(Check.Instance);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(IRebuildableStores stores, IActorRef entities, TimeSpan checkEvery) =>
        Akka.Actor.Props.Create(() => new RedisRebuildActor(stores, entities, checkEvery));

    protected override void PreStart() =>
        Timers.StartPeriodicTimer(nameof(Check), Check.Instance, _checkEvery);

    private void StartCheck()
    {
        // One check or rebuild at a time: a slow Redis must not pile up checks behind it.
        if (_busy) return;
        _busy = true;
        if (_rebuildOwed) OnChecked(new Checked(MarkerWasMissing: true));
        else _stores.ClaimRebuildAsync().PipeTo(Self, success: missing => new Checked(missing));
    }

    private void OnChecked(Checked result)
    {
        if (!result.MarkerWasMissing)
        {
            _busy = false;
            return;
        }
        _rebuildOwed = true;
        _log.Warning("Redis holds no generation marker (new, or it lost its data): rebuilding its actors and " +
                     "workers from the journal");
        WakeEveryActorAsync().PipeTo(Self, success: count => new Rebuilt(count));
    }

    private async Task<int> WakeEveryActorAsync()
    {
        var journal = PersistenceQuery.Get(Context.System).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
        var entities = _entities;
        var woken = 0;
        await journal.CurrentPersistenceIds()
            .RunForeach(id =>
            {
                if (!id.StartsWith(EntityPrefix, StringComparison.Ordinal)) return;
                entities.Tell(new Wake(ActorKey.Parse(id[EntityPrefix.Length..])));
                woken++;
            }, Context.System.Materializer())
            .ConfigureAwait(false);
        return woken;
    }

    private void OnRebuilt(Rebuilt rebuilt)
    {
        _busy = false;
        _rebuildOwed = false;
        _log.Warning("Redis rebuild: woke {0} actors of the journal; each rewrites its actor and workers", rebuilt.Actors);
    }

    private void OnFailure(Status.Failure failure)
    {
        // Redis or the journal is away: the next check tries again, the rebuild too if it was owed.
        _busy = false;
        _log.Warning("Redis generation check or rebuild failed: {0}", failure.Cause.GetBaseException().Message);
    }

    private sealed class Check : INoSerializationVerificationNeeded
    {
        public static readonly Check Instance = new();
    }

    private sealed record Checked(bool MarkerWasMissing) : INoSerializationVerificationNeeded;

    private sealed record Rebuilt(int Actors) : INoSerializationVerificationNeeded;
}
