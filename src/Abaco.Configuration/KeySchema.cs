using Akka.Configuration;

namespace Abaco.Configuration;

/// <summary>One key of abaco.hocon: <c>abaco.{Section}.{Key}</c>; a <see cref="HoconKind.Object"/> key is a map of
/// free-named scalars (<c>logs.levels</c>).</summary>
internal sealed record SchemaKey(string Section, string Key, HoconKind Kind)
{
    public string Path => $"{AbacoConfiguration.Root}.{Section}.{Key}";
}

/// <summary>
/// The set of known keys, read from the embedded defaults: abaco.hocon is the one place a key is declared, so the
/// environment overrides and the unknown-key check can never drift from it.
/// </summary>
internal sealed class KeySchema
{
    private KeySchema(IReadOnlyList<string> sections, IReadOnlyList<SchemaKey> keys)
    {
        Sections = sections;
        Keys = keys;
    }

    public IReadOnlyList<string> Sections { get; }

    public IReadOnlyList<SchemaKey> Keys { get; }

    public IEnumerable<SchemaKey> KeysOf(string section) => Keys.Where(key => key.Section == section);

    public SchemaKey? Find(string section, string key, StringComparison comparison) =>
        Keys.FirstOrDefault(candidate =>
            string.Equals(candidate.Section, section, comparison) && string.Equals(candidate.Key, key, comparison));

    public static KeySchema From(Config defaults)
    {
        var sections = HoconValues.KeysOf(defaults, AbacoConfiguration.Root);
        var keys = new List<SchemaKey>();
        foreach (var section in sections)
        {
            foreach (var key in HoconValues.KeysOf(defaults, $"{AbacoConfiguration.Root}.{section}"))
            {
                keys.Add(new SchemaKey(section, key, HoconValues.KindAt(defaults, $"{AbacoConfiguration.Root}.{section}.{key}")));
            }
        }

        return new KeySchema(sections, keys);
    }
}
