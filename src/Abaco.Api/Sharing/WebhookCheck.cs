using System.Net;
using System.Net.Sockets;
using Abaco.Api.Http;
using Abaco.Core.Net;
using Abaco.Core.Settings;

namespace Abaco.Api.Sharing;

/// <summary>
/// Refuses, when an actor is registered or updated, a <c>webhook</c> that points into <c>web.webhook_deny_cidrs</c>
/// (the node itself, cloud metadata, ...): by address, as <c>localhost</c>, or by a name that resolves there now.
/// A name that does not resolve yet is accepted; delivery checks the address it connects to in any case.
/// </summary>
public static class WebhookCheck
{
    private static readonly TimeSpan ResolveTimeout = TimeSpan.FromSeconds(3);

    public static async Task CheckAsync(string webhook, AbacoSettings settings, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(webhook)) return;
        var deny = AddressDenyList.From(settings.Web.WebhookDenyCidrs);
        if (WebhookTarget.Problem(webhook, deny) is { } problem) throw Invalid(problem);
        var host = new Uri(webhook).IdnHost;
        if (IPAddress.TryParse(host.Trim('[', ']'), out _)) return;
        IPAddress[] addresses;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(ResolveTimeout);
            addresses = await Dns.GetHostAddressesAsync(host, timeout.Token);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            return;
        }
        if (WebhookTarget.Problem(host, addresses, deny) is { } resolved) throw Invalid(resolved);
    }

    private static ApiError Invalid(string problem) => ApiError.BadRequest($"Invalid webhook parameter; {problem}.");
}
