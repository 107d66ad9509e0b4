using Abaco.Core.Settings;

namespace Abaco.Configuration;

/// <summary>The keys whose value or validity depends on another key.</summary>
internal sealed partial class SettingsBinder
{
    public const string LoopbackHost = "127.0.0.1";
    public const string AnyHost = "0.0.0.0";

    private static readonly ValueRule<AccessControl> AccessControlRule =
        ValueRules.Choice(("none", AccessControl.None), ("jwt", AccessControl.Jwt));

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

    /// <summary><c>web.access_control</c>; <c>jwt</c> needs a key to verify tokens with, else no token ever would be.</summary>
    private AccessControl AccessControlValue()
    {
        const string web = "web";
        var accessControl = Value(web, "access_control", AccessControlRule);
        if (accessControl != AccessControl.Jwt) return accessControl;
        var publicKey = Scalar(web, "apim_public_key");
        var signingKey = Scalar(web, "token_signing_key");
        if (string.IsNullOrWhiteSpace(publicKey) && string.IsNullOrWhiteSpace(signingKey))
        {
            var path = PathOf(web, "access_control");
            Fail(path, $"{path} is 'jwt' but neither {PathOf(web, "apim_public_key")} nor {PathOf(web, "token_signing_key")} is set, so no token could ever be verified");
        }

        return accessControl;
    }

    /// <summary>Every queue a host serves must be one an actor may ask for (when <c>web.all_queues</c> lists them).</summary>
    private void CheckHostQueuesAmongAllQueues(SpawnerSettings spawner, WebSettings web)
    {
        var hostQueues = PathOf("spawner", "host_queues");
        foreach (var queue in spawner.HostQueues.Where(queue => !web.AllQueues.IsEmpty && !web.AllQueues.Contains(queue)))
        {
            Fail(hostQueues, $"{hostQueues} names '{queue}', which is not in {PathOf("web", "all_queues")} [{string.Join(", ", web.AllQueues)}]");
        }
    }
}
