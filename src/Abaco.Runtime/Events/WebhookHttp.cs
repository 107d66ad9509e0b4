using System.Net;
using System.Net.Sockets;
using Abaco.Core.Net;

namespace Abaco.Runtime.Events;

/// <summary>
/// The HTTP client webhooks are posted with. Every connection it opens (the first and any redirect's) resolves the
/// host itself and refuses to connect when an address is in <c>web.webhook_deny_cidrs</c>: a name checked at
/// registration may resolve elsewhere by delivery time (DNS rebinding), and only the address actually connected to
/// counts. No proxy is used, so the address checked is the one reached.
/// </summary>
public static class WebhookHttp
{
    public static HttpClient Create(AddressDenyList deny, TimeSpan timeout) =>
        new(new SocketsHttpHandler
        {
            UseProxy = false,
            ConnectCallback = (context, ct) => ConnectAsync(context.DnsEndPoint, deny, ct),
        })
        { Timeout = timeout };

    private static async ValueTask<Stream> ConnectAsync(DnsEndPoint endpoint, AddressDenyList deny, CancellationToken ct)
    {
        var host = endpoint.Host.Trim('[', ']');
        var addresses = IPAddress.TryParse(host, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, ct);
        if (addresses.Length == 0) throw new SocketException((int)SocketError.HostNotFound);
        if (WebhookTarget.Problem(host, addresses, deny) is { } problem) throw new WebhookDeniedException(problem);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, endpoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}

/// <summary>A webhook's host is (or resolves to) a denied address; retrying cannot help.</summary>
public sealed class WebhookDeniedException(string message) : Exception(message);
