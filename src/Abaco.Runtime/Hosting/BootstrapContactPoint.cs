using System.Collections.Immutable;
using System.Net;
using System.Text;
using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using Akka.Management.Cluster.Bootstrap.ContactPoint;
using Newtonsoft.Json;

namespace Abaco.Runtime.Hosting;

/// <summary>
/// The HTTP contact point Cluster.Bootstrap probes on every node (<c>GET /bootstrap/seed-nodes</c>): this node's
/// address and the cluster members it sees, in Akka.Management's own JSON, so the probing side reads it unchanged.
/// </summary>
/// <remarks>
/// Served here, not by Akka.Management's HTTP endpoint: that endpoint (Akka.Http.Shim 1.5.73) calls a method that the
/// only Ceen.Httpd the package registry serves (0.9.10) no longer has, so it fails to bind and takes the ActorSystem
/// down. The route's answer is the same as Akka.Management's: an empty member list while this node is leaving or gone,
/// else its reachable Joining, Up and WeaklyUp members (at most <see cref="MaxSeedNodesToExpose"/>).
/// </remarks>
internal sealed class BootstrapContactPoint : IDisposable
{
    private const string SeedNodesPath = "/bootstrap/seed-nodes";
    private const int MaxSeedNodesToExpose = 5;

    private readonly HttpListener _listener = new();
    private readonly Akka.Cluster.Cluster _cluster;
    private readonly ILoggingAdapter _log;

    private BootstrapContactPoint(ActorSystem system, string host, int port)
    {
        _cluster = Akka.Cluster.Cluster.Get(system);
        _log = Logging.GetLogger(system, typeof(BootstrapContactPoint));
        _listener.Prefixes.Add($"http://{ListenHost(host)}:{port}/");
    }

    /// <summary>Binds <paramref name="host"/>:<paramref name="port"/> and serves until the ActorSystem terminates.</summary>
    public static BootstrapContactPoint Start(ActorSystem system, string host, int port)
    {
        var contactPoint = new BootstrapContactPoint(system, host, port);
        contactPoint._listener.Start();
        contactPoint._log.Info("Cluster.Bootstrap contact point listening on http://{0}:{1}{2}", host, port, SeedNodesPath);
        _ = contactPoint.ServeAsync();
        system.RegisterOnTermination(contactPoint.Dispose);
        return contactPoint;
    }

    /// <summary>HttpListener names "every interface" with a wildcard, not an address.</summary>
    private static string ListenHost(string host) => host is "0.0.0.0" or "::" or "*" ? "+" : host;

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            Answer(context);
        }
    }

    private void Answer(HttpListenerContext context)
    {
        using var response = context.Response;
        try
        {
            if (context.Request.HttpMethod != "GET" || context.Request.Url?.AbsolutePath.TrimEnd('/') != SeedNodesPath)
            {
                response.StatusCode = (int)HttpStatusCode.NotFound;
                return;
            }
            var body = Encoding.UTF8.GetBytes(JsonConvert.SerializeObject(SeedNodes()));
            response.ContentType = "application/json";
            response.ContentLength64 = body.Length;
            response.OutputStream.Write(body);
        }
        catch (Exception e) when (e is HttpListenerException or IOException)
        {
            // The prober gave up on this request; it probes again.
            _log.Debug("Bootstrap contact point could not answer: {0}", e.Message);
        }
    }

    private HttpBootstrapJsonProtocol.SeedNodes SeedNodes()
    {
        var self = _cluster.SelfMember;
        if (self.Status is MemberStatus.Leaving or MemberStatus.Exiting or MemberStatus.Down or MemberStatus.Removed)
            return new HttpBootstrapJsonProtocol.SeedNodes(self.Address, ImmutableList<HttpBootstrapJsonProtocol.ClusterMember>.Empty);
        var state = _cluster.State;
        var members = state.Members
            .Where(member => !state.Unreachable.Contains(member))
            .Where(member => member.Status is MemberStatus.Joining or MemberStatus.Up or MemberStatus.WeaklyUp)
            .Take(MaxSeedNodesToExpose)
            .Select(member => new HttpBootstrapJsonProtocol.ClusterMember(member.Address, member.UniqueAddress.Uid,
                member.Status, member.Roles))
            .ToImmutableList();
        return new HttpBootstrapJsonProtocol.SeedNodes(self.Address, members);
    }

    public void Dispose()
    {
        if (_listener.IsListening) _listener.Stop();
        _listener.Close();
    }
}
