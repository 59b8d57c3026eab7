using System.Globalization;
using System.Text.Json.Nodes;

namespace Watchdog.Integrations.Tests.Railway;

/// <summary>
/// Railway's HTTP metrics (API-NOTES.md §9): <c>httpMetricsGroupedByStatus</c> and <c>httpDurationMetrics</c>, with
/// the schema's argument types checked, both dates required and ordered, and the ids of the peer's service.
/// </summary>
internal sealed partial class RailwayPeer
{
    /// <summary>Per status code: the request count of each step, oldest first. Empty: no traffic.</summary>
    public Dictionary<int, double[]> RequestsByStatus { get; } = [];

    /// <summary>The whole window's p95 in milliseconds, as the single sample without <c>stepSeconds</c>; null: no sample.</summary>
    public double? WindowP95Ms { get; set; }

    /// <summary>Per step, the p95 a stepped duration query gets (a source that sends <c>stepSeconds</c> sees these instead).</summary>
    public double[] SteppedP95Ms { get; set; } = [];

    /// <summary>Per metrics field (<c>httpDurationMetrics</c>, say): the GraphQL error message to refuse it with.</summary>
    public Dictionary<string, string> RefuseMetrics { get; } = [];

    private string HttpMetricsByStatus(string document, JsonObject variables)
    {
        if (MetricsProblem(document, variables, "httpMetricsGroupedByStatus", "stepSeconds: $stepSeconds", ("stepSeconds", "Int")) is { } problem) return problem;
        var (start, step) = (Date(variables, "startDate"), Step(variables));
        var groups = new JsonArray();
        foreach (var (status, counts) in RequestsByStatus)
            groups.Add(Selected(new JsonObject { ["statusCode"] = status, ["samples"] = Samples(start, step, counts.Select(c => new JsonObject { ["value"] = c }), document) }, document));
        return Data(new JsonObject { ["httpMetricsGroupedByStatus"] = groups });
    }

    private string HttpDurationMetrics(string document, JsonObject variables)
    {
        if (MetricsProblem(document, variables, "httpDurationMetrics", null) is { } problem) return problem;
        var start = Date(variables, "startDate");
        // §9: without stepSeconds, one sample sums up the whole window.
        var p95s = variables["stepSeconds"] is null ? (WindowP95Ms is { } whole ? [whole] : []) : SteppedP95Ms;
        var samples = Samples(start, Step(variables), p95s.Select(p => new JsonObject { ["p50"] = p / 2, ["p90"] = p * 0.9, ["p95"] = p, ["p99"] = p * 1.5 }), document);
        return Data(new JsonObject { ["httpDurationMetrics"] = Selected(new JsonObject { ["samples"] = samples }, document) });
    }

    private string? MetricsProblem(string document, JsonObject variables, string field, string? extraArgument, params (string Name, string Type)[] extra)
    {
        (string, string)[] declared = [("serviceId", "String!"), ("environmentId", "String!"), ("startDate", "DateTime!"), ("endDate", "DateTime!"), .. extra];
        if (Declared(document, variables, declared) is { } problem) return problem;
        var call = $"{field}(serviceId: $serviceId, environmentId: $environmentId, startDate: $startDate, endDate: $endDate{(extraArgument is null ? "" : ", " + extraArgument)}) {{";
        if (!Selects(document, call)) return Errors($"{field} must be given the declared variables");
        if (!IsDate(variables, "startDate") || !IsDate(variables, "endDate"))
            return Errors("Variable \"$startDate\" got invalid value; DateTime must be an ISO 8601 date and time.");
        if (Date(variables, "startDate") >= Date(variables, "endDate")) return Errors("startDate must be before endDate");
        if (Text(variables, "environmentId") != EnvironmentId || Text(variables, "serviceId") != ServiceId) return Errors("Not Authorized");
        return RefuseMetrics.TryGetValue(field, out var refusal) ? Errors(refusal) : null;
    }

    /// <summary>One sample per step from the start, stamped in Unix seconds, with only the fields selected.</summary>
    private static JsonArray Samples(DateTimeOffset start, int step, IEnumerable<JsonObject> points, string document)
    {
        var samples = new JsonArray();
        foreach (var (point, i) in points.Select((p, i) => (p, i)))
        {
            point["ts"] = start.AddSeconds((long)i * step).ToUnixTimeSeconds();
            samples.Add(Selected(point, document));
        }

        return samples;
    }

    private static int Step(JsonObject variables) => variables["stepSeconds"] is JsonValue v && v.TryGetValue<int>(out var s) && s > 0 ? s : 60;

    private static bool IsDate(JsonObject variables, string name) =>
        Text(variables, name) is { } text && text.EndsWith('Z') && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _);

    private static DateTimeOffset Date(JsonObject variables, string name) =>
        DateTimeOffset.Parse(Text(variables, name)!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}
