using System.Collections.Immutable;
using System.Text.Json;
using Abaco.Core.Actors;
using Abaco.Core.Messages;
using Shared = Abaco.Testing.Samples;

namespace Abaco.Core.Tests;

/// <summary>
/// The shared sample builders with what the domain specs vary most (an actor's definition, state and tenant; a
/// message's kind, body and environment) as arguments; each spec changes only what it is about.
/// </summary>
internal static class Samples
{
    public static readonly DateTime T0 = Shared.T0;

    public static JsonElement Json(string json) => Shared.Json(json);

    public static ImmutableDictionary<string, JsonElement> Environment(string json) => Shared.Environment(json);

    public static ActorRecord Actor(
        ActorDefinition? definition = null, string state = "{}", string tenant = "DEV_STAGING", string id = Shared.ActorId) =>
        Shared.Actor(tenant, id, definition) with { State = Json(state) };

    public static QueuedMessage Message(
        string executionId, MessageKind kind = MessageKind.Str, string body = "hello",
        ImmutableDictionary<string, string>? environment = null) =>
        Shared.Message(executionId, body, kind) with { Environment = environment ?? ImmutableDictionary<string, string>.Empty };
}
