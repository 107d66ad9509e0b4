using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Abaco.Node.Telemetry;

/// <summary>The console formatter of <c>logs.format = json</c>: one <see cref="LogLine.Json"/> object per line.</summary>
public sealed class JsonConsoleFormatter(IOptionsMonitor<JsonConsoleFormatterOptions> options)
    : ConsoleFormatter(FormatterName)
{
    public const string FormatterName = "abaco-json";

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter) =>
        textWriter.WriteLine(LogLine.Json(logEntry, scopeProvider, options.CurrentValue.HostId, DateTimeOffset.UtcNow));
}

/// <summary>What every JSON line carries besides the event: the node's host id.</summary>
public sealed class JsonConsoleFormatterOptions : ConsoleFormatterOptions
{
    public string HostId { get; set; } = "";
}
