namespace Watchdog.Integrations.PagerDuty;

/// <summary>Checks <see cref="PagerDutyOptions"/>; messages name the key, never the routing key's value.</summary>
public sealed class PagerDutyOptionsValidator() : OptionsValidator<PagerDutyOptions>(Problems)
{
    public static IReadOnlyList<string> Problems(PagerDutyOptions options)
    {
        var problems = new List<string>();
        if (string.IsNullOrEmpty(options.RoutingKey))
            problems.Add($"{nameof(PagerDutyOptions.RoutingKey)} is required: the service's Events API v2 integration key.");
        else if (options.RoutingKey.Length != PagerDutyOptions.RoutingKeyLength || options.RoutingKey.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
            problems.Add($"{nameof(PagerDutyOptions.RoutingKey)} must be the {PagerDutyOptions.RoutingKeyLength}-character Events API v2 integration key (it has {options.RoutingKey.Length}).");

        var url = options.BaseUrl;
        if (url is null || !url.IsAbsoluteUri)
            problems.Add($"{nameof(PagerDutyOptions.BaseUrl)} must be an absolute https URL.");
        else if (url.Scheme != Uri.UriSchemeHttps && !(url.Scheme == Uri.UriSchemeHttp && url.IsLoopback))
            problems.Add($"{nameof(PagerDutyOptions.BaseUrl)} must use https (plain http only on a loopback host): the routing key travels in the body.");
        else if (url.Query.Length > 0 || url.Fragment.Length > 0)
            problems.Add($"{nameof(PagerDutyOptions.BaseUrl)} must not have a query or fragment: /v2/enqueue is added to it.");

        if (string.IsNullOrWhiteSpace(options.Name))
            problems.Add($"{nameof(PagerDutyOptions.Name)} must not be empty.");

        return problems;
    }
}
