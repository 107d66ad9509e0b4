using Abaco.Core.Settings;

namespace Abaco.Node.Tests;

public sealed class NodeArgumentsSpecs
{
    [Fact(DisplayName = "No arguments: no config file (ABACO_CONF or the defaults decide)")]
    public void NoArguments() => Assert.Null(NodeArguments.Parse([]).ConfigPath);

    [Theory(DisplayName = "The config file is given as --config PATH, --config=PATH or -c PATH")]
    [InlineData("--config", "/etc/abaco/prod.hocon")]
    [InlineData("-c", "/etc/abaco/prod.hocon")]
    [InlineData("--config=/etc/abaco/prod.hocon")]
    [InlineData("--config", "relative dir/with space.hocon")]
    public void ConfigPath(params string[] args)
    {
        var expected = args.Length == 2 ? args[1] : "/etc/abaco/prod.hocon";
        Assert.Equal(expected, NodeArguments.Parse(args).ConfigPath);
    }

    [Theory(DisplayName = "--config or -c without a value is refused")]
    [InlineData("--config")]
    [InlineData("-c")]
    public void MissingValue(string flag)
    {
        var error = Assert.Throws<ArgumentException>(() => NodeArguments.Parse([flag]));
        Assert.Equal("--config needs a file path.", error.Message);
    }

    [Theory(DisplayName = "An unknown argument is refused by name, with the usage")]
    [InlineData("--verbose")]
    [InlineData("prod.hocon")]
    [InlineData("--conf=x")]
    public void UnknownArgument(string argument)
    {
        var error = Assert.Throws<ArgumentException>(() => NodeArguments.Parse(["--config", "a.hocon", argument]));
        Assert.Equal($"Unknown argument '{argument}'.\n{NodeArguments.Usage}", error.Message);
    }

    [Theory(DisplayName = "--help and -h answer with the usage")]
    [InlineData("--help")]
    [InlineData("-h")]
    public void Help(string flag) =>
        Assert.Equal(NodeArguments.Usage, Assert.Throws<ArgumentException>(() => NodeArguments.Parse([flag])).Message);

    [Theory(DisplayName = "--roles (or -r, or --roles=) names the roles of this process, in any case, without repeats")]
    [InlineData(new[] { "--roles", "api" }, "api")]
    [InlineData(new[] { "-r", "core,spawner" }, "core,spawner")]
    [InlineData(new[] { "--roles=API, Core,api" }, "api,core")]
    public void Roles(string[] args, string expected) =>
        Assert.Equal(expected, string.Join(',', NodeArguments.Parse(args).Roles!.Value));

    [Fact(DisplayName = "Without --roles the roles of the config file stay")]
    public void NoRoles()
    {
        var settings = AbacoSettings.Defaults;
        Assert.Null(NodeArguments.Parse(["-c", "x.hocon"]).Roles);
        Assert.Same(settings, NodeArguments.Parse([]).ApplyTo(settings));
    }

    [Fact(DisplayName = "--roles replaces abaco.node.roles")]
    public void RolesOverrideTheFile()
    {
        var settings = NodeArguments.Parse(["--roles", "spawner"]).ApplyTo(AbacoSettings.Defaults);
        Assert.Equal("spawner", Assert.Single(settings.Node.Roles));
    }

    [Theory(DisplayName = "An unknown role is refused by name")]
    [InlineData("api,worker", "worker")]
    [InlineData("apis", "apis")]
    public void UnknownRole(string roles, string unknown)
    {
        var error = Assert.Throws<ArgumentException>(() => NodeArguments.Parse(["--roles", roles]));
        Assert.Equal($"--roles: unknown role '{unknown}'; the roles are api, core and spawner.", error.Message);
    }

    [Theory(DisplayName = "--roles without roles is refused")]
    [InlineData("--roles")]
    [InlineData("--roles=")]
    [InlineData("--roles=,")]
    public void EmptyRoles(string argument)
    {
        var error = Assert.Throws<ArgumentException>(() => NodeArguments.Parse([argument]));
        Assert.StartsWith("--roles needs", error.Message);
    }
}
