using System.Text;

namespace Watchdog.Integrations.Sentry;

/// <summary>Builds the request URLs. Every value is escaped; repeated keys are how Sentry takes lists (§1.2).</summary>
internal static class SentryQuery
{
    public static Uri EventsStats(SentryOptions o, SentrySpan span, string dataset, string eventType)
    {
        var q = new SentryQueryString();
        q.Add("dataset", dataset);
        q.Add("yAxis", "count()");
        // event.type as well as dataset: §7.1 could not confirm the dataset names, and the query alone
        // still splits errors from transactions should a server fall back to the discover dataset.
        q.Add("query", Search($"event.type:{eventType}", o.Release));
        Scope(q, o, span);
        // The bucket still filling is wanted: it is the freshest minute (grafana/sentry-datasource sends partial=1 too).
        q.Add("partial", "1");
        return Endpoint(o, "events-stats", q);
    }

    /// <summary>
    /// The failure rate of transactions with its per-bucket traffic, in one call (§12). <c>metricsEnhanced</c>
    /// reads transaction metrics when it can and falls back to stored transactions; <c>interval</c> always goes
    /// explicitly (see <see cref="Scope"/>), since events-stats silently swaps a bad one for its own default.
    /// </summary>
    public static Uri FailureRate(SentryOptions o, SentrySpan span)
    {
        var q = new SentryQueryString();
        q.Add("dataset", "metricsEnhanced");
        q.Add("yAxis", SentryFailureRate.Rate);
        q.Add("yAxis", SentryFailureRate.Count);
        q.Add("query", Search("event.type:transaction", o.Release));
        Scope(q, o, span);
        q.Add("partial", "1"); // weighted by count(), the filling bucket counts only for what it holds
        return Endpoint(o, "events-stats", q);
    }

    public static Uri Sessions(SentryOptions o, SentrySpan span)
    {
        var q = new SentryQueryString();
        q.Add("field", "sum(session)");
        q.Add("field", "crash_free_rate(session)");
        if (o.Release is not null) q.Add("query", Search(null, o.Release));
        Scope(q, o, span);
        // Only the window's totals are judged; the per-interval series would just make the answer bigger.
        q.Add("includeTotals", "1");
        q.Add("includeSeries", "0");
        return Endpoint(o, "sessions", q);
    }

    /// <summary>
    /// A search query with <c>release:</c> appended. A release with spaces, quotes or parentheses is quoted
    /// (inner quotes and backslashes escaped), as Sentry's search syntax wants for such values.
    /// </summary>
    internal static string Search(string? term, string? release)
    {
        if (release is null) return term ?? "";
        var value = release.Any(c => char.IsWhiteSpace(c) || c is '"' or '(' or ')' or '\\')
            ? "\"" + release.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\""
            : release;
        return term is null ? $"release:{value}" : $"{term} release:{value}";
    }

    private static void Scope(SentryQueryString q, SentryOptions o, SentrySpan span)
    {
        q.Add("project", o.Project!);
        if (o.Environment is not null) q.Add("environment", o.Environment);
        span.AppendTo(q);
        q.Add("interval", SentrySpan.Period(o.Interval));
    }

    private static Uri Endpoint(SentryOptions o, string name, SentryQueryString q)
    {
        // GetLeftPart keeps a self-hosted path prefix; TrimEnd so "…/sentry" and "…/sentry/" both work.
        var root = o.BaseUrl.GetLeftPart(UriPartial.Path).TrimEnd('/');
        return new Uri($"{root}/api/0/organizations/{Uri.EscapeDataString(o.Organization!)}/{name}/?{q}");
    }
}

internal sealed class SentryQueryString
{
    private readonly StringBuilder _text = new();

    public void Add(string key, string value)
    {
        if (_text.Length > 0) _text.Append('&');
        _text.Append(Uri.EscapeDataString(key)).Append('=').Append(Uri.EscapeDataString(value));
    }

    public override string ToString() => _text.ToString();
}
