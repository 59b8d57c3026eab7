using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Watchdog.Integrations.Http;

namespace Watchdog.Integrations.RailwayMetrics;

/// <summary>Requests in a window: all of them and the 5xx among them (§9, the CLI's way: 4xx are not errors).</summary>
internal readonly record struct HttpRequests(double Total, double ServerErrors);

/// <summary>
/// The two HTTP-metrics queries (API-NOTES.md §9) with their variables, and what their answers say. A shape the
/// schema does not allow is a <see cref="PeerRefusedException"/>, which the source turns into an Error reading.
/// </summary>
internal static class RailwayHttpMetrics
{
    public const string ByStatusOperation = "HttpMetricsByStatus";

    public const string DurationOperation = "HttpDurationMetrics";

    private const string Arguments = "serviceId: $serviceId, environmentId: $environmentId, startDate: $startDate, endDate: $endDate";

    private const string Declarations = "$serviceId: String!, $environmentId: String!, $startDate: DateTime!, $endDate: DateTime!";

    /// <summary><c>httpMetricsGroupedByStatus</c>: one series of request counts per status code, a point per <c>stepSeconds</c>.</summary>
    public const string ByStatus =
        "query " + ByStatusOperation + "(" + Declarations + ", $stepSeconds: Int) { "
        + "httpMetricsGroupedByStatus(" + Arguments + ", stepSeconds: $stepSeconds) { statusCode samples { ts value } } }";

    /// <summary><c>httpDurationMetrics</c> without <c>stepSeconds</c>: one sample for the whole window, in milliseconds.</summary>
    public const string Duration =
        "query " + DurationOperation + "(" + Declarations + ") { "
        + "httpDurationMetrics(" + Arguments + ") { samples { ts p95 } } }";

    public static JsonObject Variables(RailwayMetricsOptions options, RailwayMetricsSpan span, int? stepSeconds = null)
    {
        var variables = new JsonObject
        {
            ["serviceId"] = options.ServiceId,
            ["environmentId"] = options.EnvironmentId,
            ["startDate"] = Iso(span.Start),
            ["endDate"] = Iso(span.End),
        };
        if (stepSeconds is { } step) variables["stepSeconds"] = step;
        return variables;
    }

    /// <summary>Sums every status code's counts over the window; the 5xx codes are the errors.</summary>
    public static HttpRequests Requests(JsonElement data)
    {
        double total = 0, serverErrors = 0;
        foreach (var group in Array(data, "httpMetricsGroupedByStatus", ByStatusOperation))
        {
            if (group.ValueKind != JsonValueKind.Object || !group.TryGetProperty("statusCode", out var code) || !code.TryGetInt32(out var status))
                throw Malformed(ByStatusOperation, "a group without a statusCode");
            var count = Array(group, "samples", ByStatusOperation).Sum(s => Number(s, "value", ByStatusOperation));
            total += count;
            if (status / 100 == 5) serverErrors += count;
        }

        return new HttpRequests(total, serverErrors);
    }

    /// <summary>
    /// The window's p95 in milliseconds, or null when Railway has no sample. A server that steps anyway gives
    /// several; the highest is kept, since the whole window's p95 cannot exceed the largest of its parts'.
    /// </summary>
    public static double? P95Milliseconds(JsonElement data)
    {
        if (!data.TryGetProperty("httpDurationMetrics", out var result) || result.ValueKind != JsonValueKind.Object)
            throw Malformed(DurationOperation, "no httpDurationMetrics object");
        var values = Array(result, "samples", DurationOperation).Select(s => Number(s, "p95", DurationOperation)).ToList();
        return values.Count == 0 ? null : values.Max();
    }

    private static JsonElement.ArrayEnumerator Array(JsonElement parent, string name, string operation) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array
            ? array.EnumerateArray()
            : throw Malformed(operation, $"no {name} list");

    private static double Number(JsonElement sample, string name, string operation) =>
        sample.ValueKind == JsonValueKind.Object && sample.TryGetProperty(name, out var v) && v.TryGetDouble(out var n) && n >= 0 && double.IsFinite(n)
            ? n
            : throw Malformed(operation, $"a sample without a non-negative {name}");

    private static PeerRefusedException Malformed(string operation, string what) =>
        new("Railway", $"Railway {operation}: the answer holds {what}.", null);

    private static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
