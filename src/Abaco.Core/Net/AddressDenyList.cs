using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;

namespace Abaco.Core.Net;

/// <summary>
/// Address ranges a webhook may not reach (<c>web.webhook_deny_cidrs</c>): by default the node itself (loopback,
/// unspecified), link-local (which holds the clouds' metadata services at 169.254.169.254 and fd00:ec2::254),
/// multicast and reserved space. Private ranges (RFC 1918, fc00::/7) are allowed by default because on-premises
/// sites post webhooks to internal services; a cloud deployment should add them.
/// </summary>
public sealed class AddressDenyList(ImmutableArray<IPNetwork> ranges)
{
    public static readonly ImmutableArray<string> DefaultCidrs =
    [
        "127.0.0.0/8", "::1/128", "0.0.0.0/8", "::/128", "169.254.0.0/16", "fe80::/10", "fd00:ec2::254/128",
        "224.0.0.0/4", "ff00::/8", "240.0.0.0/4",
    ];

    public ImmutableArray<IPNetwork> Ranges { get; } = ranges;

    public static AddressDenyList From(IEnumerable<string> cidrs) =>
        new([.. cidrs.Select(c => TryParse(c, out var range) ? range : throw new FormatException($"'{c}' is not a CIDR range"))]);

    /// <summary>A CIDR range (<c>10.0.0.0/8</c>, <c>fe80::/10</c>) or a single address.</summary>
    public static bool TryParse(string text, out IPNetwork range)
    {
        text = text.Trim();
        if (IPNetwork.TryParse(text, out range)) return true;
        if (!text.Contains('/') && IPAddress.TryParse(text, out var address))
        {
            range = new IPNetwork(address, address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128);
            return true;
        }
        return false;
    }

    /// <summary>Whether the address is in a denied range (an IPv4-mapped IPv6 address counts as its IPv4 one).</summary>
    public bool Denies(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        foreach (var range in Ranges)
            if (range.BaseAddress.AddressFamily == address.AddressFamily && range.Contains(address)) return true;
        return false;
    }
}
