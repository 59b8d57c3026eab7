namespace Watchdog.Integrations.Prometheus;

/// <summary>One message per bad value, naming the key, so start-up stops with something a person can fix.</summary>
public sealed class PrometheusOptionsValidator() : OptionsValidator<PrometheusOptions>(Problems)
{
    public static IEnumerable<string> Problems(PrometheusOptions o)
    {
        if (o.BaseUrl is not { IsAbsoluteUri: true } url || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            yield return "BaseUrl must be an absolute http(s) URL.";
        else if (url.Query.Length > 0 || url.Fragment.Length > 0)
            yield return "BaseUrl must not have a query string or fragment.";
        else if (url.UserInfo.Length > 0)
            yield return "BaseUrl must not carry user:password@; set Username and Password.";
        if (string.IsNullOrWhiteSpace(o.Name)) yield return "Name must not be empty.";
        if (o.Timeout <= TimeSpan.Zero) yield return $"Timeout must be positive (was {o.Timeout}).";
        if (o.MaxBodyBytes < 1024) yield return $"MaxBodyBytes must be at least 1024 (was {o.MaxBodyBytes}).";
        if (!string.IsNullOrEmpty(o.Token) && !string.IsNullOrEmpty(o.Username))
            yield return "Token must not be set together with Username: choose bearer or basic auth.";
        if (!string.IsNullOrEmpty(o.Password) && string.IsNullOrEmpty(o.Username))
            yield return "Username must be set when Password is.";
        if (o.Username?.Contains(':', StringComparison.Ordinal) == true)
            yield return "Username must not contain ':' (basic auth cannot carry it).";

        if (o.Queries is null || !o.Queries.Values.Any(q => !string.IsNullOrWhiteSpace(q)))
        {
            yield return "Queries must hold at least one query.";
        }
        else
        {
            foreach (var (signal, query) in o.Queries.OrderBy(q => q.Key))
            {
                if (!string.IsNullOrWhiteSpace(query) && QueryTemplate.Problem(query) is { } why)
                    yield return $"Queries:{signal} {why}.";
            }
        }

        if (!string.IsNullOrWhiteSpace(o.SamplesQuery) && QueryTemplate.Problem(o.SamplesQuery) is { } bad)
            yield return $"SamplesQuery {bad}.";
    }
}
