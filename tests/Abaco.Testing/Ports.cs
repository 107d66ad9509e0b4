using System.Net;
using System.Net.Sockets;

namespace Abaco.Testing;

public static class Ports
{
    private const int LowestPicked = 10_000;
    private static readonly HashSet<int> HandedOut = [];

    /// <summary>
    /// A loopback port free now, for a process that must be told its port in advance. Picked below the kernel's
    /// ephemeral range: a port from that range (the OS's own pick) can be taken by any outgoing connection (to
    /// PostgreSQL, Redis, Docker) between this call and the process binding it, which failed a node's start with
    /// "address already in use". A port is handed out once per test process.
    /// </summary>
    public static int Free()
    {
        var ephemeralStart = EphemeralStart();
        if (ephemeralStart - LowestPicked < 1_000) return OsPick();
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var port = Random.Shared.Next(LowestPicked, ephemeralStart);
            lock (HandedOut)
            {
                if (HandedOut.Contains(port) || !IsFree(port)) continue;
                HandedOut.Add(port);
                return port;
            }
        }
        return OsPick();
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int OsPick()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The first port of the kernel's range for outgoing connections (Linux's default when unreadable).</summary>
    private static int EphemeralStart()
    {
        try
        {
            var first = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range")
                .Split((char[])[' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries)[0];
            return int.Parse(first, System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return 32_768;
        }
    }
}
