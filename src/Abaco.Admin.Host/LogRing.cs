using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Abaco.Admin.Host;

/// <summary>One log line as <c>log peek</c> and <c>log tail</c> show it.</summary>
public sealed record LogLine(DateTime Time, string Level, string Category, string Message);

/// <summary>
/// The node's recent log lines, kept in memory for <c>abaco-admin log peek</c> (a bounded ring: the oldest line goes
/// when it is full) and handed to <c>log tail</c> readers as they are written. An <see cref="ILoggerProvider"/>, so it
/// sees what the console sees, Akka's lines included (they reach Microsoft.Extensions.Logging), after the same filters.
/// </summary>
public sealed class LogRing(int capacity) : ILoggerProvider
{
    private readonly LogLine[] _lines = new LogLine[capacity];
    private readonly Lock _gate = new();
    private readonly List<ChannelWriter<LogLine>> _tails = [];
    private long _written;

    public ILogger CreateLogger(string categoryName) => new RingLogger(this, categoryName);

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var tail in _tails) tail.TryComplete();
            _tails.Clear();
        }
    }

    public void Add(LogLine line)
    {
        lock (_gate)
        {
            _lines[_written++ % _lines.Length] = line;
            foreach (var tail in _tails) tail.TryWrite(line);
        }
    }

    /// <summary>The last <paramref name="count"/> lines at <paramref name="minimum"/> or above, oldest first.</summary>
    public IReadOnlyList<LogLine> Peek(LogLevel minimum, int count)
    {
        lock (_gate)
        {
            var held = (int)Math.Min(_written, _lines.Length);
            var all = Enumerable.Range(0, held).Select(i => _lines[(_written - held + i) % _lines.Length]);
            return all.Where(l => LevelOf(l.Level) >= minimum).TakeLast(count).ToList();
        }
    }

    /// <summary>Every line written from now on at <paramref name="minimum"/> or above, until cancelled.</summary>
    public async IAsyncEnumerable<LogLine> TailAsync(LogLevel minimum,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        // Bounded: a reader that cannot keep up loses lines rather than hold the node's memory.
        var channel = Channel.CreateBounded<LogLine>(new BoundedChannelOptions(10_000)
            { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        lock (_gate) _tails.Add(channel.Writer);
        try
        {
            await foreach (var line in channel.Reader.ReadAllAsync(ct))
                if (LevelOf(line.Level) >= minimum) yield return line;
        }
        finally
        {
            lock (_gate) _tails.Remove(channel.Writer);
        }
    }

    /// <summary>The original's level names, as <c>logs.level</c>, the log tail and the log files use them.</summary>
    public static string NameOf(LogLevel level) => level switch
    {
        LogLevel.Trace => "TRACE",
        LogLevel.Debug => "DEBUG",
        LogLevel.Information => "INFO",
        LogLevel.Warning => "WARNING",
        LogLevel.Error => "ERROR",
        _ => "CRITICAL",
    };

    /// <summary>The original's level names (and .NET's), as <c>--level</c> takes them; null when unknown.</summary>
    public static LogLevel? Parse(string name) => name.ToUpperInvariant() switch
    {
        "TRACE" => LogLevel.Trace,
        "DEBUG" => LogLevel.Debug,
        "INFO" or "INFORMATION" => LogLevel.Information,
        "WARNING" or "WARN" => LogLevel.Warning,
        "ERROR" => LogLevel.Error,
        "CRITICAL" => LogLevel.Critical,
        _ => null,
    };

    private static LogLevel LevelOf(string name) => Parse(name) ?? LogLevel.Critical;

    private sealed class RingLogger(LogRing ring, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            var message = formatter(state, exception);
            if (exception is not null) message += $" ({exception.GetType().Name}: {exception.Message})";
            ring.Add(new LogLine(DateTime.UtcNow, NameOf(logLevel), category, message));
        }
    }
}
