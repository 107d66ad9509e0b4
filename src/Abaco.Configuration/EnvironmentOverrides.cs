using System.Text;
using Abaco.Core.Settings;
using Akka.Configuration;

namespace Abaco.Configuration;

/// <summary>One key set by an environment variable.</summary>
internal sealed record EnvironmentOverride(SchemaKey Key, string? MapEntry, string Value, string Variable)
{
    public string Path => MapEntry is null ? Key.Path : $"{Key.Path}.{MapEntry}";
}

/// <summary>
/// Environment variables that override single keys of abaco.hocon, in two spellings:
/// <list type="bullet">
/// <item><c>{section}_{key}</c> — the original Abaco's convention (<c>web_case=camel</c>), matched exactly, lower case
/// as in the file. Exact matching keeps Kubernetes' service variables (<c>WEB_PORT=tcp://…</c>) out.</item>
/// <item><c>ABACO__{section}__{key}</c> — the .NET configuration style, matched ignoring case; wins over the first.</item>
/// </list>
/// A map key (<c>logs.levels</c>) takes one more part: <c>logs_levels_spawner</c>, <c>ABACO__logs__levels__spawner</c>.
/// List keys take a comma list (<c>spawner_host_queues=default,special</c>; an empty value is an empty list). A
/// variable that names no key of the defaults is ignored, and a null value counts as unset.
/// </summary>
internal static class EnvironmentOverrides
{
    public const string Prefix = "ABACO__";

    public static IReadOnlyList<EnvironmentOverride> Find(KeySchema schema, IReadOnlyDictionary<string, string?> environment)
    {
        var plain = new Dictionary<string, EnvironmentOverride>(StringComparer.Ordinal);
        var prefixed = new Dictionary<string, EnvironmentOverride>(StringComparer.Ordinal);
        var conflicts = new List<string>();

        // Sorted so that the outcome never depends on the dictionary's enumeration order.
        foreach (var (name, value) in environment.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            if (value is null)
            {
                continue;
            }

            if (name.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
            {
                if (MatchPrefixed(schema, name, value) is { } found)
                {
                    if (prefixed.TryGetValue(found.Path, out var earlier))
                    {
                        conflicts.Add($"{found.Path} is set by both {earlier.Variable} and {found.Variable}; keep one of them");
                    }

                    prefixed[found.Path] = found;
                }
            }
            else if (MatchPlain(schema, name, value) is { } found)
            {
                plain[found.Path] = found;
            }
        }

        if (conflicts.Count > 0)
        {
            throw new AbacoConfigurationException(conflicts);
        }

        foreach (var (path, found) in prefixed)
        {
            plain[path] = found;
        }

        return plain.Values.ToList();
    }

    /// <summary>The overrides as a HOCON layer (quoted strings; the binder parses and validates every value).</summary>
    public static Config ToConfig(IReadOnlyList<EnvironmentOverride> overrides)
    {
        if (overrides.Count == 0)
        {
            return Config.Empty;
        }

        var text = new StringBuilder();
        foreach (var item in overrides)
        {
            text.Append(AbacoConfiguration.Root).Append(" { ")
                .Append(HoconValues.Quote(item.Key.Section)).Append(" { ")
                .Append(HoconValues.Quote(item.Key.Key));
            if (item.MapEntry is not null)
            {
                text.Append(" { ").Append(HoconValues.Quote(item.MapEntry));
            }

            text.Append(" = ").Append(item.Key.Kind == HoconKind.List ? ListLiteral(item.Value) : HoconValues.Quote(item.Value));
            text.Append(item.MapEntry is null ? " } }" : " } } }").Append('\n');
        }

        return ConfigurationFactory.ParseString(text.ToString());
    }

    public static IReadOnlyList<string> SplitList(string value) =>
        value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    private static string ListLiteral(string value) =>
        "[" + string.Join(", ", SplitList(value).Select(HoconValues.Quote)) + "]";

    private static EnvironmentOverride? MatchPlain(KeySchema schema, string name, string value)
    {
        foreach (var key in schema.Keys)
        {
            var variable = $"{key.Section}_{key.Key}";
            if (key.Kind == HoconKind.Object)
            {
                if (name.Length > variable.Length + 1 && name.StartsWith(variable + "_", StringComparison.Ordinal))
                {
                    return new EnvironmentOverride(key, name[(variable.Length + 1)..], value, name);
                }
            }
            else if (string.Equals(name, variable, StringComparison.Ordinal))
            {
                return new EnvironmentOverride(key, null, value, name);
            }
        }

        // web_DEV_log_ex: a tenant variant of a key (the section stays exact lower case, as above).
        var separator = name.IndexOf('_');
        return separator > 0 && TenantKey(schema, name[..separator], name[(separator + 1)..], StringComparison.Ordinal) is { } tenantKey
            ? new EnvironmentOverride(tenantKey, null, value, name)
            : null;
    }

    /// <summary>The key <c>{tenant}_{option}</c> of a section, when option takes tenant variants (TenantOverrides).</summary>
    private static SchemaKey? TenantKey(KeySchema schema, string section, string key, StringComparison comparison)
    {
        if (TenantOverrides.Split(section, key) is not { } split ||
            schema.Find(section, split.Key, comparison) is not { } option)
        {
            return null;
        }

        return option with { Key = key };
    }

    private static EnvironmentOverride? MatchPrefixed(KeySchema schema, string name, string value)
    {
        var parts = name[Prefix.Length..].Split("__");
        if (parts.Length < 2 ||
            (schema.Find(parts[0], parts[1], StringComparison.OrdinalIgnoreCase) ??
             TenantKey(schema, parts[0], parts[1], StringComparison.OrdinalIgnoreCase)) is not { } key)
        {
            return null;
        }

        return (key.Kind, parts.Length) switch
        {
            (HoconKind.Object, 3) when parts[2].Length > 0 => new EnvironmentOverride(key, parts[2], value, name),
            (not HoconKind.Object, 2) => new EnvironmentOverride(key, null, value, name),
            _ => null,
        };
    }
}
