namespace Watchdog.Integrations.Http;

/// <summary>
/// The one way Watchdog builds a socket handler for a peer. A redirect is never followed: a 3xx is the peer's
/// own answer (a health probe must not be judged by the page it points to), and a configured secret header
/// (<c>X-Api-Key</c>, a webhook signature) would otherwise travel to whatever origin the Location names.
/// </summary>
public static class StrictHttp
{
    /// <summary>Most response header bytes read, in KiB (the .NET default, stated so reasons can name it).</summary>
    public const int MaxResponseHeadersKiB = 64;

    /// <summary>Why a response was not read when its headers were over <see cref="MaxResponseHeadersKiB"/>.</summary>
    public static string HeadersTooLarge => $"response headers exceed the {MaxResponseHeadersKiB} KiB limit";

    public static SocketsHttpHandler CreateHandler() => new()
    {
        AllowAutoRedirect = false,
        MaxResponseHeadersLength = MaxResponseHeadersKiB,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
    };

    /// <summary>A client on <see cref="CreateHandler"/> with no timeout of its own: every caller sets a deadline on its clock.</summary>
    public static HttpClient CreateClient() => new(CreateHandler()) { Timeout = Timeout.InfiniteTimeSpan };
}
