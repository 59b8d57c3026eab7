using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Watchdog.Testing;
using Watchdog.Tests.Support;

namespace Watchdog.Tests.Http;

/// <summary>
/// The JSON shape of every endpoint, from the real binary: the JIT build here, the native build when CI reruns the
/// <c>Native</c> tests with <c>WATCHDOG_TEST_HOST_BINARY</c> set. Both must match the same pinned samples, so the two
/// builds answer alike (an anonymous type once serialized as <c>{}</c> when trimmed, and reflection threw natively).
/// </summary>
[Trait("Native", "true")]
public class EndpointJsonShapeTests
{
    private const string Token = "shape-test-token-0123456789";
    private const string HookToken = "shape-test-hook-token-0123456789";

    // Samples: keys in wire order, "" a string, 0 a number, true a bool; an array holds one sample element. A null in the
    // answer matches any sample (the field is optional); nothing else may differ.
    private const string Error = """{"error":""}""";

    private const string Services = """
        [{"service":"","openIncident":"",
          "readings":[{"signal":"","source":"","state":"","value":0,"display":"","samples":0,"at":"","reason":"","note":""}],
          "rules":[{"name":"","status":"","why":"","explanation":"","baseline":{"value":0,"origin":"","description":""}}],
          "sources":[{"source":"","blind":true,"consecutiveErrors":0,"errors":0,"failingSince":"","lastReason":""}],
          "pushedAlerts":[{"source":"","key":"","meaning":"","summary":"","startsAt":""}],
          "live":{"id":"","version":""},"liveSince":"","deploys":[{"at":"","text":""}]}]
        """;

    private const string Incidents = """
        [{"id":"","service":"","state":"","mode":"","isOpen":true,"drill":true,"rule":"","decision":"","fromVersion":"","toVersion":"",
          "openedAt":"","closedAt":""}]
        """;

    private const string Incident = """
        {"id":"","service":"","state":"","mode":"","isOpen":true,"drill":true,
         "trigger":{"rule":"","meaning":"","summary":"","signal":"","value":0,"threshold":0,"window":"","heldFor":"","baseline":0,"baselineFrom":"",
                    "since":"","detectedAt":""},
         "decision":{"action":"","reason":"","flag":""},
         "fromVersion":"","toVersion":"","openedAt":"","impactStartedAt":"","detectedAt":"","rollbackStartedAt":"","restoredAt":"","closedAt":"",
         "metrics":{"timeToDetectSeconds":0,"timeToInitiateSeconds":0,"timeToRestoreSeconds":0,"impactDurationSeconds":0},
         "timeline":[{"seq":0,"at":"","kind":"","message":""}],
         "steps":[{"key":"","status":"","attempt":0,"startedAt":"","endedAt":"","output":""}]}
        """;

    private const string Freeze = """{"frozen":true,"reason":"","services":[{"service":"","incident":"","drill":true}]}""";

    private const string TriggerAccepted = """{"service":"","status":"","incident":"","heldBy":"","passed":""}""";

    private const string HookAnswer = """{"raised":[""],"refused":[{"key":"","reason":""}],"ignored":[{"key":"","reason":""}],"truncatedAlerts":0}""";

    [Fact]
    public async Task EveryEndpoint_AnswersThePinnedJsonShape()
    {
        var dir = Directory.CreateTempSubdirectory("watchdog-shapes-");
        await using var target = await TestPeer.StartAsync(app => app.MapGet("/health", () => Results.Json(new { status = "ok" })));
        var config = Path.Combine(dir.FullName, "watchdog.json");
        await File.WriteAllTextAsync(config, JsonSerializer.Serialize(new
        {
            Serilog = new { MinimumLevel = new { Default = "Warning" }, WriteTo = new[] { new { Name = "Console" } } },
            Watchdog = new
            {
                Mode = "DryRun",
                DataDirectory = Path.Combine(dir.FullName, "data"),
                Api = new { Token },
                Hooks = new { Alertmanager = new { Token = HookToken } },
                Services = new[]
                {
                    new
                    {
                        Name = "api",
                        PollInterval = "1s",
                        Health = new { Url = target.Url("health").ToString() },
                        Provider = new { List = "echo v1", Current = "echo v1", Rollback = "true" },
                    },
                },
            },
        }));

        await using var host = WatchdogProcess.Start(dir.FullName, "run", "--config", config);
        (await host.WaitUntilReadyAsync()).ShouldBeTrue(host.Output);
        using var http = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };

        (await http.GetStringAsync("healthz")).ShouldBe("ok\n");
        (await http.GetStringAsync("readyz")).ShouldBe("ready\n");
        await Expect(http, HttpMethod.Get, "api/incidents", HttpStatusCode.OK, "[]");
        await Expect(http, HttpMethod.Get, "api/freeze", HttpStatusCode.OK, """{"frozen":false,"reason":"","services":[]}""");
        await Expect(http, HttpMethod.Get, "api/incidents/nope", HttpStatusCode.NotFound, Error);
        await Expect(http, HttpMethod.Get, "api/freeze?service=nope", HttpStatusCode.NotFound, Error);

        // Acting without the token, and with a bad body.
        await Expect(http, HttpMethod.Post, "api/triggers", HttpStatusCode.Unauthorized, Error, "{}", token: null);
        await Expect(http, HttpMethod.Post, "api/triggers", HttpStatusCode.BadRequest, Error, "{not json");
        await Expect(http, HttpMethod.Post, "api/services/api/rollback", HttpStatusCode.BadRequest, Error, "{}");
        await Expect(http, HttpMethod.Post, "api/drills/api", HttpStatusCode.NotFound, Error, """{"by":"shape-test"}""");
        await Expect(http, HttpMethod.Post, "hooks/sentry", HttpStatusCode.Unauthorized, Error, "{}", token: null);

        // A manual trigger opens an incident: its readings, rules, alert and timeline fill the samples.
        await Expect(http, HttpMethod.Post, "api/triggers", HttpStatusCode.Accepted, TriggerAccepted,
            """{"service":"api","meaning":"DataAtRisk","summary":"orders table corrupted by migration 42","by":"shape-test"}""");
        var id = await Until(http, "api/incidents", list => list.GetArrayLength() == 1 ? list[0].GetProperty("id").GetString() : null);
        await Until(http, "api/services", s => s[0].GetProperty("readings").GetArrayLength() > 0 && s[0].GetProperty("live").ValueKind == JsonValueKind.Object
            && s[0].GetProperty("pushedAlerts").GetArrayLength() > 0 ? "" : null);
        await Until(http, $"api/incidents/{id}", i => i.GetProperty("steps").GetArrayLength() > 0 ? "" : null);

        await Expect(http, HttpMethod.Get, "api/services", HttpStatusCode.OK, Services);
        await Expect(http, HttpMethod.Get, "api/incidents", HttpStatusCode.OK, Incidents);
        await Expect(http, HttpMethod.Get, $"api/incidents/{id}", HttpStatusCode.OK, Incident);
        await Expect(http, HttpMethod.Get, "api/freeze", (HttpStatusCode)423, Freeze);
        await Expect(http, HttpMethod.Post, "api/services/api/rollback", HttpStatusCode.Conflict, Error, """{"by":"shape-test"}""");
        await Expect(http, HttpMethod.Post, "api/incidents/nope/approve", HttpStatusCode.NotFound, Error, """{"by":"shape-test"}""");
        await Expect(http, HttpMethod.Post, "hooks/alertmanager", HttpStatusCode.OK, HookAnswer,
            """{"version":"4","status":"firing","alerts":[{"status":"firing","labels":{"alertname":"Down","service":"not-watched"},"annotations":{},"startsAt":"2026-12-03T10:00:00Z"}]}""",
            token: HookToken);

        var postmortem = await http.GetAsync($"api/incidents/{id}/postmortem");
        postmortem.StatusCode.ShouldBe(HttpStatusCode.OK);
        postmortem.Content.Headers.ContentType!.MediaType.ShouldBe("text/markdown");
        (await http.GetStringAsync("metrics")).ShouldContain("watchdog_");
        (await http.GetStringAsync("")).ShouldContain("<html");
        dir.Delete(recursive: true);
    }

    private static async Task Expect(HttpClient http, HttpMethod method, string path, HttpStatusCode status, string sample, string? body = null, string? token = Token)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(status, $"{method} {path}: {text}");
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/json", $"{method} {path}");
        using var answer = JsonDocument.Parse(text);
        using var expected = JsonDocument.Parse(sample);
        JsonShape.Mismatch(expected.RootElement, answer.RootElement, "$").ShouldBeNull($"{method} {path}: {text}");
    }

    private static async Task<string> Until(HttpClient http, string path, Func<JsonElement, string?> done)
    {
        for (var i = 0; i < 300; i++)
        {
            using var doc = JsonDocument.Parse(await http.GetStringAsync(path));
            if (done(doc.RootElement) is { } value) return value;
            await Task.Delay(100);
        }

        throw new TimeoutException($"{path} never got there");
    }
}
