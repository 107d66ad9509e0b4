namespace Abaco.Core.Settings;

/// <summary>How each log line is written: the single-line text of the console, or one JSON object per line.</summary>
public enum LogFormat { Text, Json }

/// <summary>
/// Log files besides the console, as the original kept them: none, one combined file, or one file per part of the
/// platform (api, core, spawner, worker).
/// </summary>
public enum LogFiles { None, Combined, Split }

/// <summary>The OTLP transport of the trace exporter.</summary>
public enum OtlpProtocol { Grpc, HttpProtobuf }

/// <summary>
/// <c>abaco.telemetry</c>: the OTLP endpoint traces are exported to (empty = none: spans still exist in the node, so
/// trace ids reach logs and containers, but nothing leaves it), its protocol, and the service name spans carry.
/// </summary>
public sealed record TelemetrySettings(string OtlpEndpoint, OtlpProtocol OtlpProtocol, string ServiceName)
{
    public bool Exports => OtlpEndpoint.Length > 0;
}
