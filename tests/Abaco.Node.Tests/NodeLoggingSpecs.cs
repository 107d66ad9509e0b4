using System.Collections.Immutable;
using Abaco.Core.Settings;
using Microsoft.Extensions.Logging;

namespace Abaco.Node.Tests;

/// <summary><c>abaco.logs</c>: a global level and per-module levels mapped onto .NET log categories.</summary>
public sealed class NodeLoggingSpecs
{
    private static ILoggerFactory Factory(string level, params (string Module, string Level)[] levels) =>
        LoggerFactory.Create(logging => NodeLogging.Configure(logging,
            new LogSettings(level, levels.ToImmutableDictionary(l => l.Module, l => l.Level))
            {
                Format = LogFormat.Text,
                Files = LogFiles.None,
            }));

    [Theory(DisplayName = "The original's level names map onto .NET levels, in any case")]
    [InlineData("TRACE", LogLevel.Trace)]
    [InlineData("DEBUG", LogLevel.Debug)]
    [InlineData("debug", LogLevel.Debug)]
    [InlineData("INFO", LogLevel.Information)]
    [InlineData("Info", LogLevel.Information)]
    [InlineData("WARNING", LogLevel.Warning)]
    [InlineData("WARN", LogLevel.Warning)]
    [InlineData("ERROR", LogLevel.Error)]
    [InlineData("CRITICAL", LogLevel.Critical)]
    public void Levels(string name, LogLevel expected) => Assert.Equal(expected, NodeLogging.Level(name));

    [Fact(DisplayName = "A per-module level overrides the global one for that module's category only")]
    public void ModuleLevel()
    {
        using var factory = Factory("INFO", ("spawner", "DEBUG"));

        Assert.True(factory.CreateLogger("Abaco.Runtime.Spawner").IsEnabled(LogLevel.Debug));
        Assert.True(factory.CreateLogger("Abaco.Runtime.Spawner.SpawnerActor").IsEnabled(LogLevel.Debug));
        Assert.False(factory.CreateLogger("Abaco.Runtime.Spawner").IsEnabled(LogLevel.Trace));
        Assert.False(factory.CreateLogger("Abaco.Runtime.Workers").IsEnabled(LogLevel.Debug));
        Assert.True(factory.CreateLogger("Abaco.Runtime.Workers").IsEnabled(LogLevel.Information));
        Assert.False(factory.CreateLogger("Abaco.Api").IsEnabled(LogLevel.Debug));
    }

    [Fact(DisplayName = "A module can also be quieter than the global level")]
    public void QuieterModule()
    {
        using var factory = Factory("DEBUG", ("controllers", "WARNING"), ("worker", "ERROR"));

        Assert.False(factory.CreateLogger("Abaco.Api.Routes").IsEnabled(LogLevel.Information));
        Assert.True(factory.CreateLogger("Abaco.Api.Routes").IsEnabled(LogLevel.Warning));
        Assert.False(factory.CreateLogger("Abaco.Runtime.Workers.WorkerActor").IsEnabled(LogLevel.Warning));
        Assert.True(factory.CreateLogger("Abaco.Runtime.Actors").IsEnabled(LogLevel.Debug));
    }

    [Fact(DisplayName = "The global level applies to every other category")]
    public void GlobalLevel()
    {
        using var factory = Factory("ERROR");

        Assert.False(factory.CreateLogger("Abaco.Runtime.Spawner").IsEnabled(LogLevel.Warning));
        Assert.True(factory.CreateLogger("Abaco.Runtime.Spawner").IsEnabled(LogLevel.Error));
        Assert.False(factory.CreateLogger("Anything.Else").IsEnabled(LogLevel.Information));
    }

    [Fact(DisplayName = "ASP.NET Core's request chatter is held at WARNING unless the http module says otherwise")]
    public void AspNetCore()
    {
        using (var quiet = Factory("DEBUG"))
        {
            Assert.False(quiet.CreateLogger("Microsoft.AspNetCore.Routing.EndpointMiddleware").IsEnabled(LogLevel.Information));
            Assert.True(quiet.CreateLogger("Microsoft.AspNetCore.Routing.EndpointMiddleware").IsEnabled(LogLevel.Warning));
            Assert.True(quiet.CreateLogger("Microsoft.Hosting.Lifetime").IsEnabled(LogLevel.Information));
        }
        using var loud = Factory("INFO", ("http", "DEBUG"));
        Assert.True(loud.CreateLogger("Microsoft.AspNetCore.Server.Kestrel").IsEnabled(LogLevel.Debug));
    }

    [Fact(DisplayName = "Module names match ignoring case; an unknown module name is taken as a category prefix")]
    public void ModuleNames()
    {
        using var factory = Factory("INFO", ("Spawner", "DEBUG"), ("Akka.Cluster", "DEBUG"), ("docker_utils", "TRACE"));

        Assert.True(factory.CreateLogger("Abaco.Runtime.Spawner").IsEnabled(LogLevel.Debug));
        Assert.True(factory.CreateLogger("Akka.Cluster.ClusterDaemon").IsEnabled(LogLevel.Debug));
        Assert.False(factory.CreateLogger("Akka.Remote").IsEnabled(LogLevel.Debug));
        Assert.True(factory.CreateLogger("Abaco.Containers.DockerContainerRuntime").IsEnabled(LogLevel.Trace));
    }
}
