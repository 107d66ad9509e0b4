using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Abaco.Testing;

namespace Abaco.Deploy.Tests;

/// <summary>
/// The front image alone (abaco/nginx), configured only by its environment: TLS from mounted certificate files, the
/// merged path forwarded upstream, its own errors in the API's envelope.
/// </summary>
public sealed class NginxFrontSpecs(ITestOutputHelper output)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact(DisplayName = "abaco/nginx serves HTTPS with the mounted certificate, forwards //actors as /actors, and answers 502 in the envelope when no node answers")]
    public async Task Front_serves_tls_and_merges_slashes()
    {
        await DeployImages.EnsureBuiltAsync();
        var directory = Directory.CreateTempSubdirectory("abaco-front-").FullName;
        using var certificate = SelfSigned();
        await File.WriteAllTextAsync(Path.Combine(directory, "tls.crt"), certificate.ExportCertificatePem());
        await File.WriteAllTextAsync(Path.Combine(directory, "tls.key"), certificate.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem());
        var name = $"abaco-front-{Guid.NewGuid():N}"[..24];
        var port = Ports.Free();
        try
        {
            // A network of its own, as in the compose stack. No node listens on the upstream: every request ends in the
            // front's own 502 page.
            (await Tool.RunAsync("docker", ["network", "create", name], Deadline)).Succeeded();
            (await Tool.RunAsync("docker", ["run", "-d", "--name", name, "--network", name, "-p", $"127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}:443",
                "-v", $"{directory}:/tls:ro", "-e", "ABACO_TLS_CERT=/tls/tls.crt", "-e", "ABACO_TLS_KEY=/tls/tls.key",
                "-e", "ABACO_API_UPSTREAMS=127.0.0.1:9", "abaco/nginx:latest"], Deadline)).Succeeded();
            using var handler = new HttpClientHandler
            {
                // Only this certificate: the front must present the one it was given.
                ServerCertificateCustomValidationCallback = (_, presented, _, _) => presented?.Thumbprint == certificate.Thumbprint,
            };
            using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
            var url = $"https://127.0.0.1:{port}//actors";
            var response = await Eventually.ValueAsync(async () =>
            {
                try
                {
                    return await http.GetAsync(url);
                }
                catch (HttpRequestException)
                {
                    return null;
                }
            }, Deadline, "the front to answer over HTTPS");
            using (response)
            {
                Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
                using var envelope = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                Assert.Equal("error", envelope.RootElement.GetProperty("status").GetString());
            }
            var logs = (await Tool.RunAsync("docker", ["logs", name], Deadline)).Output;
            output.WriteLine(logs);
            Assert.Contains("request: \"GET //actors HTTP/1.1\", upstream: \"http://127.0.0.1:9/actors\"", logs);
        }
        finally
        {
            await Tool.RunAsync("docker", ["rm", "-f", "-v", name], Deadline);
            await Tool.RunAsync("docker", ["network", "rm", name], Deadline);
            Directory.Delete(directory, recursive: true);
        }
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
    }
}
