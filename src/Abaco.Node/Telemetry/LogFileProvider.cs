using System.Collections.Concurrent;
using System.Threading.Channels;
using Abaco.Core.Settings;
using Microsoft.Extensions.Logging.Abstractions;

namespace Abaco.Node.Telemetry;

/// <summary>
/// <c>logs.files</c>: the original's log files, under <c>node.data_dir/logs</c>. Combined = every line in
/// <c>abaco.log</c>; split = one file per part of the platform (<see cref="FileOf"/>). Lines are written by one
/// background task, so logging never waits for the disk; the files are appended to across restarts.
/// </summary>
public sealed class LogFileProvider : ILoggerProvider, ISupportExternalScope
{
    private readonly LogFiles _files;
    private readonly LogFormat _format;
    private readonly string _directory;
    private readonly string _hostId;
    private readonly Channel<(string File, string Line)> _lines = Channel.CreateUnbounded<(string, string)>(
        new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;
    private IExternalScopeProvider? _scopes;

    public LogFileProvider(LogSettings settings, string dataDir, string hostId)
    {
        (_files, _format, _hostId) = (settings.Files, settings.Format, hostId);
        _directory = Path.Combine(dataDir, "logs");
        Directory.CreateDirectory(_directory);
        _writer = Task.Run(WriteAsync);
    }

    /// <summary>The file a category's lines go to when split: the original's per-service logs.</summary>
    public static string FileOf(string category) => category switch
    {
        _ when category.StartsWith("Abaco.Api", StringComparison.Ordinal) ||
               category.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) => "api.log",
        _ when category.StartsWith("Abaco.Runtime.Spawner", StringComparison.Ordinal) => "spawner.log",
        _ when category.StartsWith("Abaco.Runtime.Workers", StringComparison.Ordinal) ||
               category.StartsWith("Abaco.Containers", StringComparison.Ordinal) => "worker.log",
        _ => "core.log",
    };

    public ILogger CreateLogger(string categoryName) =>
        new FileLogger(this, categoryName, _files == LogFiles.Split ? FileOf(categoryName) : "abaco.log");

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
        _lines.Writer.TryComplete();
        // Lines logged while the node stopped still reach the files.
        _writer.Wait(TimeSpan.FromSeconds(5));
    }

    private void Add<TState>(string file, in LogEntry<TState> entry)
    {
        var now = DateTimeOffset.UtcNow;
        var line = _format == LogFormat.Json ? LogLine.Json(entry, _scopes, _hostId, now) : LogLine.Text(entry, now);
        _lines.Writer.TryWrite((file, line));
    }

    private async Task WriteAsync()
    {
        var writers = new ConcurrentDictionary<string, StreamWriter>();
        try
        {
            while (await _lines.Reader.WaitToReadAsync())
            {
                while (_lines.Reader.TryRead(out var item))
                    await writers.GetOrAdd(item.File, Open).WriteLineAsync(item.Line);
                foreach (var writer in writers.Values) await writer.FlushAsync();
            }
        }
        finally
        {
            foreach (var writer in writers.Values) await writer.DisposeAsync();
        }
    }

    private StreamWriter Open(string file) =>
        new(new FileStream(Path.Combine(_directory, file), FileMode.Append, FileAccess.Write, FileShare.ReadWrite));

    private sealed class FileLogger(LogFileProvider provider, string category, string file) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull =>
            provider._scopes?.Push(state);

        // The level filters of abaco.logs are applied by the logging framework before this is asked.
        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            provider.Add(file, new LogEntry<TState>(logLevel, category, eventId, state, exception, formatter));
        }
    }
}
