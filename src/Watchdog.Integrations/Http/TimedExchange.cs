using System.Net;
using System.Net.Sockets;
using Watchdog.Core.Signals;

namespace Watchdog.Integrations.Http;

/// <summary>
/// What one timed request got: a status and a bounded body, or why there was no answer. Failures are
/// described in our own words (never an exception message, which may quote a URL or a header).
/// </summary>
/// <param name="Unreadable">The peer did answer, but past what the client reads (headers over the limit): not "no answer".</param>
internal readonly record struct TimedExchange(HttpStatusCode? Status, byte[] Body, bool Truncated, TimeSpan Elapsed, string? Failure, bool Unreadable = false)
{
    public bool Answered => Status is not null;

    public bool IsSuccessStatus => Status is { } s && (int)s is >= 200 and <= 299;

    /// <summary>
    /// Sends <paramref name="request"/> once, with a deadline on the injected clock covering headers and
    /// body. The body is read (up to <paramref name="maxBodyBytes"/>) only when <paramref name="readBody"/>
    /// says so; the rest is never buffered. Throws only when <paramref name="ct"/> is cancelled.
    /// </summary>
    public static async Task<TimedExchange> SendAsync(HttpClient http, HttpRequestMessage request, TimeSpan timeout, int maxBodyBytes,
        Func<HttpResponseMessage, bool> readBody, TimeProvider time, CancellationToken ct)
    {
        var started = time.GetTimestamp();
        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, deadline.Token);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            byte[] body = [];
            var truncated = false;
            if (readBody(response))
                (body, truncated) = await BoundedContent.ReadAsBytesAsync(response, maxBodyBytes, linked.Token);
            return new(response.StatusCode, body, truncated, time.GetElapsedTime(started), null);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException)
        {
            // Our deadline, or the HttpClient's own Timeout if that is shorter.
            var why = deadline.IsCancellationRequested ? $"timed out after {SignalFormat.Duration(timeout)}" : "timed out (HttpClient.Timeout)";
            return new(null, [], false, time.GetElapsedTime(started), why);
        }
        catch (HttpRequestException e) when (e.HttpRequestError == HttpRequestError.ConfigurationLimitExceeded)
        {
            // With ResponseHeadersRead the only limit SendAsync enforces is the header length.
            return new(null, [], false, time.GetElapsedTime(started), StrictHttp.HeadersTooLarge, Unreadable: true);
        }
        catch (Exception e)
        {
            return new(null, [], false, time.GetElapsedTime(started), Describe(e));
        }
    }

    /// <summary>A short, secret-free description of a transport failure.</summary>
    internal static string Describe(Exception e)
    {
        var socket = Find<SocketException>(e);
        if (socket is not null)
        {
            return socket.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => "connection refused",
                SocketError.ConnectionReset or SocketError.ConnectionAborted => "connection reset",
                SocketError.TimedOut => "connect timed out",
                SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => "host name not resolved",
                SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.HostDown or SocketError.NetworkDown => "host unreachable",
                var other => $"socket error {other}",
            };
        }

        var error = e switch
        {
            HttpRequestException h => h.HttpRequestError,
            HttpIOException io => io.HttpRequestError,
            _ => (HttpRequestError?)null,
        };
        return error switch
        {
            HttpRequestError.NameResolutionError => "host name not resolved",
            HttpRequestError.ConnectionError => "connection failed",
            HttpRequestError.SecureConnectionError => "TLS handshake failed",
            HttpRequestError.ResponseEnded => "connection closed before the response ended",
            HttpRequestError.InvalidResponse => "invalid HTTP response",
            HttpRequestError.ProxyTunnelError => "proxy tunnel failed",
            HttpRequestError.HttpProtocolError => "HTTP protocol error",
            HttpRequestError.ConfigurationLimitExceeded => "response exceeded a client limit",
            HttpRequestError.VersionNegotiationError => "HTTP version negotiation failed",
            HttpRequestError.UserAuthenticationError => "proxy authentication failed",
            { } other => $"request failed ({other})",
            null when e is IOException => "connection reset",
            null => $"request failed ({e.GetType().Name})",
        };
    }

    private static T? Find<T>(Exception? e) where T : Exception
    {
        for (; e is not null; e = e.InnerException)
            if (e is T t) return t;
        return null;
    }
}
