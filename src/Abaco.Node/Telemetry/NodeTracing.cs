using Abaco.Core.Settings;
using Abaco.Core.Telemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Abaco.Node.Telemetry;

/// <summary>
/// <c>abaco.telemetry</c>: spans of the HTTP requests (ASP.NET Core) and of Abaco's own source are always recorded,
/// so trace ids reach the logs and the containers; they leave the node only when an OTLP endpoint is set.
/// </summary>
public static class NodeTracing
{
    public static IServiceCollection AddAbacoTracing(this IServiceCollection services, AbacoSettings settings)
    {
        var telemetry = settings.Telemetry;
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(telemetry.ServiceName,
                serviceVersion: settings.General.Tag, serviceInstanceId: settings.Spawner.HostId))
            .WithTracing(tracing =>
            {
                tracing.AddSource(AbacoTracing.SourceName);
                // Probes of orchestrators every few seconds are not worth a trace each.
                tracing.AddAspNetCoreInstrumentation(o => o.Filter = http => !http.Request.Path.StartsWithSegments("/healthz"));
                if (telemetry.Exports) tracing.AddOtlpExporter(o => Export(o, telemetry));
            });
        return services;
    }

    private static void Export(OtlpExporterOptions options, TelemetrySettings telemetry)
    {
        options.Protocol = telemetry.OtlpProtocol == OtlpProtocol.Grpc ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;
        options.Endpoint = Endpoint(telemetry);
    }

    /// <summary>The exporter posts http/protobuf to the URL as given: a bare collector address gets the traces path.</summary>
    public static Uri Endpoint(TelemetrySettings telemetry)
    {
        var uri = new Uri(telemetry.OtlpEndpoint);
        return telemetry.OtlpProtocol == OtlpProtocol.HttpProtobuf && uri.AbsolutePath is "/" or ""
            ? new Uri(uri, "/v1/traces")
            : uri;
    }
}
