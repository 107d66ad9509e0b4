using System.Text.Json;
using Abaco.Core.Ids;

namespace Abaco.Core.Tests.Ids;

public sealed class IdJsonSpecs
{
    private sealed record Holder(ActorKey Key, ActorId Actor, ExecutionId Execution, WorkerId Worker, ExecutionId? Maybe);

    private static readonly JsonSerializerOptions Snake = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    [Fact(DisplayName = "Typed ids are written as the bare strings they wrap, an actor key as its db id")]
    public void Ids_write_as_strings()
    {
        var holder = new Holder(ActorKey.Parse("DEV_STAGING_AKeo3XGAGyRr"), new ActorId("AKeo3XGAGyRr"),
            new ExecutionId("vxweVD0YywkrB"), new WorkerId("ygwO80z78NBPj"), null);

        var json = JsonSerializer.Serialize(holder, Snake);

        Assert.Equal(
            """{"key":"DEV_STAGING_AKeo3XGAGyRr","actor":"AKeo3XGAGyRr","execution":"vxweVD0YywkrB","worker":"ygwO80z78NBPj","maybe":null}""",
            json);
        Assert.Equal(holder, JsonSerializer.Deserialize<Holder>(json, Snake));
    }

    [Fact(DisplayName = "A string written where an id now is reads as that id")]
    public void Strings_read_as_ids()
    {
        const string json = """{"key":"SD2E-DEV_x1","actor":"x1","execution":"e1","worker":"w1","maybe":"e2"}""";

        var holder = JsonSerializer.Deserialize<Holder>(json, Snake)!;

        Assert.Equal(new ActorKey("SD2E-DEV", new ActorId("x1")), holder.Key);
        Assert.Equal(new ExecutionId("e2"), holder.Maybe);
    }

    [Theory(DisplayName = "A value that is not an id of its kind is refused with a JsonException")]
    [InlineData("""{"key":"no-underscore","actor":"x1","execution":"e1","worker":"w1","maybe":null}""")]
    [InlineData("""{"key":"DEV_x1","actor":7,"execution":"e1","worker":"w1","maybe":null}""")]
    [InlineData("""{"key":"DEV_x1","actor":"x1","execution":{"value":"e1"},"worker":"w1","maybe":null}""")]
    public void Malformed_ids_are_refused(string json)
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Holder>(json, Snake));
    }

    [Theory(DisplayName = "ActorKey.TryParse accepts db ids and refuses the rest without throwing")]
    [InlineData("DEV_x1", true)]
    [InlineData("my_odd-tenant_x_x1", true)]
    [InlineData("x1", false)]
    [InlineData("_x1", false)]
    [InlineData("DEV_", false)]
    [InlineData(null, false)]
    public void TryParse(string? dbId, bool parses)
    {
        Assert.Equal(parses, ActorKey.TryParse(dbId, out var key));
        if (parses) Assert.Equal(dbId, key.DbId);
    }

    [Fact(DisplayName = "ActorKey.Of joins a tenant and an actor id into the db id")]
    public void Of_joins()
    {
        Assert.Equal("SD2E-DEV_AKeo3XGAGyRr", ActorKey.Of("SD2E-DEV", "AKeo3XGAGyRr").DbId);
    }
}
