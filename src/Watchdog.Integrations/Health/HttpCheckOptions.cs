using Watchdog.Integrations.Http;

namespace Watchdog.Integrations.Health;

/// <summary>One HTTP smoke test or stabilization call (the seed's login check, a cache-clear endpoint).</summary>
public sealed class HttpCheckOptions
{
    /// <summary>Step name in the journal, e.g. "smoke: login". Required.</summary>
    public string Name { get; set; } = "";

    /// <summary>Default GET.</summary>
    public string Method { get; set; } = "GET";

    /// <summary>Absolute URL. Only its path appears in step details and logs.</summary>
    public Uri? Url { get; set; }

    /// <summary>Optional JSON request body, sent as <c>application/json</c>. Never logged (it may hold a test password).</summary>
    public string? Body { get; set; }

    /// <summary>Extra request headers. Values are never logged.</summary>
    public Dictionary<string, string> Headers { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Status that counts as success. Default 200.</summary>
    public int ExpectStatus { get; set; } = 200;

    /// <summary>Text the response body must contain (ordinal), searched in the first <see cref="MaxBodyBytes"/>.</summary>
    public string? ExpectBodyContains { get; set; }

    /// <summary>Deadline for the whole call. Default 10 s.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Most of the body read. Default 64 KiB.</summary>
    public int MaxBodyBytes { get; set; } = BoundedContent.DefaultMaxBytes;
}
