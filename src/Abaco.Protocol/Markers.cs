namespace Abaco.Protocol;

/// <summary>Everything that crosses nodes carries this; the Abaco serializer is bound to it.</summary>
public interface IAbacoProtocolMember;

/// <summary>Messages for one actor's entity, routed by its db id (<c>{tenant}_{id}</c>).</summary>
public interface IWithActorDbId
{
    string DbId { get; }
}
