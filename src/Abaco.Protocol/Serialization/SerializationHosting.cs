using Abaco.Core.Actors;
using Akka.Hosting;

namespace Abaco.Protocol.Serialization;

public static class SerializationHosting
{
    /// <summary>Binds <see cref="AbacoSerializer"/> to the protocol, the events and the entity snapshots.</summary>
    public static AkkaConfigurationBuilder AddAbacoSerialization(this AkkaConfigurationBuilder builder) =>
        builder.WithCustomSerializer("abaco", [typeof(IAbacoProtocolMember), typeof(IActorEvent), typeof(ActorEntityState)],
            system => new AbacoSerializer(system));
}
