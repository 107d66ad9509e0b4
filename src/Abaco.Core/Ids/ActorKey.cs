using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;

namespace Abaco.Core.Ids;

/// <summary>
/// An actor as the system addresses it: tenant plus id. <see cref="DbId"/> (<c>{tenant}_{id}</c>) is the
/// original's db id; it names the sharded entity, its persistence id and its containers. This type is the one
/// place that joins a db id from its parts or splits one into them.
/// </summary>
[JsonConverter(typeof(ActorKeyJsonConverter))]
public readonly record struct ActorKey(string Tenant, ActorId Id)
{
    public string DbId => $"{Tenant}_{Id.Value}";

    public static ActorKey New(string tenant) => new(tenant, new ActorId(AbacoIds.NewId()));

    /// <summary>The key of actor <paramref name="id"/> in <paramref name="tenant"/>.</summary>
    public static ActorKey Of(string tenant, string id) => new(tenant, new ActorId(id));

    /// <summary>Splits a db id at its last underscore (ids never contain one; tenants may).</summary>
    /// <exception cref="FormatException">The string is not <c>{tenant}_{id}</c>.</exception>
    public static ActorKey Parse(string dbId) =>
        TryParse(dbId, out var key)
            ? key
            : throw new FormatException($"'{dbId}' is not an actor db id of the form <tenant>_<id>.");

    /// <summary>Like <see cref="Parse"/>, false instead of an exception when the string is not a db id.</summary>
    public static bool TryParse([NotNullWhen(true)] string? dbId, out ActorKey key)
    {
        var cut = dbId?.LastIndexOf('_') ?? -1;
        if (dbId is null || cut <= 0 || cut == dbId.Length - 1)
        {
            key = default;
            return false;
        }

        key = new ActorKey(dbId[..cut], new ActorId(dbId[(cut + 1)..]));
        return true;
    }

    public override string ToString() => DbId;
}
