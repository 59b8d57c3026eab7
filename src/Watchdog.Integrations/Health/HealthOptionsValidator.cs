using Microsoft.Extensions.Options;

namespace Watchdog.Integrations.Health;

/// <summary>One message per bad value, naming the key, so start-up stops with something a person can fix.</summary>
public sealed class HealthOptionsValidator :
    IValidateOptions<HealthOptions>, IValidateOptions<VerificationOptions>, IValidateOptions<HttpCheckOptions>
{
    public ValidateOptionsResult Validate(string? name, HealthOptions options) => OptionsResult.Of(Problems(options));

    public ValidateOptionsResult Validate(string? name, VerificationOptions options) => OptionsResult.Of(Problems(options));

    public ValidateOptionsResult Validate(string? name, HttpCheckOptions options) => OptionsResult.Of(Problems(options));

    public static IEnumerable<string> Problems(HealthOptions o)
    {
        if (o.Url is not { IsAbsoluteUri: true } url || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            yield return "Url must be an absolute http(s) URL.";
        if (string.IsNullOrWhiteSpace(o.Name)) yield return "Name must not be empty.";
        if (o.Timeout <= TimeSpan.Zero) yield return $"Timeout must be positive (was {o.Timeout}).";
        if (o.MaxBodyBytes < 1) yield return $"MaxBodyBytes must be at least 1 (was {o.MaxBodyBytes}).";
        if (o.Interval <= TimeSpan.Zero) yield return $"Interval must be positive (was {o.Interval}).";
        if (o.Window <= TimeSpan.Zero) yield return $"Window must be positive (was {o.Window}).";
        if (o.Capacity is < 1) yield return $"Capacity must be at least 1 (was {o.Capacity}).";
        if (o.HealthyStatuses is null || o.HealthyStatuses.Length == 0) yield return "HealthyStatuses must name at least one value.";
    }

    public static IEnumerable<string> Problems(VerificationOptions o)
    {
        if (o.Window < TimeSpan.Zero) yield return $"Window must not be negative (was {o.Window}).";
        if (o.Interval <= TimeSpan.Zero) yield return $"Interval must be positive (was {o.Interval}).";
        else if (o.Window / o.Interval > 10_000) yield return "Window / Interval must not exceed 10000 probes.";
        if (o.MaxErrorRate is < 0 or > 1 || double.IsNaN(o.MaxErrorRate)) yield return $"MaxErrorRate must be between 0 and 1 (was {o.MaxErrorRate}).";
        if (o.VersionUrl is { IsAbsoluteUri: false }) yield return "VersionUrl must be an absolute URL.";
        if (o.VersionUrl is not null && string.IsNullOrWhiteSpace(o.VersionField)) yield return "VersionField must not be empty.";
    }

    public static IEnumerable<string> Problems(HttpCheckOptions o)
    {
        if (string.IsNullOrWhiteSpace(o.Name)) yield return "Name must not be empty.";
        if (o.Url is not { IsAbsoluteUri: true }) yield return "Url must be an absolute URL.";
        if (string.IsNullOrWhiteSpace(o.Method) || o.Method.Any(char.IsWhiteSpace)) yield return $"Method must be an HTTP method (was '{o.Method}').";
        if (o.ExpectStatus is < 100 or > 599) yield return $"ExpectStatus must be an HTTP status (was {o.ExpectStatus}).";
        if (o.Timeout <= TimeSpan.Zero) yield return $"Timeout must be positive (was {o.Timeout}).";
        if (o.MaxBodyBytes < 1) yield return $"MaxBodyBytes must be at least 1 (was {o.MaxBodyBytes}).";
    }
}
