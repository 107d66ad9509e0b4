using System.Reflection;
using System.Text.RegularExpressions;
using Abaco.Core.Settings;
using Xunit;

namespace Abaco.Configuration.Tests;

public sealed class DefaultsSpecs
{
    [Fact(DisplayName = "The embedded abaco.hocon loads as the defaults it documents, record by record")]
    public void Embedded_defaults_equal_the_documented_defaults()
    {
        var settings = AbacoConfiguration.Load(null, Env.None);

        SettingsAssert.Equal(DocumentedDefaults.Settings, settings);
    }

    [Fact(DisplayName = "The embedded defaults are the repository's abaco.hocon, byte for byte")]
    public void Embedded_defaults_are_the_repository_file()
    {
        Assert.Equal(File.ReadAllText(Env.Checked("abaco.hocon")), AbacoConfiguration.DefaultsText);
    }

    [Fact(DisplayName = "Binding the defaults alone (Bind) gives the documented defaults, and so does AbacoSettings.Defaults")]
    public void Bind_of_an_empty_config_gives_the_defaults()
    {
        SettingsAssert.Equal(DocumentedDefaults.Settings, AbacoConfiguration.Bind(Akka.Configuration.Config.Empty));
        SettingsAssert.Equal(DocumentedDefaults.Settings, AbacoSettings.Defaults);
        Assert.Same(AbacoSettings.Defaults, AbacoSettings.Defaults);
    }

    [Fact(DisplayName = "Every AbacoSettings field has a snake_case key in abaco.hocon and every key a field")]
    public void Every_settings_field_has_a_key_and_every_key_a_field()
    {
        // Sections: the record's positional members, and the settings records added later as init members.
        var sections = ConstructorParameters(typeof(AbacoSettings)).Select(p => (Name: p.Name!, Type: p.ParameterType))
            .Concat(typeof(AbacoSettings).GetProperties()
                .Where(p => p.SetMethod is not null && p.PropertyType.Name.EndsWith("Settings", StringComparison.Ordinal))
                .Select(p => (p.Name, Type: p.PropertyType)))
            .DistinctBy(section => section.Name, StringComparer.OrdinalIgnoreCase);
        var fromSettings = sections
            .SelectMany(section => ConstructorParameters(section.Type).Select(field => field.Name!)
                .Concat(InitOnlyProperties(section.Type))
                .Select(field => $"abaco.{Snake(section.Name)}.{Snake(field)}"))
            .Order()
            .ToList();

        Assert.Equal(fromSettings, AbacoConfiguration.Keys.Order().ToList());
    }

    [Fact(DisplayName = "Every key in abaco.hocon is documented by a comment on the line above it")]
    public void Every_key_has_a_comment()
    {
        var lines = AbacoConfiguration.DefaultsText.Split('\n').Select(line => line.Trim()).ToList();
        var keyLine = new Regex(@"^[a-z_]+\s*(=|\{)");
        var undocumented = new List<string>();
        for (var i = 1; i < lines.Count; i++)
        {
            if (keyLine.IsMatch(lines[i]) && !lines[i].StartsWith("abaco", StringComparison.Ordinal) && !lines[i - 1].StartsWith('#'))
            {
                undocumented.Add(lines[i]);
            }
        }

        Assert.Empty(undocumented);
    }

    [Fact(DisplayName = "The defaults carry the original's stanza names")]
    public void Sections_follow_abaco_conf()
    {
        var sections = AbacoConfiguration.Keys.Select(key => key.Split('.')[1]).Distinct().ToList();

        Assert.Equal(["general", "node", "logs", "web", "spawner", "docker", "workers", "store", "admin", "telemetry"], sections);
    }

    private static ParameterInfo[] ConstructorParameters(Type type) =>
        type.GetConstructors().Single(constructor => constructor.GetParameters() is { Length: > 0 } p && p[0].ParameterType != type)
            .GetParameters();

    /// <summary>Settings added after a record's constructor grew long are required init-only properties.</summary>
    private static IEnumerable<string> InitOnlyProperties(Type type)
    {
        var positional = ConstructorParameters(type).Select(p => p.Name!).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return type.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(p => p.SetMethod is not null && !positional.Contains(p.Name))
            .Select(p => p.Name);
    }

    private static string Snake(string name) => Regex.Replace(name, "(?<!^)([A-Z])", "_$1").ToLowerInvariant();
}
