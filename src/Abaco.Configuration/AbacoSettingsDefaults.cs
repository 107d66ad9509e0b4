using Abaco.Configuration;
using Akka.Configuration;

// In the namespace of AbacoSettings, so that every file naming AbacoSettings finds AbacoSettings.Defaults.
namespace Abaco.Core.Settings;

/// <summary>
/// <c>AbacoSettings.Defaults</c>: the embedded abaco.hocon, bound like any configuration. It is a static extension of
/// <see cref="AbacoSettings"/> defined here rather than a member in Core because reading HOCON needs Akka, which Core
/// does without; this way a default is written once, in abaco.hocon, and no C# copy can drift from it.
/// </summary>
public static class AbacoSettingsDefaults
{
    private static readonly Lazy<AbacoSettings> Bound = new(() => AbacoConfiguration.Bind(Config.Empty));

    extension(AbacoSettings)
    {
        /// <summary>The settings of a node with no overlay and no environment; handy for tests that change a key or two.</summary>
        public static AbacoSettings Defaults => Bound.Value;
    }
}
