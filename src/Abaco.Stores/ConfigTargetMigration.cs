using System.Text.Json.Nodes;
using Abaco.Core.Ids;
using Abaco.Core.Sharing;

namespace Abaco.Stores;

/// <summary>
/// Configs written before configs were bound to actors have no <c>targets</c>: each item of their <c>actors</c> is
/// bound once, to the actor an alias of that name points at now, or to the actor id itself. (The PostgreSQL backend
/// does the same in a schema migration.)
/// </summary>
public static class ConfigTargetMigration
{
    public const string TargetsField = "targets";

    /// <summary>Whether a stored config document predates binding.</summary>
    public static bool IsUnbound(string doc) => JsonNode.Parse(doc) is JsonObject o && !o.ContainsKey(TargetsField);

    /// <summary>The document with its targets; <paramref name="aliasTarget"/> gives an alias's actor id, or null.</summary>
    public static string Bind(string doc, Func<string, string, string?> aliasTarget)
    {
        var config = StoreJson.Deserialize<ActorConfigRecord>(doc);
        var targets = new List<ConfigTarget>();
        foreach (var item in config.Actors.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (aliasTarget(config.Tenant, item) is { } actorId)
                targets.Add(new ConfigTarget(item, $"{config.Tenant}_{actorId}"));
            else if (AbacoIds.IsHashid(item))
                targets.Add(new ConfigTarget(item, $"{config.Tenant}_{item}"));
        }
        return StoreJson.Serialize(config with { Targets = [.. targets] });
    }
}
