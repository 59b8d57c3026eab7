using System.Net;
using System.Net.Sockets;

namespace Watchdog.Testing;

/// <summary>A port for a child process that takes its port on the command line rather than from the OS.</summary>
public static class LoopbackPort
{
    /// <summary>A loopback port that was free a moment ago (the OS picks it; the child binds it soon after).</summary>
    public static int Free()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
