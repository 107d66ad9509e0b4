using System.Collections.Immutable;
using Abaco.Core.Settings;

namespace Abaco.Node;

/// <summary>
/// The command line: <c>--config &lt;file&gt;</c> (else <c>ABACO_CONF</c>, else the built-in defaults) and
/// <c>--roles api,core,spawner</c>, which replaces <c>abaco.node.roles</c> so one config file serves every process
/// of a cluster.
/// </summary>
public sealed record NodeArguments(string? ConfigPath, ImmutableArray<string>? Roles = null)
{
    public static NodeArguments Parse(IReadOnlyList<string> args)
    {
        string? config = null;
        ImmutableArray<string>? roles = null;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "--config" or "-c")
                config = ValueAfter(args, ref i, "--config needs a file path.");
            else if (arg.StartsWith("--config=", StringComparison.Ordinal))
                config = arg["--config=".Length..];
            else if (arg is "--roles" or "-r")
                roles = ParseRoles(ValueAfter(args, ref i, RolesNeeded));
            else if (arg.StartsWith("--roles=", StringComparison.Ordinal))
                roles = ParseRoles(arg["--roles=".Length..]);
            else if (arg is "--help" or "-h")
                throw new ArgumentException(Usage);
            else
                throw new ArgumentException($"Unknown argument '{arg}'.\n{Usage}");
        }
        return new NodeArguments(config, roles);
    }

    /// <summary>These arguments applied over the settings read from the files and the environment.</summary>
    public AbacoSettings ApplyTo(AbacoSettings settings) =>
        Roles is { } roles ? settings with { Node = settings.Node with { Roles = roles } } : settings;

    private static string ValueAfter(IReadOnlyList<string> args, ref int i, string missing) =>
        i + 1 < args.Count ? args[++i] : throw new ArgumentException(missing);

    private const string RolesNeeded = "--roles needs a comma-separated list of roles among api, core and spawner.";

    private static ImmutableArray<string> ParseRoles(string value)
    {
        var roles = value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(role => role.ToLowerInvariant()).Distinct().ToImmutableArray();
        if (roles.IsEmpty) throw new ArgumentException(RolesNeeded);
        if (roles.FirstOrDefault(role => !NodeRoles.All.Contains(role)) is { } unknown)
            throw new ArgumentException($"--roles: unknown role '{unknown}'; the roles are api, core and spawner.");
        return roles;
    }

    public const string Usage =
        "usage: Abaco.Node [--config <file.hocon>] [--roles <api,core,spawner>]\n" +
        "  --config, -c  the config file over the built-in defaults (or set ABACO_CONF)\n" +
        "  --roles, -r   the roles of this process, any of api, core, spawner; replaces abaco.node.roles";
}
