using System.Net;
using System.Net.Sockets;

namespace Abaco.Testing;

public static class Ports
{
    /// <summary>A loopback port free now (the OS's pick), for a process that must be told its port in advance.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
