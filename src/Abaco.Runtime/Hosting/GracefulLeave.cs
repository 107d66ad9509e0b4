using Akka.Hosting;

namespace Abaco.Runtime.Hosting;

/// <summary>
/// How a node stops: the host's lifetime (SIGTERM, Ctrl+C, or the end of its run) stops the web server first, which
/// finishes the requests in flight, and then Akka.Hosting runs the coordinated shutdown: shard regions hand their
/// entities over, the node leaves the cluster (its peers see it Removed, not downed), remoting closes.
/// </summary>
public static class GracefulLeave
{
    /// <summary>
    /// What the host allows for the whole stop. A hand-over takes a few seconds; Akka's phases are bounded well below
    /// this, and an orchestrator's grace period (Kubernetes: 30 s) should be longer.
    /// </summary>
    public static readonly TimeSpan HostShutdownTimeout = TimeSpan.FromSeconds(25);

    /// <summary>
    /// Akka's own CLR exit hook is off: on SIGTERM it would race the host and leave the cluster while the web server
    /// still accepts requests for entities; the host runs the coordinated shutdown instead, in order.
    /// </summary>
    public static AkkaConfigurationBuilder WithGracefulLeave(this AkkaConfigurationBuilder builder) =>
        builder.AddHocon("akka.coordinated-shutdown.run-by-clr-shutdown-hook = off", HoconAddMode.Prepend);
}
