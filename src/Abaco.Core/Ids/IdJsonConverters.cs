using System.Text.Json;
using System.Text.Json.Serialization;

namespace Abaco.Core.Ids;

// Typed ids are written as the bare strings they wrap, so messages, journals and store documents written before
// the ids were typed read back unchanged, and new ones are byte for byte what the string form was.

internal sealed class ActorIdJsonConverter : JsonConverter<ActorId>
{
    public override ActorId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        new(IdJson.ReadString(ref reader, nameof(ActorId)));

    public override void Write(Utf8JsonWriter writer, ActorId value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.Value);
}

internal sealed class ExecutionIdJsonConverter : JsonConverter<ExecutionId>
{
    public override ExecutionId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        new(IdJson.ReadString(ref reader, nameof(ExecutionId)));

    public override void Write(Utf8JsonWriter writer, ExecutionId value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.Value);
}

internal sealed class WorkerIdJsonConverter : JsonConverter<WorkerId>
{
    public override WorkerId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        new(IdJson.ReadString(ref reader, nameof(WorkerId)));

    public override void Write(Utf8JsonWriter writer, WorkerId value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.Value);
}

/// <summary>An actor key is its db id, <c>{tenant}_{id}</c>.</summary>
internal sealed class ActorKeyJsonConverter : JsonConverter<ActorKey>
{
    public override ActorKey Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var dbId = IdJson.ReadString(ref reader, nameof(ActorKey));
        return ActorKey.TryParse(dbId, out var key)
            ? key
            : throw new JsonException($"'{dbId}' is not an actor db id of the form <tenant>_<id>.");
    }

    public override void Write(Utf8JsonWriter writer, ActorKey value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.DbId);
}

internal static class IdJson
{
    public static string ReadString(ref Utf8JsonReader reader, string idType) =>
        reader.TokenType == JsonTokenType.String
            ? reader.GetString()!
            : throw new JsonException($"A {idType} is a JSON string, not {reader.TokenType}.");
}
