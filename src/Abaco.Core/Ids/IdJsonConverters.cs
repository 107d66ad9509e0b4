using System.Text.Json;
using System.Text.Json.Serialization;

namespace Abaco.Core.Ids;

// Typed ids are written as the bare strings they wrap, so messages, journals and store documents written before
// the ids were typed read back unchanged, and new ones are byte for byte what the string form was.

internal sealed class ActorIdJsonConverter() : StringIdJsonConverter<ActorId>(s => new ActorId(s), id => id.Value);

internal sealed class ExecutionIdJsonConverter()
    : StringIdJsonConverter<ExecutionId>(s => new ExecutionId(s), id => id.Value);

internal sealed class WorkerIdJsonConverter() : StringIdJsonConverter<WorkerId>(s => new WorkerId(s), id => id.Value);

/// <summary>An actor key is its db id, <c>{tenant}_{id}</c>.</summary>
internal sealed class ActorKeyJsonConverter() : StringIdJsonConverter<ActorKey>(ParseDbId, key => key.DbId)
{
    private static ActorKey ParseDbId(string dbId) =>
        ActorKey.TryParse(dbId, out var key)
            ? key
            : throw new JsonException($"'{dbId}' is not an actor db id of the form <tenant>_<id>.");
}

/// <summary>An id read from and written as one JSON string.</summary>
internal abstract class StringIdJsonConverter<TId>(Func<string, TId> parse, Func<TId, string> text) : JsonConverter<TId>
{
    public override TId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String
            ? parse(reader.GetString()!)
            : throw new JsonException($"A {typeof(TId).Name} is a JSON string, not {reader.TokenType}.");

    public override void Write(Utf8JsonWriter writer, TId value, JsonSerializerOptions options) =>
        writer.WriteStringValue(text(value));
}
