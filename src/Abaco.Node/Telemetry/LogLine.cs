using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Abaco.Admin.Host;
using Microsoft.Extensions.Logging.Abstractions;

namespace Abaco.Node.Telemetry;

/// <summary>
/// One log event as one line: JSON (<c>logs.format = json</c>, for log shippers) or the text of the log files. The
/// trace and span ids are those of the span current when the event was logged.
/// </summary>
public static class LogLine
{
    /// <summary>
    /// A JSON object without a line break: timestamp, level, category, message, exception (null when none), host_id,
    /// trace_id and span_id (null outside a span), event_id, state (the structured values, with the message
    /// template as <c>{OriginalFormat}</c>) and scopes.
    /// </summary>
    public static string Json<TState>(in LogEntry<TState> entry, IExternalScopeProvider? scopes, string hostId,
        DateTimeOffset timestamp)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("timestamp", timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            json.WriteString("level", LogRing.NameOf(entry.LogLevel));
            json.WriteString("category", entry.Category);
            json.WriteString("message", entry.Formatter(entry.State, entry.Exception));
            json.WriteString("exception", entry.Exception?.ToString());
            json.WriteString("host_id", hostId);
            var span = Activity.Current;
            json.WriteString("trace_id", span?.TraceId.ToHexString());
            json.WriteString("span_id", span?.SpanId.ToHexString());
            json.WriteNumber("event_id", entry.EventId.Id);
            json.WritePropertyName("state");
            WriteValue(json, entry.State);
            json.WriteStartArray("scopes");
            scopes?.ForEachScope((scope, writer) => WriteValue(writer, scope), json);
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>The text line of the log files: time, level, category, message; an exception follows on its own lines.</summary>
    public static string Text<TState>(in LogEntry<TState> entry, DateTimeOffset timestamp)
    {
        var line = $"{timestamp.UtcDateTime:yyyy-MM-dd HH:mm:ss.fff} {LogRing.NameOf(entry.LogLevel),-8} {entry.Category}: " +
                   entry.Formatter(entry.State, entry.Exception);
        return entry.Exception is null ? line : line + Environment.NewLine + entry.Exception;
    }

    /// <summary>Structured values as an object, anything else as its text.</summary>
    private static void WriteValue(Utf8JsonWriter json, object? value)
    {
        if (value is IEnumerable<KeyValuePair<string, object?>> pairs)
        {
            json.WriteStartObject();
            foreach (var (name, item) in pairs) WriteProperty(json, name, item);
            json.WriteEndObject();
        }
        else if (value is null) json.WriteNullValue();
        else json.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture));
    }

    private static void WriteProperty(Utf8JsonWriter json, string name, object? value)
    {
        switch (value)
        {
            case null: json.WriteNull(name); break;
            case bool flag: json.WriteBoolean(name, flag); break;
            case int or long or short or byte or uint or ulong or double or float or decimal:
                json.WritePropertyName(name);
                json.WriteRawValue(Convert.ToString(value, CultureInfo.InvariantCulture)!);
                break;
            default:
                json.WriteString(name, Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }
}
