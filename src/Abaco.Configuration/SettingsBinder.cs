using System.Collections.Immutable;
using Abaco.Core.Settings;
using Akka.Configuration;

namespace Abaco.Configuration;

/// <summary>
/// Reads the merged HOCON into <see cref="AbacoSettings"/>, checking every value against its rule
/// (<see cref="ValueRules"/>, <see cref="ListRules"/>). Problems are collected rather than thrown one at a time, so
/// an operator fixes them all in one go; each names the full key, what is allowed, the value found and, when known,
/// which layer set it. No default is written here: a key the layers do not set has abaco.hocon's value, merged
/// underneath.
/// </summary>
internal sealed partial class SettingsBinder
{
    private readonly Config _config;
    private readonly KeySchema _schema;
    private readonly Func<string, string?> _originOf;
    private readonly Lazy<Config> _declared = new(AbacoConfiguration.ParseDefaults);
    private readonly List<string> _errors = [];

    private SettingsBinder(Config config, KeySchema schema, Func<string, string?> originOf)
    {
        _config = config;
        _schema = schema;
        _originOf = originOf;
    }

    public static AbacoSettings Bind(Config config, KeySchema schema, Func<string, string?> originOf)
    {
        var binder = new SettingsBinder(config, schema, originOf);
        var settings = binder.Read();
        if (binder._errors.Count > 0)
        {
            throw new AbacoConfigurationException(binder._errors);
        }

        return settings;
    }

    /// <summary>
    /// The value at abaco.{section}.{key} read by <paramref name="rule"/>. After an error, the value abaco.hocon declares
    /// for <paramref name="declaredKey"/> (the key itself, or the global key of a tenant variant), so that the checks
    /// between keys go on as if the bad key were unset.
    /// </summary>
    private T Value<T>(string section, string key, ValueRule<T> rule, string? declaredKey = null)
    {
        if (Scalar(section, key) is { } text)
        {
            if (rule.TryRead(text, out var value, out var refusal))
            {
                return value;
            }

            Invalid(PathOf(section, key), refusal.Requirement, refusal.Shown);
        }

        return _declared.Value.GetString(PathOf(section, declaredKey ?? key)) is { } declared
               && rule.TryRead(declared.Trim(), out var fallback, out _)
            ? fallback
            : default!;
    }

    /// <summary>The list at abaco.{section}.{key} read by <paramref name="rule"/>; after an error, abaco.hocon's list.</summary>
    private ImmutableArray<string> Values(string section, string key, ListRule rule, string? declaredKey = null)
    {
        if (List(section, key) is { } items)
        {
            var path = PathOf(section, key);
            foreach (var item in items.Where(item => !rule.ItemHolds(item)))
            {
                Invalid(path, rule.ItemRequirement, item);
            }

            if (rule.Problem(items) is not { } problem)
            {
                return rule.Kept(items);
            }

            Fail(path, $"{path} {problem}");
        }

        return rule.Kept(_declared.Value.GetStringList(PathOf(section, declaredKey ?? key)).ToImmutableArray());
    }

    private static string PathOf(string section, string key) => $"{AbacoConfiguration.Root}.{section}.{key}";

    private void Invalid(string path, string requirement, string value) => Fail(path, $"{path} {requirement} but was '{value}'");

    private void Fail(string path, string message)
    {
        var origin = _originOf(path);
        _errors.Add(origin is null ? message : $"{message} (set by {origin})");
    }
}
