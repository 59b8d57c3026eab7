using Watchdog.Core.Reports;

namespace Watchdog.Integrations.Statuspage;

/// <summary>Checks <see cref="StatuspageOptions"/>; messages name the key, never the API key's value.</summary>
public sealed class StatuspageOptionsValidator() : OptionsValidator<StatuspageOptions>(Problems)
{
    /// <summary>The values <c>impact_override</c> takes.</summary>
    public static readonly IReadOnlySet<string> Impacts = new HashSet<string>(StringComparer.Ordinal) { "none", "maintenance", "minor", "major", "critical" };

    /// <summary>The statuses a component takes; <c>operational</c> is what a resolve sets.</summary>
    public static readonly IReadOnlySet<string> ComponentStatuses = new HashSet<string>(StringComparer.Ordinal)
    {
        "operational", "under_maintenance", "degraded_performance", "partial_outage", "major_outage",
    };

    public static IReadOnlyList<string> Problems(StatuspageOptions options)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ApiKey))
            problems.Add($"{nameof(StatuspageOptions.ApiKey)} is required.");
        else if (options.ApiKey.Any(char.IsControl))
            problems.Add($"{nameof(StatuspageOptions.ApiKey)} must not contain control characters (a stray newline from a file?).");

        if (string.IsNullOrWhiteSpace(options.PageId))
            problems.Add($"{nameof(StatuspageOptions.PageId)} is required.");
        else if (!IsId(options.PageId))
            problems.Add($"{nameof(StatuspageOptions.PageId)} '{options.PageId}' may only contain letters, digits, '-' and '_'.");

        if (options.BaseUrl is null || !options.BaseUrl.IsAbsoluteUri)
            problems.Add($"{nameof(StatuspageOptions.BaseUrl)} must be an absolute URL.");
        else if (options.BaseUrl.Scheme != Uri.UriSchemeHttps && !(options.BaseUrl.Scheme == Uri.UriSchemeHttp && options.BaseUrl.IsLoopback))
            problems.Add($"{nameof(StatuspageOptions.BaseUrl)} must use https (plain http only on a loopback host): the API key travels in a header.");

        if (string.IsNullOrWhiteSpace(options.Name))
            problems.Add($"{nameof(StatuspageOptions.Name)} must not be empty.");

        foreach (var (service, component) in options.Components)
        {
            if (string.IsNullOrWhiteSpace(component) || !IsId(component))
                problems.Add($"{nameof(StatuspageOptions.Components)}:{service} must be a component id (letters, digits, '-' and '_').");
        }

        Check(options.Impact, nameof(StatuspageOptions.Impact), Impacts, problems);
        Check(options.ComponentStatus, nameof(StatuspageOptions.ComponentStatus), ComponentStatuses, problems);
        return problems;
    }

    private static void Check(Dictionary<Severity, string> map, string key, IReadOnlySet<string> allowed, List<string> problems)
    {
        foreach (var severity in Enum.GetValues<Severity>())
        {
            if (!map.TryGetValue(severity, out var value))
                problems.Add($"{key}:{severity} is missing.");
            else if (!allowed.Contains(value))
                problems.Add($"{key}:{severity} '{value}' is not one of {string.Join(", ", allowed)}.");
        }
    }

    private static bool IsId(string value) => value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
