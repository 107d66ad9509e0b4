using System.Net;

namespace Abaco.Core.Net;

/// <summary>What may be a webhook: an absolute http(s) URL whose host is not in the deny list.</summary>
public static class WebhookTarget
{
    /// <summary>Why <paramref name="url"/> is refused before any name is resolved, or null.</summary>
    public static string? Problem(string url, AddressDenyList deny)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) ||
            (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || uri.Host.Length == 0)
            return "it must be an absolute http or https URL";
        if (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var literal))
            return deny.Denies(literal) ? $"the address {literal} is not allowed for webhooks" : null;
        var host = uri.IdnHost.TrimEnd('.');
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase) ||
            host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
            return $"the host {uri.Host} is not allowed for webhooks";
        return null;
    }

    /// <summary>Why the addresses a name resolves to are refused (any one in the deny list), or null.</summary>
    public static string? Problem(string host, IEnumerable<IPAddress> addresses, AddressDenyList deny) =>
        addresses.FirstOrDefault(deny.Denies) is { } denied
            ? $"the host {host} resolves to {denied}, which is not allowed for webhooks"
            : null;
}
