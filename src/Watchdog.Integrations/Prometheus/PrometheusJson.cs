using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Watchdog.Integrations.Prometheus;

/// <summary>
/// Reads the HTTP API's envelope (API-NOTES §5.1): <c>{"status":"success","data":{"resultType","result"},"warnings"}</c>
/// or <c>{"status":"error","errorType","error"}</c>. Sample values are strings so NaN and ±Inf survive; timestamps
/// are float Unix seconds.
/// </summary>
internal static class PrometheusJson
{
    /// <summary>Longest piece of a peer's text kept in a failure message.</summary>
    public const int MaxMessageChars = 300;

    /// <param name="mask">Makes a peer's text safe: one line, bounded, secrets masked.</param>
    public static PrometheusResponse Parse(byte[] body, int status, Func<string, int, string> mask)
    {
        var success = status is >= 200 and <= 299;
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return success
                ? PrometheusResponse.Failed(PrometheusFailureKind.Malformed, "malformed answer: not JSON", status)
                : PrometheusResponse.Failed(PrometheusFailureKind.Http, mask(Encoding.UTF8.GetString(body), 120), status);
        }

        using (doc)
        {
            var root = doc.RootElement;
            var state = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.String
                ? s.GetString()
                : null;

            if (state == "error")
            {
                var type = Text(root, "errorType") ?? "unknown";
                var error = Text(root, "error") ?? "";
                return PrometheusResponse.Failed(PrometheusFailureKind.Prometheus, mask(error, MaxMessageChars), status, mask(type, 40));
            }

            if (!success)
                return PrometheusResponse.Failed(PrometheusFailureKind.Http, mask(root.GetRawText(), 120), status);
            if (state != "success")
                return PrometheusResponse.Failed(PrometheusFailureKind.Malformed, "malformed answer: no \"status\":\"success\" or \"error\"", status);

            try
            {
                return Success(root) with { Warnings = Strings(root, "warnings", mask), Infos = Strings(root, "infos", mask) };
            }
            catch (FormatException e)
            {
                return PrometheusResponse.Failed(PrometheusFailureKind.Malformed, "malformed answer: " + e.Message, status);
            }
        }
    }

    private static PrometheusResponse Success(JsonElement root)
    {
        if (!root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
            throw new FormatException("no \"data\" object");
        if (!data.TryGetProperty("result", out var result))
            throw new FormatException("no \"data.result\"");

        switch (Text(data, "resultType"))
        {
            case "vector":
                return new() { ResultType = PrometheusResultType.Vector, Series = SeriesList(result, single: true) };
            case "matrix":
                return new() { ResultType = PrometheusResultType.Matrix, Series = SeriesList(result, single: false) };
            case "scalar":
                return new() { ResultType = PrometheusResultType.Scalar, Series = [new PrometheusSeries(NoLabels, [Sample(result)])] };
            case "string":
                var (at, text) = Pair(result);
                return new() { ResultType = PrometheusResultType.String, Text = text, Series = [new PrometheusSeries(NoLabels, [new PrometheusSample(at, double.NaN)])] };
            case var other:
                throw new FormatException(other is null ? "no \"data.resultType\"" : $"unknown resultType \"{Cut(other)}\"");
        }
    }

    private static readonly IReadOnlyDictionary<string, string> NoLabels = new Dictionary<string, string>();

    private static List<PrometheusSeries> SeriesList(JsonElement result, bool single)
    {
        if (result.ValueKind != JsonValueKind.Array) throw new FormatException("\"result\" is not an array");
        var list = new List<PrometheusSeries>(result.GetArrayLength());
        foreach (var item in result.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object) throw new FormatException("a series is not an object");
            var labels = Labels(item);
            var (one, many) = single ? ("value", "histogram") : ("values", "histograms");
            if (item.TryGetProperty(one, out var points))
            {
                list.Add(new PrometheusSeries(labels, single ? [Sample(points)] : Samples(points)));
            }
            else if (item.TryGetProperty(many, out var histograms))
            {
                // A native histogram is an object of buckets, not one number; keep its timestamps only.
                List<DateTimeOffset> times = single ? [Pair(histograms).At] : ArrayOf(histograms).Select(h => Pair(h).At).ToList();
                list.Add(new PrometheusSeries(labels, [.. times.Select(t => new PrometheusSample(t, double.NaN))], IsNativeHistogram: true));
            }
            else
            {
                throw new FormatException($"a series has no \"{one}\"");
            }
        }

        return list;
    }

    private static Dictionary<string, string> Labels(JsonElement series)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!series.TryGetProperty("metric", out var metric)) return labels;
        if (metric.ValueKind != JsonValueKind.Object) throw new FormatException("\"metric\" is not an object");
        foreach (var p in metric.EnumerateObject())
            labels[p.Name] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : throw new FormatException("a label value is not a string");
        return labels;
    }

    private static List<PrometheusSample> Samples(JsonElement values) => [.. ArrayOf(values).Select(Sample)];

    private static IEnumerable<JsonElement> ArrayOf(JsonElement e) =>
        e.ValueKind == JsonValueKind.Array ? e.EnumerateArray() : throw new FormatException("\"values\" is not an array");

    private static PrometheusSample Sample(JsonElement pair)
    {
        var (at, text) = Pair(pair);
        return text is null ? throw new FormatException("a sample value is not a string") : new PrometheusSample(at, Value(text));
    }

    /// <summary>A <c>[unix_seconds, x]</c> pair; x is returned when it is a string, else null.</summary>
    private static (DateTimeOffset At, string? Text) Pair(JsonElement pair)
    {
        if (pair.ValueKind != JsonValueKind.Array || pair.GetArrayLength() != 2) throw new FormatException("a sample is not a [time, value] pair");
        var time = pair[0];
        if (time.ValueKind != JsonValueKind.Number || !time.TryGetDouble(out var seconds) || !double.IsFinite(seconds) || Math.Abs(seconds) > 1e11)
            throw new FormatException("a sample time is not Unix seconds");
        var at = DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000));
        return (at, pair[1].ValueKind == JsonValueKind.String ? pair[1].GetString() : null);
    }

    /// <summary>Go's float text: decimal numbers, <c>NaN</c>, <c>+Inf</c>, <c>-Inf</c>.</summary>
    internal static double Value(string text) => text switch
    {
        "NaN" => double.NaN,
        "+Inf" or "Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        _ when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) => v,
        _ => throw new FormatException($"sample value \"{Cut(text)}\" is not a number"),
    };

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static IReadOnlyList<string> Strings(JsonElement root, string name, Func<string, int, string> mask)
    {
        if (!root.TryGetProperty(name, out var a) || a.ValueKind != JsonValueKind.Array) return [];
        return [.. a.EnumerateArray().Where(w => w.ValueKind == JsonValueKind.String).Take(10).Select(w => mask(w.GetString()!, MaxMessageChars))];
    }

    private static string Cut(string s) => s.Length <= 40 ? s : s[..39] + "…";
}
