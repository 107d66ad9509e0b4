using Abaco.Core.Ids;

namespace Abaco.Protocol;

/// <summary>Everything that crosses nodes carries this; the Abaco serializer is bound to it.</summary>
public interface IAbacoProtocolMember;

/// <summary>Messages for one actor's entity, routed by the db id (<c>{tenant}_{id}</c>) of its key.</summary>
public interface IWithActorKey
{
    ActorKey ActorKey { get; }
}

/// <summary>
/// Registry key of the shard region (or proxy) of the actor entities. It lives here, beside the messages the region
/// routes, so the API can ask the entities without referencing the runtime that hosts them.
/// </summary>
public sealed class ActorEntityRegion;
