using System.Text.Json;
using Abaco.Core.Ids;

namespace Abaco.Protocol.Serialization;

/// <summary>
/// snake_case, except that a message's <see cref="ActorKey"/> keeps the name it had when it was a string,
/// <c>db_id</c>; with the typed ids written as bare strings, a message reads and writes exactly as before.
/// </summary>
internal sealed class ProtocolNamingPolicy : JsonNamingPolicy
{
    public static readonly ProtocolNamingPolicy Instance = new();

    private const string ActorKeyName = "db_id";

    public override string ConvertName(string name) =>
        name == nameof(IWithActorKey.ActorKey) ? ActorKeyName : SnakeCaseLower.ConvertName(name);
}
