using System.Text.Json;

namespace Watchdog.Integrations.Sentry;

/// <summary>A 2xx answer's parsed JSON, or why there is none, in words safe to show (no token, no query string).</summary>
internal readonly record struct SentryAnswer(JsonElement Json, string? Failure)
{
    public bool Ok => Failure is null;

    public static SentryAnswer Of(JsonElement json) => new(json, null);

    public static SentryAnswer Failed(string why) => new(default, why);
}
