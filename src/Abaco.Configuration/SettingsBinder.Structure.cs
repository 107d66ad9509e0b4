using System.Collections.Immutable;

namespace Abaco.Configuration;

/// <summary>The shape of the HOCON: known sections and keys, a single value where one belongs, a list where a list does.</summary>
internal sealed partial class SettingsBinder
{
    private void CheckForUnknownKeys()
    {
        var root = AbacoConfiguration.Root;
        if (HoconValues.KindAt(_config, root) is not (HoconKind.Object or HoconKind.Missing))
        {
            Fail(root, $"{root} must be an object {{ ... }}");
            return;
        }

        foreach (var section in HoconValues.KeysOf(_config, root))
        {
            var sectionPath = $"{root}.{section}";
            if (!_schema.Sections.Contains(section))
            {
                Fail(sectionPath, $"{sectionPath} is not a known section; the sections are {string.Join(", ", _schema.Sections)}");
                continue;
            }

            if (HoconValues.KindAt(_config, sectionPath) != HoconKind.Object)
            {
                Fail(sectionPath, $"{sectionPath} must be an object {{ ... }}");
                continue;
            }

            var known = _schema.KeysOf(section).Select(key => key.Key).ToList();
            foreach (var key in HoconValues.KeysOf(_config, sectionPath)
                         .Where(key => !known.Contains(key) && !IsTenantKey(section, key)))
            {
                Fail($"{sectionPath}.{key}",
                    $"{sectionPath}.{key} is not a known key (a typo?); the keys of {sectionPath} are {string.Join(", ", known)}");
            }
        }
    }

    /// <summary>The trimmed scalar at abaco.{section}.{key}, or null after recording why there is none.</summary>
    private string? Scalar(string section, string key) => Guarded(PathOf(section, key), path =>
    {
        switch (HoconValues.KindAt(_config, path))
        {
            case HoconKind.Scalar when _config.GetString(path) is { } value:
                return value.Trim();
            case HoconKind.Scalar:
            case HoconKind.Missing:
                Fail(path, $"{path} must be set");
                return null;
            default:
                Fail(path, $"{path} must be a single value, not a list or an object");
                return null;
        }
    });

    /// <summary>A list key: a HOCON list, or a comma-separated string as abaco.conf had it.</summary>
    private ImmutableArray<string>? List(string section, string key) => Guarded<ImmutableArray<string>?>(PathOf(section, key), path =>
    {
        switch (HoconValues.KindAt(_config, path))
        {
            case HoconKind.List:
                return _config.GetStringList(path).Select(item => (item ?? "").Trim()).ToImmutableArray();
            case HoconKind.Scalar when _config.GetString(path) is { } value:
                return EnvironmentOverrides.SplitList(value).ToImmutableArray();
            case HoconKind.Object:
                Fail(path, $"{path} must be a list such as [a, b], not an object");
                return null;
            default:
                Fail(path, $"{path} must be set (use [] for an empty list)");
                return null;
        }
    });

    /// <summary>Akka's HOCON getters throw on some malformed values; that is one more problem to report, not a crash.</summary>
    private T? Guarded<T>(string path, Func<string, T?> read)
    {
        try
        {
            return read(path);
        }
        catch (Exception exception) when (exception is not AbacoConfigurationException)
        {
            Fail(path, $"{path} could not be read: {exception.Message}");
            return default;
        }
    }
}
