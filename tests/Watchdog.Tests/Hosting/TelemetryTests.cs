using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Watchdog.Configuration;
using Watchdog.Core.Runbook;
using Watchdog.Tests.Support;

namespace Watchdog.Tests.Hosting;

/// <summary>Watchdog reporting on itself: its own errors to a real Sentry envelope endpoint, its incidents as traces to a real OTLP/HTTP receiver.</summary>
public class TelemetryTests
{
    private const string Secret = "sk-live-watchdog-0123456789abcdef";

    [Fact]
    public async Task Sentry_AFailedRunbookAndALoggedError_ArriveAsEvents_WithoutTheSecret()
    {
        await using var release = await BadRelease.StartAsync("watchdog-sentry-");
        await using var sentry = await PostRecorder.StartAsync("/api/1/envelope/");
        var settings = Commanded(release);
        settings["Watchdog:Services:0:Provider:Rollback"] = "echo 'rejected' >&2; exit 1"; // the runbook fails
        settings["Watchdog:Services:0:RollbackAttempts"] = "1";
        settings["Watchdog:Sentry:Dsn"] = $"http://publickey@127.0.0.1:{sentry.Peer.BaseAddress.Port}/1";

        await using (var host = await InProcessHost.StartAsync(settings))
        {
            // The summary carries the secret into an information event (a breadcrumb) and the timeline.
            await TriggerAsync(host, $"leaked token {Secret} found in a gist");
            await Until(async () => await StateAsync(host) == "Failed", () => DescribeAsync(host));
            var log = host.App.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Watchdog.Test");
            log.LogError(new InvalidOperationException($"the API refused {Secret}"), "calling out with {Credential} failed", Secret);
        }

        // Sent by the flush on shutdown at the latest: the host is gone now.
        var envelopes = sentry.Text;
        envelopes.ShouldContain("ended Failed");
        envelopes.ShouldContain("calling out with");
        envelopes.ShouldContain("the API refused ***");
        envelopes.ShouldContain("leaked token ***"); // the breadcrumb, scrubbed
        envelopes.ShouldNotContain(Secret);
    }

    [Fact]
    public async Task Otlp_ARollbackEndToEnd_ExportsOneSpanPerStep_InTheIncidentsTrace()
    {
        await using var release = await BadRelease.StartAsync("watchdog-otlp-");
        await using var otlp = await PostRecorder.StartAsync("/v1/traces");
        var settings = Commanded(release);
        settings[TelemetryReader.OtlpEndpointKey] = otlp.Peer.BaseAddress.ToString();

        string id;
        await using (var host = await InProcessHost.StartAsync(settings))
        {
            await TriggerAsync(host, "data exposed");
            // Verified, then Monitoring; the manual trigger still held may escalate it straight after, which is as good here.
            await Until(async () => (await DescribeAsync(host)).Contains("\"key\":\"verify\",\"status\":\"Succeeded\"", StringComparison.Ordinal), () => DescribeAsync(host));
            id = (await host.Http.GetFromJsonAsync<JsonElement[]>("api/incidents"))![0].GetProperty("id").GetString()!;
        }

        // The batch is flushed as the host stops. Span names and string tags are plain UTF-8 inside the protobuf.
        var spans = otlp.Text;
        foreach (var step in new[] { "identify", "announce", "rollback", "verify", "incident run" })
            spans.ShouldContain(step);
        spans.ShouldContain(id);
        spans.ShouldContain("watchdog.outcome");
        // Every span carries the trace id derived from the incident id, as a restarted process would derive it.
        var traceId = new byte[16];
        IncidentTrace.Root(id).TraceId.CopyTo(traceId);
        var occurrences = otlp.Bodies.Sum(b => Count(b, traceId));
        occurrences.ShouldBeGreaterThanOrEqualTo(5);
    }

    [Theory]
    [InlineData("Watchdog:Sentry:Dsn", "not a dsn", "Watchdog:Sentry:Dsn: is not a Sentry DSN")]
    [InlineData("Watchdog:Sentry:Dsn", "https://sentry.io/1", "Watchdog:Sentry:Dsn: is not a Sentry DSN")]
    [InlineData(TelemetryReader.OtlpEndpointKey, "localhost:4318", TelemetryReader.OtlpEndpointKey + ": must be an absolute http(s) URL")]
    public void BadTelemetryConfig_IsOneErrorNamingTheKey(string key, string value, string error)
    {
        var settings = InProcessHost.Service(new Uri("http://127.0.0.1:9/health"));
        settings[key] = value;
        var config = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

        SettingsLoader.Load(config, out var errors).ShouldBeNull();

        errors.ShouldHaveSingleItem().ShouldStartWith(error);
    }

    [Fact]
    public async Task WithoutTheEndpoint_NoTracerListens()
    {
        await using var release = await BadRelease.StartAsync("watchdog-no-otlp-");
        await using var host = await InProcessHost.StartAsync(Commanded(release));
        host.App.Services.GetService<OpenTelemetry.Trace.TracerProvider>().ShouldBeNull();
    }

    /// <summary>The bad release watched in Auto mode, rolled back by its command provider; a manual trigger starts the incident.</summary>
    private static Dictionary<string, string?> Commanded(BadRelease release)
    {
        var settings = InProcessHost.Service(release.Target.Url("health"), poll: "100ms");
        (string Key, string Value)[] overrides =
        [
            ("Mode", "Auto"), ("Api:Token", Secret),
            ("Services:0:Provider:WorkingDirectory", release.Directory.FullName), ("Services:0:Provider:List", "cat deployments"),
            ("Services:0:Provider:Current", "cat live"), ("Services:0:Provider:Rollback", "printf '%s' {target} > live"),
            ("Services:0:Verification:Window", "500ms"), ("Services:0:Verification:Interval", "100ms"), ("Services:0:MonitorFor", "1h"),
        ];
        foreach (var (key, value) in overrides) settings["Watchdog:" + key] = value;
        return settings;
    }

    private static async Task TriggerAsync(InProcessHost host, string summary)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/triggers")
        {
            Content = new StringContent(JsonSerializer.Serialize(new { service = "api", meaning = "DataAtRisk", summary, by = "alice" }), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Secret);
        using var response = await host.Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
    }

    private static async Task<string?> StateAsync(InProcessHost host) =>
        (await host.Http.GetFromJsonAsync<JsonElement[]>("api/incidents")) is [var i] ? i.GetProperty("state").GetString() : null;

    private static async Task<string> DescribeAsync(InProcessHost host) =>
        (await host.Http.GetFromJsonAsync<JsonElement[]>("api/incidents")) is [var i] ? await host.Http.GetStringAsync("api/incidents/" + i.GetProperty("id").GetString()) : "no incident";

    private static int Count(byte[] haystack, byte[] needle)
    {
        var n = 0;
        for (var at = haystack.AsSpan().IndexOf(needle); at >= 0;)
        {
            n++;
            var next = haystack.AsSpan(at + 1).IndexOf(needle);
            at = next < 0 ? -1 : at + 1 + next;
        }

        return n;
    }

    private static async Task Until(Func<Task<bool>> condition, Func<Task<string>> context)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(30)) throw new TimeoutException("condition not met in 30 s: " + await context());
            await Task.Delay(100);
        }
    }
}
