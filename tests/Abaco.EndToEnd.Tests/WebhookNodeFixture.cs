namespace Abaco.EndToEnd.Tests;

/// <summary>
/// A node whose webhook deny list leaves loopback out, so that specs can receive webhooks on a listener of the test
/// machine. The check itself still runs (link-local stays denied); only the list differs from the default.
/// </summary>
public sealed class WebhookNodeFixture : NodeFixture
{
    protected override string ExtraConfig => "abaco.web.webhook_deny_cidrs = [\"169.254.0.0/16\", \"fe80::/10\"]";
}
