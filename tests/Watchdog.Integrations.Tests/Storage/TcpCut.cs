using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Watchdog.Integrations.Tests.Storage;

/// <summary>
/// A TCP relay on 127.0.0.1 in front of a real server that a test can cut, like a network partition or a server gone
/// away, without stopping the server the other tests share. While cut, every relayed connection is dropped and new ones
/// are accepted and closed at once.
/// </summary>
internal sealed class TcpCut : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<TcpClient, byte> _open = new();
    private readonly Task _accepting;
    private volatile bool _cut;

    public TcpCut(int targetPort)
    {
        _target = targetPort;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public void Cut()
    {
        _cut = true;
        foreach (var client in _open.Keys) client.Dispose();
        _open.Clear();
    }

    public void Restore() => _cut = false;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        Cut();
        await _accepting.ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            if (_cut)
            {
                client.Dispose();
                continue;
            }

            var server = new TcpClient();
            await server.ConnectAsync(IPAddress.Loopback, _target, _stop.Token);
            _open[client] = 0;
            _open[server] = 0;
            _ = PumpAsync(client, server);
            _ = PumpAsync(server, client);
        }
    }

    private async Task PumpAsync(TcpClient from, TcpClient to)
    {
        try
        {
            await from.GetStream().CopyToAsync(to.GetStream(), _stop.Token);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
            // the other side went away, or the test cut the line
        }

        from.Dispose();
        to.Dispose();
    }
}
