using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Watchdog.Benchmarks;

/// <summary>
/// The comparison's fake app and its receivers, on one loopback Kestrel server, timed by one clock
/// (<see cref="Stopwatch.GetTimestamp"/>): <c>GET /svc/{n}/health</c> answers 200 until <see cref="Fault"/> turns
/// endpoint n to 503; <c>POST /watchdog</c> takes Watchdog's signed webhook and <c>POST /alertmanager</c> Alertmanager's.
/// Each prober names itself in an <c>X-Prober</c> header, so the peer can tell whose probe first saw the fault.
/// </summary>
public sealed partial class ComparePeer : IAsyncDisposable
{
    public const string ProberHeader = "X-Prober";
    private const string Healthy = """{"status":"ok"}""";
    private const string Down = """{"status":"down"}""";

    private readonly WebApplication _app;
    private readonly int[] _faulted;
    private readonly ConcurrentDictionary<string, long> _served = new();
    private readonly ConcurrentDictionary<(string Prober, int Endpoint), long> _firstFailed = new();
    private readonly ConcurrentDictionary<int, WatchdogNotice> _watchdog = new();
    private readonly ConcurrentDictionary<int, long> _alertmanager = new();

    private ComparePeer(WebApplication app, int[] faulted, string baseUrl)
    {
        _app = app;
        _faulted = faulted;
        BaseUrl = baseUrl.TrimEnd('/');
    }

    public string BaseUrl { get; }

    public string HealthUrl(int n) => $"{BaseUrl}/svc/{n}/health";

    public static async Task<ComparePeer> StartAsync(int endpoints)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var faulted = new int[endpoints];
        ComparePeer? peer = null;
        app.MapGet("/svc/{n:int}/health", (int n, HttpRequest request) =>
        {
            if (n < 0 || n >= faulted.Length) return Results.NotFound();
            var at = Stopwatch.GetTimestamp();
            var prober = request.Headers[ProberHeader].ToString();
            peer!._served.AddOrUpdate(prober, 1, (_, c) => c + 1);
            if (Volatile.Read(ref faulted[n]) == 0) return Results.Text(Healthy, "application/json");
            peer._firstFailed.TryAdd((prober, n), at);
            return Results.Text(Down, "application/json", statusCode: StatusCodes.Status503ServiceUnavailable);
        });
        app.MapPost("/watchdog", async (HttpRequest request) =>
        {
            var at = Stopwatch.GetTimestamp();
            using var body = await JsonDocument.ParseAsync(request.Body);
            var root = body.RootElement;
            if (Str(root, "service") is { } service && EndpointOfService().Match(service) is { Success: true } m)
                peer!._watchdog.TryAdd(int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), new WatchdogNotice(at, Str(root, "incidentId"), Str(root, "kind")));
            return Results.Ok();
        });
        app.MapPost("/alertmanager", async (HttpRequest request) =>
        {
            var at = Stopwatch.GetTimestamp();
            using var body = await JsonDocument.ParseAsync(request.Body);
            if (body.RootElement.TryGetProperty("alerts", out var alerts) && alerts.ValueKind == JsonValueKind.Array)
            {
                foreach (var alert in alerts.EnumerateArray())
                {
                    if (Str(alert, "status") != "firing" || !alert.TryGetProperty("labels", out var labels)) continue;
                    if (Str(labels, "instance") is { } instance && EndpointOfUrl().Match(instance) is { Success: true } m)
                        peer!._alertmanager.TryAdd(int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), at);
                }
            }

            return Results.Ok();
        });
        await app.StartAsync();
        var url = app.Urls.FirstOrDefault() ?? throw new InvalidOperationException("the peer bound no address");
        peer = new ComparePeer(app, faulted, url);
        return peer;
    }

    /// <summary>Probes served so far to the prober that names itself <paramref name="prober"/>.</summary>
    public long Served(string prober) => _served.GetValueOrDefault(prober);

    /// <summary>Endpoint n answers 503 from now on; the instant (harness clock, and wall clock for the host's own times) is returned.</summary>
    public FaultStart Fault(int n)
    {
        var start = new FaultStart(Stopwatch.GetTimestamp(), DateTimeOffset.UtcNow);
        Volatile.Write(ref _faulted[n], 1);
        return start;
    }

    public void Heal(int n) => Volatile.Write(ref _faulted[n], 0);

    /// <summary>When the first probe of <paramref name="prober"/> to endpoint n was answered 503.</summary>
    public long? FirstFailedProbe(string prober, int n) => _firstFailed.TryGetValue((prober, n), out var at) ? at : null;

    /// <summary>Watchdog's first notification about endpoint n's service.</summary>
    public WatchdogNotice? WatchdogNoticeFor(int n) => _watchdog.TryGetValue(n, out var notice) ? notice : null;

    /// <summary>When Alertmanager's first firing alert for endpoint n arrived.</summary>
    public long? AlertFor(int n) => _alertmanager.TryGetValue(n, out var at) ? at : null;

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static string? Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    [GeneratedRegex(@"^svc-0*(\d+)$")]
    private static partial Regex EndpointOfService();

    [GeneratedRegex(@"/svc/(\d+)/health")]
    private static partial Regex EndpointOfUrl();
}

/// <summary>Watchdog's first webhook about a service: when it arrived (harness clock), its incident and kind.</summary>
public readonly record struct WatchdogNotice(long At, string? IncidentId, string? Kind);

/// <summary>When a fault began: on the harness's <see cref="Stopwatch"/> timestamps and on the wall clock.</summary>
public readonly record struct FaultStart(long At, DateTimeOffset Wall);
