using System.Collections;
using Abaco.Core.Settings;
using Akka.Configuration;

namespace Abaco.Configuration;

/// <summary>The settings this node runs with, and the merged HOCON they were read from.</summary>
/// <param name="Settings">Validated settings.</param>
/// <param name="Hocon">
/// Environment overrides over the overlay file over the embedded defaults, including any <c>akka { }</c> block, for
/// the rare Akka tunables the hosting code does not set.
/// </param>
/// <param name="ConfigFile">Full path of the overlay file used, or null when only the defaults (and environment) apply.</param>
public sealed record LoadedConfiguration(AbacoSettings Settings, Config Hocon, string? ConfigFile);

/// <summary>
/// Reads the node's configuration once at start. Layers, highest first:
/// <list type="number">
/// <item>environment variables naming one key each (<c>web_case=camel</c> or <c>ABACO__web__case=camel</c>; see abaco.hocon);</item>
/// <item>the overlay file given as <c>configPath</c> (<c>--config</c>), else the one named by <c>ABACO_CONF</c>;</item>
/// <item>abaco.hocon from the repository root, embedded in this assembly.</item>
/// </list>
/// Every value is validated; anything wrong stops with an <see cref="AbacoConfigurationException"/> naming the key.
/// </summary>
public static class AbacoConfiguration
{
    /// <summary>The root object of every Abaco key.</summary>
    public const string Root = "abaco";

    /// <summary>Environment variable naming the overlay file when no path is given.</summary>
    public const string ConfigFileVariable = "ABACO_CONF";

    /// <summary>Prefix of the .NET-style environment overrides (<c>ABACO__web__port</c>).</summary>
    public const string EnvironmentPrefix = EnvironmentOverrides.Prefix;

    private const string DefaultsResource = "Abaco.Configuration.abaco.hocon";

    private static readonly Lazy<string> LazyDefaultsText = new(ReadDefaultsText);
    private static readonly Lazy<KeySchema> LazySchema = new(() => KeySchema.From(ParseDefaults()));

    /// <summary>The text of the embedded abaco.hocon.</summary>
    public static string DefaultsText => LazyDefaultsText.Value;

    /// <summary>
    /// The embedded abaco.hocon, parsed anew on every call: Akka's HOCON objects are mutable underneath, so no caller's
    /// merge can ever leak into another's defaults.
    /// </summary>
    public static Config ParseDefaults() => ConfigurationFactory.ParseString(DefaultsText);

    /// <summary>Every key of abaco.hocon as a full path (<c>abaco.web.port</c>), in file order.</summary>
    public static IReadOnlyList<string> Keys => Schema.Keys.Select(key => key.Path).ToList();

    internal static KeySchema Schema => LazySchema.Value;

    /// <summary>Loads and validates the settings; see the class summary for the layers.</summary>
    /// <param name="configPath">Overlay file (<c>--config</c>); when null, <c>ABACO_CONF</c> from <paramref name="environment"/>.</param>
    /// <param name="environment">Environment variables (pass <see cref="ProcessEnvironment"/> in production).</param>
    public static AbacoSettings Load(string? configPath, IReadOnlyDictionary<string, string?> environment) =>
        LoadWithHocon(configPath, environment).Settings;

    /// <summary><see cref="Load(string?, IReadOnlyDictionary{string, string?})"/> with this process's environment.</summary>
    public static AbacoSettings Load(string? configPath) => Load(configPath, ProcessEnvironment());

    /// <summary>Loads and validates the settings and also returns the merged HOCON (for <c>akka { }</c> tunables).</summary>
    public static LoadedConfiguration LoadWithHocon(string? configPath, IReadOnlyDictionary<string, string?> environment)
    {
        var layers = ReadLayers(configPath, environment);
        var settings = SettingsBinder.Bind(layers.Merged, Schema, layers.OriginOf);
        return new LoadedConfiguration(settings, layers.Merged, layers.FilePath);
    }

    /// <summary>The merged HOCON of the three layers, not validated (<see cref="Bind"/> validates).</summary>
    public static Config LoadHocon(string? configPath, IReadOnlyDictionary<string, string?> environment) =>
        ReadLayers(configPath, environment).Merged;

    /// <summary>
    /// Validated settings from an already merged <paramref name="config"/> (the embedded defaults fill any key it lacks),
    /// in the manner of Akka's <c>XSettings.Create(Config)</c>.
    /// </summary>
    public static AbacoSettings Bind(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var merged = config.IsEmpty ? ParseDefaults() : config.WithFallback(ParseDefaults());
        return SettingsBinder.Bind(merged, Schema, _ => null);
    }

    /// <summary>This process's environment variables.</summary>
    public static IReadOnlyDictionary<string, string?> ProcessEnvironment()
    {
        var variables = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            variables[(string)entry.Key] = entry.Value as string;
        }

        return variables;
    }

    private sealed record Layers(Config Merged, string? FilePath, Func<string, string?> OriginOf);

    private static Layers ReadLayers(string? configPath, IReadOnlyDictionary<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);

        var path = configPath;
        var fromVariable = false;
        if (string.IsNullOrWhiteSpace(path))
        {
            path = environment.GetValueOrDefault(ConfigFileVariable);
            fromVariable = true;
            if (string.IsNullOrWhiteSpace(path))
            {
                path = null;
            }
        }

        string? fullPath = null;
        var file = Config.Empty;
        if (path is not null)
        {
            fullPath = Path.GetFullPath(path);
            file = ReadFile(path, fullPath, fromVariable);
        }

        var overrides = EnvironmentOverrides.Find(Schema, environment);
        var env = EnvironmentOverrides.ToConfig(overrides);

        var merged = ParseDefaults();
        if (!file.IsEmpty)
        {
            merged = file.WithFallback(merged);
        }

        if (!env.IsEmpty)
        {
            merged = env.WithFallback(merged);
        }

        var origins = new Dictionary<string, string>(StringComparer.Ordinal);
        if (fullPath is not null)
        {
            foreach (var key in PathsUnderRoot(file))
            {
                origins[key] = $"file {fullPath}";
            }
        }

        foreach (var item in overrides)
        {
            origins[item.Path] = $"environment variable {item.Variable}";
        }

        return new Layers(merged, fullPath, key => origins.GetValueOrDefault(key));
    }

    private static Config ReadFile(string path, string fullPath, bool fromVariable)
    {
        var named = path == fullPath ? $"'{fullPath}'" : $"'{path}' ({fullPath})";
        if (fromVariable)
        {
            named += $", named by {ConfigFileVariable},";
        }

        if (!File.Exists(fullPath))
        {
            throw new AbacoConfigurationException(
                Directory.Exists(fullPath)
                    ? $"Configuration file {named} is a directory, not a file"
                    : $"Configuration file {named} does not exist");
        }

        string text;
        try
        {
            text = File.ReadAllText(fullPath);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new AbacoConfigurationException($"Configuration file {named} cannot be read: {exception.Message}", exception);
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return Config.Empty;
        }

        try
        {
            return ConfigurationFactory.ParseString(text, include =>
                throw new AbacoConfigurationException(
                    $"Configuration file {named} includes '{include}': include is not supported, use one overlay file"));
        }
        catch (AbacoConfigurationException)
        {
            throw;
        }
        catch (Exception exception)
        {
            throw new AbacoConfigurationException($"Configuration file {named} is not valid HOCON: {exception.Message}", exception);
        }
    }

    /// <summary>Every abaco.* key path a layer sets, down to map entries (for naming where a bad value came from).</summary>
    private static IEnumerable<string> PathsUnderRoot(Config layer)
    {
        foreach (var section in HoconValues.KeysOf(layer, Root))
        {
            var sectionPath = $"{Root}.{section}";
            yield return sectionPath;
            foreach (var key in HoconValues.KeysOf(layer, sectionPath))
            {
                var keyPath = $"{sectionPath}.{key}";
                yield return keyPath;
                if (Schema.Find(section, key, StringComparison.Ordinal) is { Kind: HoconKind.Object })
                {
                    foreach (var entry in HoconValues.KeysOf(layer, keyPath))
                    {
                        yield return $"{keyPath}.{entry}";
                    }
                }
            }
        }
    }

    private static string ReadDefaultsText()
    {
        using var stream = typeof(AbacoConfiguration).Assembly.GetManifestResourceStream(DefaultsResource)
            ?? throw new InvalidOperationException($"The embedded resource {DefaultsResource} is missing from {typeof(AbacoConfiguration).Assembly.FullName}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
