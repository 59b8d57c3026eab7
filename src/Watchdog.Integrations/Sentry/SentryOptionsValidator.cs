namespace Watchdog.Integrations.Sentry;

/// <summary>One message per bad value, naming the key; the token's value never appears in one.</summary>
public sealed class SentryOptionsValidator() : OptionsValidator<SentryOptions>(Problems)
{
    public static IEnumerable<string> Problems(SentryOptions o)
    {
        if (string.IsNullOrWhiteSpace(o.Name)) yield return "Name must not be empty.";
        if (o.BaseUrl is not { IsAbsoluteUri: true } url || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            yield return "BaseUrl must be an absolute http(s) URL.";
        else if (url.Query.Length > 0 || url.Fragment.Length > 0 || url.UserInfo.Length > 0)
            yield return "BaseUrl must not carry a query, a fragment or user info (the token goes in Token).";
        else if (url.Scheme == Uri.UriSchemeHttp && !url.IsLoopback)
            yield return "BaseUrl must use https (plain http only on a loopback host): the token travels with every call.";

        if (string.IsNullOrWhiteSpace(o.Organization) || o.Organization.Any(c => c == '/' || char.IsWhiteSpace(c)))
            yield return "Organization must be the organization's slug.";
        if (string.IsNullOrEmpty(o.Project) || !o.Project.All(char.IsAsciiDigit))
            yield return "Project must be the project's numeric id (events-stats does not take slugs).";
        if (o.Environment is { } env && (env.Length == 0 || env.Any(char.IsControl)))
            yield return "Environment must be a name, or unset for all environments.";
        if (o.Release is { } release && (string.IsNullOrWhiteSpace(release) || release.Any(char.IsControl)))
            yield return "Release must be a version, or unset for all releases.";
        if (string.IsNullOrWhiteSpace(o.Token)) yield return "Token must be set (an auth token with org:read).";

        if (!WholeMinutes(o.Window)) yield return $"Window must be a positive whole number of minutes (was {o.Window}).";
        if (!WholeMinutes(o.Interval)) yield return $"Interval must be a positive whole number of minutes (was {o.Interval}).";
        else if (o.Interval > o.Window) yield return $"Interval must not exceed Window (was {o.Interval} > {o.Window}).";
        else if (o.Window / o.Interval > 10_000) yield return "Window / Interval must not exceed 10000 buckets.";

        if (o.Timeout <= TimeSpan.Zero) yield return $"Timeout must be positive (was {o.Timeout}).";
        if (o.MinInterval < TimeSpan.Zero) yield return $"MinInterval must not be negative (was {o.MinInterval}).";
        if (o.MaxBackoff <= TimeSpan.Zero) yield return $"MaxBackoff must be positive (was {o.MaxBackoff}).";
        if (!o.ErrorRate && !o.CrashFree) yield return "ErrorRate and CrashFree must not both be off: the source would read nothing.";
        if (!System.Enum.IsDefined(o.ErrorRateKind))
            yield return $"ErrorRateKind must be FailureRate or EventCount (was {o.ErrorRateKind}).";
        if (!(o.TransactionSampleRate > 0 && o.TransactionSampleRate <= 1))
            yield return $"TransactionSampleRate must be in (0, 1] (was {o.TransactionSampleRate}).";
        else if (o.TransactionSampleRate != 1 && o.ErrorRateKind == SentryErrorRateKind.FailureRate)
            yield return "TransactionSampleRate applies only with ErrorRateKind EventCount: failure_rate() is a share of transactions and needs no sampling correction; remove it.";
        if (o.MaxBodyBytes < 1024) yield return $"MaxBodyBytes must be at least 1024 (was {o.MaxBodyBytes}).";
    }

    private static bool WholeMinutes(TimeSpan t) => t > TimeSpan.Zero && t.Ticks % TimeSpan.TicksPerMinute == 0;
}
