using System.Text.Json;
using Abaco.Core.Actors;
using Abaco.Protocol.Tests;
using Xunit.Sdk;

namespace Abaco.Tests.Support;

/// <summary>The round-trip specs are only as good as the comparison: it must see the differences record equality misses.</summary>
public sealed class DeepAssertSpecs
{
    private static JsonElement Json(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.Clone();
    }

    [Fact(DisplayName = "DeepAssert passes for equal records whose collections and JSON are different instances")]
    public void Equal_records_pass()
    {
        var actor = ProtocolSamples.Actor;
        var copy = actor with
        {
            State = Json(actor.State.GetRawText()),
            Mounts = [.. actor.Mounts],
            Definition = actor.Definition with { Hints = [.. actor.Definition.Hints] },
        };

        Assert.NotEqual(actor, copy); // what record equality says
        DeepAssert.Equal(actor, copy);
    }

    public static TheoryData<string> Mutations => new("state", "mount", "hint", "environment", "kind", "null", "queue");

    [Theory(DisplayName = "DeepAssert fails on a difference inside JSON, arrays, dictionaries, DateTime kinds and nulls")]
    [MemberData(nameof(Mutations))]
    public void Differences_fail(string mutation)
    {
        var actor = ProtocolSamples.Actor;
        object expected = actor;
        object changed = mutation switch
        {
            "state" => actor with { State = Json("""{"count": 4, "words": ["a", "b"], "ratio": 0.25, "nested": {"deep": true}}""") },
            "mount" => actor with { Mounts = [actor.Mounts[0], actor.Mounts[1] with { Mode = "rw" }] },
            "hint" => actor with { Definition = actor.Definition with { Hints = ["sync"] } },
            "environment" => actor with
            {
                Definition = actor.Definition with
                {
                    DefaultEnvironment = actor.Definition.DefaultEnvironment.SetItem("N", Json("4")),
                },
            },
            "kind" => actor with { CreateTime = DateTime.SpecifyKind(actor.CreateTime, DateTimeKind.Unspecified) },
            "null" => actor with { CronNextEx = null },
            _ => ProtocolSamples.EntityState().Apply(new MessageQueued(ProtocolSamples.StrMessage with { ExecutionId = "x" })),
        };
        if (mutation == "queue") expected = ProtocolSamples.EntityState();

        Assert.Throws<FailException>(() => DeepAssert.Equal(expected, changed));
    }
}
