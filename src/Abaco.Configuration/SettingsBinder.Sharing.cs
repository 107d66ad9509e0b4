using System.Collections.Immutable;
using Abaco.Core.Net;
using Abaco.Core.Settings;

namespace Abaco.Configuration;

/// <summary>The keys of the sharing and tenant surfaces: where the API listens, the webhook deny list.</summary>
internal sealed partial class SettingsBinder
{
    public const string LoopbackHost = "127.0.0.1";
    public const string AnyHost = "0.0.0.0";

    /// <summary>
    /// <c>web.host</c>; when the operator leaves it empty, loopback under <c>access_control = none</c> (every caller
    /// is an admin there, so the network must not reach it by accident) and every interface under <c>jwt</c>.
    /// </summary>
    private string WebHost(AccessControl accessControl)
    {
        var host = Scalar("web", "host");
        if (!string.IsNullOrEmpty(host)) return host;
        return accessControl == AccessControl.None ? LoopbackHost : AnyHost;
    }

    /// <summary><c>web.webhook_deny_cidrs</c>: CIDR ranges or single addresses.</summary>
    private ImmutableArray<string> WebhookDenyCidrs()
    {
        const string section = "web", key = "webhook_deny_cidrs";
        if (List(section, key) is not { } items) return AddressDenyList.DefaultCidrs;
        foreach (var item in items.Where(item => !AddressDenyList.TryParse(item, out _)))
            Invalid(section, key, "must list CIDR ranges such as 169.254.0.0/16 or fe80::/10", item);
        return [.. items.Where(item => item.Length > 0)];
    }
}
