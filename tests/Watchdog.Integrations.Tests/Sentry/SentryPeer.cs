using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Watchdog.Integrations.Sentry;
using Watchdog.Integrations.Tests.Http;
using Watchdog.Testing;

namespace Watchdog.Integrations.Tests.Sentry;

/// <summary>
/// Sentry's events-stats and sessions endpoints on Kestrel (API-NOTES.md §1.1–§1.3). Like Sentry it refuses
/// a missing or wrong bearer token (401) and a request it cannot serve (400 with <c>detail</c>): yAxis, dataset,
/// query, project, period and interval are checked on every call, then the test's handler answers. Every
/// answer carries the rate-limit headers the middleware adds, with plenty remaining unless a handler says otherwise.
/// </summary>
internal sealed class SentryPeer : IAsyncDisposable
{
    public const string Token = "sntrys_eyJpYXQiOjE3OTU3MDAwMDB9_Zm9vYmFyc2VjcmV0";
    public const string Org = "acme-corp";
    public const string Project = "4505281256090624";

    private readonly TimeProvider _time;
    private readonly List<Seen> _seen = [];
    private TestPeer _peer = null!;
    private string _prefix = "";

    private SentryPeer(TimeProvider time) => _time = time;

    /// <summary>Answers for <c>dataset=errors</c>; default: no errors.</summary>
    public Func<HttpContext, IResult> Errors { get; set; } = _ => Stats(0, 0, 0, 0, 0);

    /// <summary>Answers for <c>dataset=transactions</c>; default: no transactions.</summary>
    public Func<HttpContext, IResult> Transactions { get; set; } = _ => Stats(0, 0, 0, 0, 0);

    /// <summary>Answers for <c>dataset=metricsEnhanced</c> (failure_rate() with count()); default: no transactions, zero-filled.</summary>
    public Func<HttpContext, IResult> FailureRates { get; set; } = _ => Json(SentryTraffic.FailureRateBody([(0, 0), (0, 0), (0, 0), (0, 0), (0, 0)]));

    /// <summary>Answers for the sessions endpoint; default: no sessions.</summary>
    public Func<HttpContext, IResult> Sessions { get; set; } = _ => SessionTotals(0, null);

    /// <summary>Where the API root is, the self-hosted prefix included.</summary>
    public Uri BaseUrl => _peer.Url(_prefix);

    public IReadOnlyList<Seen> Requests
    {
        get { lock (_seen) return [.. _seen]; }
    }

    public int Calls(string endpoint, string? dataset = null) =>
        Requests.Count(r => r.Endpoint == endpoint && (dataset is null || r.Dataset == dataset));

    public static async Task<SentryPeer> StartAsync(TimeProvider time, string prefix = "", PeerFront? front = null)
    {
        var sentry = new SentryPeer(time) { _prefix = prefix };
        var root = prefix.Length == 0 ? "" : "/" + prefix.Trim('/');
        sentry._peer = await TestPeer.StartAsync(app =>
        {
            app.MapGet(root + "/api/0/organizations/{org}/events-stats/", (HttpContext ctx, string org) => sentry.Serve(ctx, org, SentryClient.EventsStats));
            app.MapGet(root + "/api/0/organizations/{org}/sessions/", (HttpContext ctx, string org) => sentry.Serve(ctx, org, SentryClient.Sessions));
        }, front?.Middleware);
        return sentry;
    }

    /// <summary>Options pointing here, with MinInterval 0 so every read calls unless a test says otherwise.</summary>
    public SentryOptions Options(Action<SentryOptions>? configure = null)
    {
        var options = new SentryOptions { BaseUrl = BaseUrl, Organization = Org, Project = Project, Token = Token, MinInterval = TimeSpan.Zero };
        configure?.Invoke(options);
        return options;
    }

    public ValueTask DisposeAsync() => _peer.DisposeAsync();

    /// <summary>A single-yAxis events-stats body (§1.2): one zero-fillable bucket per count, a minute apart.</summary>
    public static IResult Stats(params int[] counts) =>
        Json(StatsBody(string.Join(",", counts.Select((c, i) => $"[{Ts(i)},[{{\"count\":{c}}}]]"))));

    /// <summary>An events-stats body around the given raw buckets, e.g. <c>[1795748400,[]]</c>.</summary>
    public static string StatsBody(string buckets) =>
        "{\"data\":[" + buckets + "],\"start\":" + Ts(0) + ",\"end\":" + Ts(5)
        + ",\"isMetricsData\":false,\"meta\":{\"fields\":{\"count\":\"integer\"},\"units\":{\"count\":null}}}";

    /// <summary>A sessions body (§1.3) with one ungrouped group; null values are written as JSON null.</summary>
    public static IResult SessionTotals(double? sum, double? crashFree) => Json($$$"""
        {"start":"2026-11-21T02:55:00Z","end":"2026-11-21T03:00:00Z","query":"",
         "intervals":["2026-11-21T02:55:00Z"],
         "groups":[{"by":{},"totals":{"sum(session)":{{{Num(sum)}}},"crash_free_rate(session)":{{{Num(crashFree)}}}},
                    "series":{"sum(session)":[{{{Num(sum)}}}],"crash_free_rate(session)":[{{{Num(crashFree)}}}]}}]}
        """);

    public static IResult Json(string body, int status = 200) => Results.Text(body, "application/json", statusCode: status);

    /// <summary>Sentry's error shape (§1.1).</summary>
    public static IResult Detail(int status, string detail) =>
        Json(System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string> { ["detail"] = detail }), status);

    /// <summary>An answer written by hand (hung, streamed, dropped).</summary>
    public static IResult Raw(Func<HttpContext, Task> write) => new RawResult(write);

    public long UnixNow(TimeSpan plus) => (_time.GetUtcNow() + plus).ToUnixTimeSeconds();

    private IResult Serve(HttpContext ctx, string org, string endpoint)
    {
        var q = ctx.Request.Query;
        var seen = new Seen(endpoint, q["dataset"].ToString(), q.ToDictionary(p => p.Key, p => p.Value.Select(v => v ?? "").ToArray()),
            ctx.Request.Headers.Authorization.ToString());
        lock (_seen) _seen.Add(seen);

        var headers = ctx.Response.Headers;
        headers["X-Sentry-Rate-Limit-Limit"] = "40";
        headers["X-Sentry-Rate-Limit-Remaining"] = "39";
        headers["X-Sentry-Rate-Limit-Reset"] = UnixNow(TimeSpan.FromSeconds(1)).ToString(CultureInfo.InvariantCulture);
        headers["X-Sentry-Rate-Limit-ConcurrentLimit"] = "25";
        headers["X-Sentry-Rate-Limit-ConcurrentRemaining"] = "24";

        if (seen.Authorization != "Bearer " + Token)
            return Detail(401, "Invalid token header. No credentials provided.");
        if (org != Org)
            return Detail(404, "The requested resource does not exist");
        if (Refusal(seen) is { } why)
            return Detail(400, why);

        return endpoint == SentryClient.Sessions ? Sessions(ctx)
            : seen.Dataset == "metricsEnhanced" ? FailureRates(ctx)
            : seen.Dataset == "errors" ? Errors(ctx)
            : Transactions(ctx);
    }

    /// <summary>What Sentry would answer 400 to, or what this adapter must always send.</summary>
    private static string? Refusal(Seen r)
    {
        if (r.One("project") != Project) return $"peer: project must be [{Project}], was [{string.Join(",", r.All("project"))}]";
        if (r.One("interval") is null) return "peer: one interval expected";
        var period = r.One("statsPeriod") is not null;
        var range = r.One("start") is not null && r.One("end") is not null;
        if (period == range) return "peer: either statsPeriod or start and end expected";

        if (r.Endpoint == SentryClient.Sessions)
        {
            if (!r.All("field").Order().SequenceEqual(["crash_free_rate(session)", "sum(session)"])) return "peer: fields sum(session) and crash_free_rate(session) expected";
            if (r.One("includeSeries") != "0" || r.One("includeTotals") != "1") return "peer: totals only expected";
            if (r.All("groupBy").Length > 0) return "peer: no groupBy expected";
            return null;
        }

        if (r.Dataset == "metricsEnhanced")
        {
            if (!r.All("yAxis").Order().SequenceEqual(["count()", "failure_rate()"])) return "peer: yAxis failure_rate() and count() expected";
        }
        else if (!r.All("yAxis").SequenceEqual(["count()"])) return "peer: yAxis must be count()";
        if (r.Dataset is not ("errors" or "transactions" or "metricsEnhanced")) return $"peer: unknown dataset {r.Dataset}";
        var type = r.Dataset == "errors" ? "error" : "transaction";
        if (r.One("query") is not { } query || !(query == $"event.type:{type}" || query.StartsWith($"event.type:{type} ", StringComparison.Ordinal)))
            return $"peer: query must start with event.type:{type}";
        if (r.One("partial") != "1") return "peer: partial=1 expected";
        return null;
    }

    internal static long Ts(int minute) => 1795748100 + (60L * minute);

    private static string Num(double? v) => v is { } d ? d.ToString(CultureInfo.InvariantCulture) : "null";

    /// <summary>One request as the peer received it.</summary>
    internal sealed record Seen(string Endpoint, string Dataset, IReadOnlyDictionary<string, string[]> Query, string Authorization)
    {
        public string[] All(string key) => Query.TryGetValue(key, out var v) ? v : [];

        /// <summary>The parameter's value when it was sent exactly once; null otherwise.</summary>
        public string? One(string key) => All(key) is [var single] ? single : null;
    }

    private sealed class RawResult(Func<HttpContext, Task> write) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext) => write(httpContext);
    }
}
