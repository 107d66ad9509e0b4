using Akka.Actor;

namespace Abaco.Runtime.Actors;

/// <summary>
/// How the entity stops when its shard moves to another node (a rebalance, or its node leaving). Sharding's default
/// stop message, a <see cref="PoisonPill"/>, is handled ahead of everything the entity still has in hand: a dispatch
/// journalled with PersistAsync whose handler has not run yet would stay "running" on a worker that was never told,
/// and the next incarnation would end it ERROR as interrupted. <see cref="HandOff"/> stops the entity only after every
/// event it issued is journalled and handled, and nothing new is dispatched meanwhile (the next incarnation does it).
/// </summary>
public sealed partial class ActorEntity
{
    /// <summary>The shard's stop message for its entities on hand-off (local only, never serialized).</summary>
    public sealed class HandOff : INoSerializationVerificationNeeded
    {
        public static readonly HandOff Instance = new();

        private HandOff()
        {
        }
    }

    private bool _handingOff;

    private void OnHandOff()
    {
        _handingOff = true;
        // DeferAsync runs after the handlers of every PersistAsync issued before it.
        DeferAsync(HandOff.Instance, _ => Context.Stop(Self));
    }
}
