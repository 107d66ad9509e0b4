using System.Net.Sockets;

namespace Abaco.Runtime.Downing;

/// <summary>What a TCP connection attempt to a member's remoting port says about the member's process.</summary>
public enum PortAnswer
{
    /// <summary>Something accepts connections there: the process (or a new incarnation) runs.</summary>
    Listening,

    /// <summary>The host answered with a reset: nothing listens on the port, the process is gone.</summary>
    Refused,

    /// <summary>No answer in time, or no route: the host or the network is away, which says nothing about the process.</summary>
    Silent,
}

/// <summary>One TCP connection attempt, closed as soon as it is made (the remoting server sees a connection that ends
/// before its handshake, and drops it).</summary>
public static class RemotingPortProbe
{
    public static async Task<PortAnswer> ProbeAsync(string host, int port, TimeSpan timeout)
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await socket.ConnectAsync(host, port, deadline.Token);
            return PortAnswer.Listening;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
        {
            return PortAnswer.Refused;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            return PortAnswer.Silent;
        }
    }
}
