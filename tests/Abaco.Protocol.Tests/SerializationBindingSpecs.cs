using Abaco.Core.Actors;
using Abaco.Protocol.Serialization;
using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Abaco.Protocol.Tests;

/// <summary>
/// A real ActorSystem started the way the node starts it: Akka.Hosting's <c>AddAkka</c> with the production
/// <c>AddAbacoSerialization</c>, brought up and down by its hosted service.
/// </summary>
public sealed class HostedSystemFixture : IAsyncLifetime
{
    private ServiceProvider? _provider;
    private IHostedService[] _hosted = [];

    public ActorSystem System { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IHostApplicationLifetime, TestLifetime>();
        services.AddAkka("binding-specs", (builder, _) => builder.AddAbacoSerialization());
        _provider = services.BuildServiceProvider();
        _hosted = _provider.GetServices<IHostedService>().ToArray();
        foreach (var hosted in _hosted) await hosted.StartAsync(CancellationToken.None);
        System = _provider.GetRequiredService<ActorSystem>();
    }

    public async Task DisposeAsync()
    {
        foreach (var hosted in _hosted.Reverse()) await hosted.StopAsync(CancellationToken.None);
        if (_provider is not null) await _provider.DisposeAsync();
    }
}

/// <summary>What the generic host would provide; the hosted Akka service asks for it.</summary>
internal sealed class TestLifetime : IHostApplicationLifetime
{
    public CancellationToken ApplicationStarted => CancellationToken.None;
    public CancellationToken ApplicationStopping => CancellationToken.None;
    public CancellationToken ApplicationStopped => CancellationToken.None;
    public void StopApplication() { }
}

public sealed class SerializationBindingSpecs(HostedSystemFixture fixture) : IClassFixture<HostedSystemFixture>
{
    private ActorSystem Sys => fixture.System;

    public static TheoryData<string> Bound => new("ev.registered", "ev.queued", "ev.ended", "snap.actor", "cmd.send",
        "cmd.register", "reply.actor", "result", "w.run", "w.finished", "w.status");

    [Theory(DisplayName = "AddAbacoSerialization binds events, commands, replies, worker messages and the snapshot")]
    [MemberData(nameof(Bound))]
    public void Bound_to_the_abaco_serializer(string sampleName)
    {
        var serializer = Sys.Serialization.FindSerializerFor(ProtocolSamples.All[sampleName]);

        Assert.IsType<AbacoSerializer>(serializer);
        Assert.Equal(AbacoSerializer.Id, serializer.Identifier);
    }

    [Fact(DisplayName = "The snapshot type ActorEntityState is bound even though it is no protocol member")]
    public void Snapshot_is_bound()
    {
        Assert.IsType<AbacoSerializer>(Sys.Serialization.FindSerializerForType(typeof(ActorEntityState)));
    }

    [Fact(DisplayName = "Messages outside the protocol keep Akka's own serializers")]
    public void Other_types_are_not_bound()
    {
        Assert.IsNotType<AbacoSerializer>(Sys.Serialization.FindSerializerFor("a string"));
        Assert.IsNotType<AbacoSerializer>(Sys.Serialization.FindSerializerFor(new Version(1, 0)));
    }

    [Theory(DisplayName = "A message round-trips through the system's serialization registry by serializer id and manifest")]
    [MemberData(nameof(Bound))]
    public void Round_trip_through_the_registry(string sampleName)
    {
        var sample = ProtocolSamples.All[sampleName];
        var serializer = Sys.Serialization.FindSerializerFor(sample);
        var bytes = serializer.ToBinary(sample);
        var manifest = Akka.Serialization.Serialization.ManifestFor(serializer, sample);

        var back = Sys.Serialization.Deserialize(bytes, serializer.Identifier, manifest);

        Abaco.Tests.Support.DeepAssert.Equal(sample, back);
    }
}
