using Abaco.Api;
using Abaco.Configuration;
using Abaco.Containers;
using Abaco.Core.Security;
using Abaco.Core.Settings;
using Abaco.Core.Sharing;
using Abaco.Node;
using Abaco.Runtime.Hosting;
using Abaco.Stores;
using Akka.Hosting;

LoadedConfiguration loaded;
string encryptionKey;
try
{
    var arguments = NodeArguments.Parse(args);
    loaded = AbacoConfiguration.LoadWithHocon(arguments.ConfigPath, AbacoConfiguration.ProcessEnvironment());
    encryptionKey = EncryptionKeyFile.Resolve(loaded.Settings);
}
catch (Exception e) when (e is AbacoConfigurationException or ArgumentException)
{
    await Console.Error.WriteLineAsync($"Abaco cannot start: {e.Message}");
    return 2;
}

var settings = loaded.Settings;
var containers = new DockerContainerRuntime(new DockerRuntimeOptions(settings.Docker.Dd, settings.Docker.PullTimeout,
    settings.Docker.StartTimeout, settings.Docker.RemoveTimeout));
if (settings.Node.Has(NodeRoles.Spawner) && await DockerProbe.ProblemAsync(containers, settings) is { } problem)
{
    await Console.Error.WriteLineAsync($"Abaco cannot start: {problem}");
    return 3;
}

IAbacoStores stores;
try
{
    stores = await NodeStores.OpenAsync(settings, CancellationToken.None);
}
catch (Exception e) when (e is not OutOfMemoryException)
{
    await Console.Error.WriteLineAsync($"Abaco cannot start: {e.Message}");
    return 4;
}

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [] });
NodeLogging.Configure(builder.Logging, settings.Logs);
builder.WebHost.UseUrls(settings.Node.Has(NodeRoles.Api) ? $"http://{settings.Web.Host}:{settings.Web.Port}" : "http://127.0.0.1:0");
builder.WebHost.ConfigureKestrel(k => k.AddServerHeader = false);

builder.Services.AddSingleton(settings);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<IContainerRuntime>(containers);
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
});

var app = builder.Build();
if (settings.Node.Has(NodeRoles.Api)) app.UseAbacoApi();
app.Lifetime.ApplicationStarted.Register(() =>
    app.Logger.LogInformation("Abaco {Version} started with roles [{Roles}]; API on {Urls}; data in {DataDir}",
        settings.General.Tag, string.Join(", ", settings.Node.Roles),
        settings.Node.Has(NodeRoles.Api) ? string.Join(", ", app.Urls) : "(no api role)",
        Path.GetFullPath(settings.Node.DataDir)));
await app.RunAsync();
// Registered as an instance, the stores are not disposed by the container: close them after the actor system.
await stores.DisposeAsync();
return 0;
