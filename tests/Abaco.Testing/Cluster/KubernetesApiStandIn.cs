using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;

namespace Abaco.Testing.Cluster;

/// <summary>A pod as the stand-in lists it: its labels, IP and the container ports it names.</summary>
public sealed record StandInPod(string Name, IReadOnlyDictionary<string, string> Labels, string PodIp,
    IReadOnlyDictionary<string, int> NamedPorts, string Phase = "Running");

/// <summary>
/// Just enough of a Kubernetes API server for pod discovery, on loopback over HTTPS: it answers
/// <c>GET /api/v1/namespaces/{ns}/pods?labelSelector=k=v[,k=v]</c> with a PodList of the pods of that namespace whose
/// labels match, when the request carries the expected bearer token; anything else is 404 (401 without the token).
/// It writes what a client in a pod would find: a CA certificate, a service-account token file and a kubeconfig
/// naming the server (a client outside a pod reads its CA from a kubeconfig).
/// </summary>
public sealed class KubernetesApiStandIn : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly X509Certificate2 _certificate = SelfSignedForLoopback();
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, List<StandInPod>> _pods = new();
    private readonly Task _serving;

    public KubernetesApiStandIn(string directory)
    {
        Directory.CreateDirectory(directory);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        CaPath = Path.Combine(directory, "ca.crt");
        File.WriteAllText(CaPath, _certificate.ExportCertificatePem());
        TokenPath = Path.Combine(directory, "token");
        File.WriteAllText(TokenPath, Token);
        KubeconfigPath = Path.Combine(directory, "kubeconfig");
        File.WriteAllText(KubeconfigPath, Kubeconfig());
        _serving = ServeAsync(_stop.Token);
    }

    public string Host => "127.0.0.1";
    public int Port { get; }
    public string CaPath { get; }
    public string TokenPath { get; }
    public string KubeconfigPath { get; }
    public string Token { get; } = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));

    /// <summary>Every request line served, with its answer's status (for a test to show what the clients asked).</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    public void AddPod(string @namespace, StandInPod pod) =>
        _pods.GetOrAdd(@namespace, _ => []).Add(pod);

    private string Kubeconfig() => $"""
        apiVersion: v1
        kind: Config
        clusters:
        - name: stand-in
          cluster:
            server: https://{Host}:{Port}
            certificate-authority: {CaPath}
        users:
        - name: stand-in
          user:
            token: {Token}
        contexts:
        - name: stand-in
          context:
            cluster: stand-in
            user: stand-in
        current-context: stand-in
        """;

    private static X509Certificate2 SelfSignedForLoopback()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=kubernetes-stand-in", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.KeyCertSign, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        // Through PKCS#12 so the private key is usable by SslStream on every platform.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }

    private async Task ServeAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(ct);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            _ = AnswerAsync(client, ct);
        }
    }

    /// <summary>One request per connection (answered with Connection: close), which every HTTP client accepts.</summary>
    private async Task AnswerAsync(TcpClient client, CancellationToken ct)
    {
        using var _ = client;
        try
        {
            await using var tls = new SslStream(client.GetStream());
            await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
            {
                ServerCertificate = _certificate,
                ApplicationProtocols = [SslApplicationProtocol.Http11],
            }, ct);
            var head = await ReadHeadAsync(tls, ct);
            var (status, body) = Answer(head);
            Requests.Enqueue($"{head.FirstOrDefault()} -> {(int)status}");
            var bytes = Encoding.UTF8.GetBytes(body);
            var response = $"HTTP/1.1 {(int)status} {status}\r\nContent-Type: application/json\r\n" +
                           $"Content-Length: {bytes.Length}\r\nConnection: close\r\n\r\n";
            await tls.WriteAsync(Encoding.ASCII.GetBytes(response), ct);
            await tls.WriteAsync(bytes, ct);
            await tls.FlushAsync(ct);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or System.Security.Authentication.AuthenticationException)
        {
            Requests.Enqueue($"connection failed: {e.GetType().Name}: {e.Message}");
        }
    }

    private static async Task<List<string>> ReadHeadAsync(Stream stream, CancellationToken ct)
    {
        var text = new StringBuilder();
        var buffer = new byte[4096];
        while (!text.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer, ct);
            if (read == 0) break;
            text.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }
        return [.. text.ToString().Split("\r\n").TakeWhile(line => line.Length > 0)];
    }

    private (HttpStatusCode, string) Answer(List<string> head)
    {
        if (!head.Any(line => line.Equals($"Authorization: Bearer {Token}", StringComparison.OrdinalIgnoreCase)))
            return (HttpStatusCode.Unauthorized, Status("Unauthorized", 401));
        var target = head[0].Split(' ') is [ "GET", var t, ..] ? new Uri(new Uri("https://stand-in"), t) : null;
        var segments = target?.AbsolutePath.Trim('/').Split('/');
        if (segments is not ["api", "v1", "namespaces", var ns, "pods"])
            return (HttpStatusCode.NotFound, Status("NotFound", 404));
        var selector = System.Web.HttpUtility.ParseQueryString(target!.Query)["labelSelector"] ?? "";
        var pods = _pods.TryGetValue(ns, out var all) ? all.Where(pod => Matches(pod, selector)) : [];
        return (HttpStatusCode.OK, PodList(ns, pods));
    }

    /// <summary>Equality selectors only (<c>app=abaco,tier=core</c>), the form discovery sends.</summary>
    private static bool Matches(StandInPod pod, string selector) => selector
        .Split(',', StringSplitOptions.RemoveEmptyEntries)
        .Select(term => term.Split('=', 2))
        .All(pair => pair.Length == 2 && pod.Labels.TryGetValue(pair[0].Trim(), out var value) && value == pair[1].Trim());

    private static string Status(string reason, int code) => JsonSerializer.Serialize(new
    {
        kind = "Status", apiVersion = "v1", metadata = new { }, status = "Failure", reason, code,
    });

    private static string PodList(string ns, IEnumerable<StandInPod> pods) => JsonSerializer.Serialize(new
    {
        kind = "PodList",
        apiVersion = "v1",
        metadata = new { resourceVersion = "1" },
        items = pods.Select(pod => new
        {
            metadata = new { name = pod.Name, @namespace = ns, labels = pod.Labels, uid = Guid.NewGuid().ToString() },
            spec = new
            {
                containers = new[]
                {
                    new
                    {
                        name = "abaco",
                        image = "abaco/node",
                        ports = pod.NamedPorts.Select(port => new { name = port.Key, containerPort = port.Value, protocol = "TCP" }),
                    },
                },
            },
            status = new
            {
                phase = pod.Phase,
                podIP = pod.PodIp,
                podIPs = new[] { new { ip = pod.PodIp } },
                containerStatuses = new[] { new { name = "abaco", ready = true, restartCount = 0, image = "abaco/node", imageID = "", state = new { running = new { startedAt = "2026-01-01T00:00:00Z" } } } },
            },
        }),
    });

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _serving;
        _certificate.Dispose();
        _stop.Dispose();
    }
}
