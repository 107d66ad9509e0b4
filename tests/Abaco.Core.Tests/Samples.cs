using System.Collections.Immutable;
using System.Text.Json;
using Abaco.Core.Actors;
using Abaco.Core.Messages;

namespace Abaco.Core.Tests;

/// <summary>Realistic records for the specs; each spec changes only what it is about.</summary>
internal static class Samples
{
    public static readonly DateTime T0 = new(2021, 5, 17, 15, 53, 57, 88, DateTimeKind.Utc);

    public static JsonElement Json(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.Clone();
    }

    public static ImmutableDictionary<string, JsonElement> Environment(string json) =>
        Json(json).EnumerateObject().ToImmutableDictionary(p => p.Name, p => p.Value.Clone());

    public static ActorRecord Actor(
        ActorDefinition? definition = null, string state = "{}", string tenant = "DEV_STAGING", string id = "AKeo3XGAGyRr") =>
        new(tenant, id, "jdoe", "https://api.example.org", definition ?? ActorDefinition.ForImage("abacosamples/test"),
            ActorStatus.Ready, "", Json(state), ImmutableArray<MountSpec>.Empty, 1, null, T0, T0);

    public static QueuedMessage Message(
        string executionId, MessageKind kind = MessageKind.Str, string body = "hello",
        ImmutableDictionary<string, string>? environment = null) =>
        new(executionId, kind, body, environment ?? ImmutableDictionary<string, string>.Empty, "jdoe", T0);
}
