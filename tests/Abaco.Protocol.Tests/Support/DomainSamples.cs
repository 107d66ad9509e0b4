using System.Collections.Immutable;
using System.Text.Json;
using Abaco.Core.Actors;

namespace Abaco.Tests.Support;

/// <summary>
/// Domain values that exercise every field (unicode, both quotes, nested and null JSON, immutable collections);
/// shared by the serializer and store round-trip specs (linked into Abaco.Stores.Tests).
/// </summary>
internal static class DomainSamples
{
    public static readonly DateTime T0 = new(2021, 5, 17, 15, 53, 57, 88, DateTimeKind.Utc);

    public static JsonElement Json(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.Clone();
    }

    public static readonly ActorDefinition FullDefinition = new(
        Image: "abacosamples/wc:1.0",
        Name: "word-count",
        Description: "Counts words — ünïcode, 'single' and \"double\" quotes",
        DefaultEnvironment: Json("""{"LEVEL": "debug", "N": 3, "RATIO": 0.5, "ON": true, "NIL": null, "NESTED": {"a": [1, null, "x"]}}""")
            .EnumerateObject().ToImmutableDictionary(p => p.Name, p => p.Value.Clone()),
        Stateless: false,
        Privileged: true,
        UseContainerUid: true,
        Token: true,
        MaxWorkers: 4,
        MemLimit: "1g",
        MaxCpus: 1_500_000_000,
        Queue: "priority",
        Hints: ["sync", "gpu"],
        Link: "DlzypRjPkkWV",
        Webhook: "https://hooks.example.org/abaco",
        CronSchedule: "2021-05-17 16 + 1 hour",
        CronOn: true,
        LogEx: 86400,
        Type: "none");
}
