using Abaco.Core.Settings;
using Abaco.Node.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace Abaco.Node;

/// <summary>Maps <c>abaco.logs</c> (the original's level names and module names) onto .NET log filters.</summary>
public static class NodeLogging
{
    private static readonly Dictionary<string, string> Modules = new(StringComparer.OrdinalIgnoreCase)
    {
        ["spawner"] = "Abaco.Runtime.Spawner",
        ["worker"] = "Abaco.Runtime.Workers",
        ["workers"] = "Abaco.Runtime.Workers",
        ["actors"] = "Abaco.Runtime.Actors",
        ["entity"] = "Abaco.Runtime.Actors",
        ["startup"] = "Abaco.Runtime.Startup",
        ["containers"] = "Abaco.Containers",
        ["docker_utils"] = "Abaco.Containers",
        ["api"] = "Abaco.Api",
        ["controllers"] = "Abaco.Api",
        ["akka"] = "Akka",
        ["http"] = "Microsoft.AspNetCore",
    };

    /// <summary>How many recent log lines a node keeps in memory for <c>abaco-admin log peek</c>.</summary>
    public const int RingLines = 2000;

    public static LogLevel Level(string name) => name.ToUpperInvariant() switch
    {
        "TRACE" => LogLevel.Trace,
        "DEBUG" => LogLevel.Debug,
        "INFO" => LogLevel.Information,
        "WARNING" or "WARN" => LogLevel.Warning,
        "ERROR" => LogLevel.Error,
        _ => LogLevel.Critical,
    };

    /// <param name="hostId">The node's host id, which every JSON line carries.</param>
    /// <param name="dataDir">Where <c>logs.files</c> are written (under <c>logs/</c>).</param>
    public static void Configure(ILoggingBuilder logging, LogSettings settings, string hostId = "", string dataDir = ".")
    {
        logging.ClearProviders();
        if (settings.Format == LogFormat.Json)
        {
            logging.AddConsole(o => o.FormatterName = JsonConsoleFormatter.FormatterName);
            logging.AddConsoleFormatter<JsonConsoleFormatter, JsonConsoleFormatterOptions>(o =>
            {
                o.HostId = hostId;
                o.IncludeScopes = true;
            });
        }
        else
        {
            logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "yyyy-MM-dd HH:mm:ss.fff ";
                o.UseUtcTimestamp = true;
            });
        }
        // Made by the container (not AddProvider's instance), so that disposing it flushes the last lines to the files.
        if (settings.Files != LogFiles.None)
            logging.Services.AddSingleton<ILoggerProvider>(_ => new LogFileProvider(settings, dataDir, hostId));
        logging.SetMinimumLevel(Level(settings.Level));
        // ASP.NET's per-request chatter drowns everything else at INFO.
        logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information);
        // An unready node answers /healthz/ready with the reason; an orchestrator polling it must not flood the log.
        logging.AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.Critical);
        foreach (var (module, level) in settings.Levels)
            logging.AddFilter(Modules.GetValueOrDefault(module, module), Level(level));
    }
}
