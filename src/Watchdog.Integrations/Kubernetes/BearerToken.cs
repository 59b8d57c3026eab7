using Watchdog.Integrations.Http;

namespace Watchdog.Integrations.Kubernetes;

/// <summary>
/// The bearer token: the configured one, or the token file's content. Bound service-account tokens
/// expire (kubelet rewrites the file well before), so the file is read again when its modification
/// time changes and, in case a symlink swap hides that, once the copy is a minute old, as client-go does.
/// </summary>
internal sealed class BearerToken
{
    /// <summary>Oldest a copy of the file may be before it is read again anyway.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(1);

    private readonly Lock _gate = new();
    private readonly string? _fixed;
    private readonly string? _file;
    private readonly TimeProvider _time;
    private string? _cached;
    private DateTime _cachedStamp;
    private DateTimeOffset _cachedAt;

    public BearerToken(KubernetesOptions options, TimeProvider time)
    {
        _fixed = string.IsNullOrWhiteSpace(options.Token) ? null : options.Token.Trim();
        _file = _fixed is null ? options.TokenFile : null;
        _time = time;
    }

    /// <summary>The configured token, if one is; masked wherever an answer might echo it.</summary>
    public string? Known
    {
        get
        {
            if (_fixed is not null) return _fixed;
            lock (_gate) return _cached;
        }
    }

    /// <exception cref="PeerRefusedException">The token file cannot be read or is empty.</exception>
    public string Current()
    {
        if (_fixed is not null) return _fixed;
        lock (_gate)
        {
            try
            {
                var stamp = File.GetLastWriteTimeUtc(_file!);
                var now = _time.GetUtcNow();
                if (_cached is not null && stamp == _cachedStamp && now - _cachedAt < MaxAge)
                    return _cached;

                var token = File.ReadAllText(_file!).Trim();
                if (token.Length == 0) throw new PeerRefusedException("Kubernetes", $"The token file {_file} is empty.");
                (_cached, _cachedStamp, _cachedAt) = (token, stamp, now);
                return token;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The file's path is ours to show; its content is never read into a message.
                throw new PeerRefusedException("Kubernetes", $"The token file {_file} cannot be read ({e.GetType().Name}).", null, innerException: e);
            }
        }
    }
}
