using System.Net;
using System.Net.Sockets;

namespace Watchdog.Integrations.Tests.Http;

internal static class Peers
{
    /// <summary>A loopback URL on a port that was just free, so a connection is refused.</summary>
    public static Uri NothingListening(string path)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}{path}");
    }
}
