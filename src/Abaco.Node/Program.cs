using Abaco.Admin.Host;
using Abaco.Api;
using Abaco.Configuration;
using Abaco.Containers;
using Abaco.Core.Security;
using Abaco.Core.Settings;
using Abaco.Core.Sharing;
using Abaco.Node;
using Abaco.Node.Telemetry;
using Abaco.Runtime.Hosting;
using Abaco.Stores;
using Abaco.Stores.Metered;
using Akka.Hosting;

LoadedConfiguration loaded;
AbacoSettings settings;
string encryptionKey;
try
{
    var arguments = NodeArguments.Parse(args);
    loaded = AbacoConfiguration.LoadWithHocon(arguments.ConfigPath, AbacoConfiguration.ProcessEnvironment());
    // Resolved once here, so everything downstream reads the roles and host id this process really has.
    settings = HostIdentity.Resolve(arguments.ApplyTo(loaded.Settings));
    encryptionKey = EncryptionKeyFile.Resolve(settings);
}
catch (Exception e) when (e is AbacoConfigurationException or ArgumentException or IOException or UnauthorizedAccessException)
{
    await Console.Error.WriteLineAsync($"Abaco cannot start: {e.Message}");
    return 2;
}

// Only spawner nodes talk to Docker: api and core nodes run on hosts without a daemon.
DockerContainerRuntime? containers = null;
if (settings.Node.Has(NodeRoles.Spawner))
{
    containers = new DockerContainerRuntime(new DockerRuntimeOptions(settings.Docker.Dd, settings.Docker.PullTimeout,
        settings.Docker.StartTimeout, settings.Docker.RemoveTimeout));
    if (await DockerProbe.ProblemAsync(containers, settings) is { } problem)
    {
        await Console.Error.WriteLineAsync($"Abaco cannot start: {problem}");
        return 3;
    }
}

IAbacoStores stores;
try
{
    stores = MeteredStores.Wrap(await NodeStores.OpenAsync(settings, CancellationToken.None));
}
catch (Exception e) when (e is not OutOfMemoryException)
{
    await Console.Error.WriteLineAsync($"Abaco cannot start: {e.Message}");
    return 4;
}

// The node reads abaco.hocon, never appsettings files: no reload watcher on them. The default one watches the working
// directory, where the data directory (SQLite files, journal, sockets, warm logs) usually is, so every write woke it
// (6 % of the node's CPU in a profile of warm executions, docs/bench/README.md). The builder's argument alone left one
// watch on the working directory; the host's environment variable removes it (FileWatchSpecs checks).
Environment.SetEnvironmentVariable("DOTNET_hostBuilder__reloadConfigOnChange", "false");
var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = ["--hostBuilder:reloadConfigOnChange=false"],
    ContentRootPath = AppContext.BaseDirectory,
});
NodeLogging.Configure(builder.Logging, settings.Logs, settings.Spawner.HostId, settings.Node.DataDir);
builder.Services.AddAbacoTracing(settings);
// The last lines of this node's log, for abaco-admin log peek / log tail.
var logRing = new LogRing(NodeLogging.RingLines);
builder.Logging.AddProvider(logRing);
// Every node listens: one without the api role serves only the health routes there.
builder.WebHost.UseUrls($"http://{settings.Web.Host}:{settings.Web.Port}");
builder.WebHost.ConfigureKestrel(k => k.AddServerHeader = false);
builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = GracefulLeave.HostShutdownTimeout);

builder.Services.AddSingleton(settings);
builder.Services.AddSingleton(TimeProvider.System);
if (containers is not null) builder.Services.AddSingleton<IContainerRuntime>(containers);
builder.Services.AddSingleton<ISecretCipher>(new FernetSecretCipher(new Fernet(encryptionKey)));
builder.Services.AddSingleton(stores);
builder.Services.AddAbacoApi();
builder.Services.AddAkka("abaco", (akka, _) =>
{
    // Rare akka.* tunables an operator put in the config file; Hosting options below take precedence.
    if (loaded.Hocon.HasPath("akka")) akka.AddHocon(loaded.Hocon, HoconAddMode.Append);
    akka.ConfigureLoggers(l =>
    {
        l.LogLevel = NodeLogging.Level(settings.Logs.Level) switch
        {
            LogLevel.Trace or LogLevel.Debug => Akka.Event.LogLevel.DebugLevel,
            LogLevel.Information => Akka.Event.LogLevel.InfoLevel,
            LogLevel.Warning => Akka.Event.LogLevel.WarningLevel,
            _ => Akka.Event.LogLevel.ErrorLevel,
        };
        l.ClearLoggers();
        l.AddLoggerFactory();
    });
    akka.AddAbacoRuntime(settings);
    akka.AddAdminAgent(settings);
});
builder.Services.AddAdminCommandHost(logRing);

var app = builder.Build();
if (settings.Node.Has(NodeRoles.Api)) app.UseAbacoApi();
else app.UseAbacoHealthOnly();
app.Lifetime.ApplicationStarted.Register(() =>
    app.Logger.LogInformation("Abaco {Version} started with roles [{Roles}] as host {HostId}; {Serving} on {Urls}; " +
                              "data in {DataDir}", settings.General.Tag, string.Join(", ", settings.Node.Roles),
        settings.Spawner.HostId, settings.Node.Has(NodeRoles.Api) ? "API" : "health checks only",
        string.Join(", ", app.Urls), Path.GetFullPath(settings.Node.DataDir)));
await app.RunAsync();
// Registered as an instance, the stores are not disposed by the container: close them after the actor system.
await stores.DisposeAsync();
return 0;
