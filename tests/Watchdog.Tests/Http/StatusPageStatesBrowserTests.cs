using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Watchdog.Testing;
using Watchdog.Tests.Support;

namespace Watchdog.Tests.Http;

/// <summary>
/// The status page through an incident's states in headless Chromium: what a person reads at a glance, a screenshot of
/// each state, and the charts' lines where the data puts them.
/// </summary>
public sealed class StatusPageStatesBrowserTests : IAsyncDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("watchdog-status-states-");

    /// <summary>
    /// A service whose /health is healthy while the file <c>healthy</c> says yes, and whose live release is the file
    /// <c>live</c>, read and written by a command provider.
    /// </summary>
    private async Task<(TestPeer Target, Dictionary<string, string?> Settings)> ServiceAsync(string mode, string rollback, bool healthy = false)
    {
        await File.WriteAllTextAsync(Path.Combine(_dir.FullName, "live"), "v2");
        await File.WriteAllTextAsync(Path.Combine(_dir.FullName, "healthy"), healthy ? "yes" : "no");
        await File.WriteAllTextAsync(Path.Combine(_dir.FullName, "deployments"), "v2 v2 2026-11-21T02:00:00Z\nv1 v1 2026-11-20T12:00:00Z\n");
        var target = await TestPeer.StartAsync(app => app.MapGet("/health", () =>
            File.ReadAllText(Path.Combine(_dir.FullName, "healthy")).Trim() == "yes" ? Results.Json(new { status = "ok" }) : Results.Json(new { status = "error" }, statusCode: 500)));
        var settings = InProcessHost.Service(target.Url("health"));
        settings["Watchdog:Mode"] = mode;
        settings["Watchdog:Api:Token"] = "status-states-token-0123456789";
        settings["Watchdog:Services:0:Health:Window"] = "6s"; // long enough that the bad probes stay in it a while after recovery
        foreach (var (key, value) in new[] { ("Name", "availability"), ("Signal", "Availability"), ("Comparison", "Below"), ("Threshold", "0.95"), ("For", "300ms"), ("MinSamples", "2"), ("Meaning", "CoreBroken") })
            settings[$"Watchdog:Services:0:Rules:0:{key}"] = value;
        settings["Watchdog:Services:0:Provider:WorkingDirectory"] = _dir.FullName;
        settings["Watchdog:Services:0:Provider:List"] = "cat deployments";
        settings["Watchdog:Services:0:Provider:Current"] = "cat live";
        settings["Watchdog:Services:0:Provider:Rollback"] = rollback;
        foreach (var (key, value) in new[] { ("Verification:Window", "500ms"), ("Verification:Interval", "100ms"), ("LivePollInterval", "100ms"), ("LiveCheckInterval", "200ms"), ("MonitorFor", "1h") })
            settings[$"Watchdog:Services:0:{key}"] = value;
        return (target, settings);
    }

    [ChromiumFact]
    public async Task RolledBack_Monitoring_ChartShowsTheDetectionTheRollbackTheVerificationAndTheDeploy()
    {
        await using var scene = await SceneAsync("Auto", "printf '%s' {target} > live && echo yes > healthy", "Monitoring");
        var (browser, incident) = (scene.Browser, scene.Incident!.Value);
        var id = incident.GetProperty("id").GetString();
        (await browser.AttributesAsync($"#incident-{id} h3 .state", "class")).Single().ShouldBe("badge state state-monitoring");
        (await browser.TextAsync(".service .live")).ShouldBe("v1", "asked fresh when the page was read");
        (await browser.TextAsync(".service .live-at")).ShouldStartWith("the provider said so");
        (await browser.TextsAsync("#dry-run-banner")).ShouldBeEmpty();
        (await browser.TextsAsync(".next-steps")).ShouldBeEmpty("Watchdog is still in charge while monitoring");

        var markers = await StatusPageShots.ChartGeometryAsync(browser, "availability", 0.95);
        markers.ShouldContain(("detected", incident.GetProperty("detectedAt").GetDateTimeOffset()));
        var steps = incident.GetProperty("steps").EnumerateArray().ToDictionary(s => s.GetProperty("key").GetString()!);
        markers.ShouldContain(("rollback", steps["rollback"].GetProperty("startedAt").GetDateTimeOffset()));
        markers.ShouldContain(("rollback", steps["rollback"].GetProperty("endedAt").GetDateTimeOffset()));
        markers.ShouldContain(("verify", steps["verify"].GetProperty("endedAt").GetDateTimeOffset()));
        markers.ShouldContain(m => m.Kind == "deploy", "v1 seen going live");
    }

    [ChromiumFact]
    public async Task VerificationFailed_Escalated_ShowsItsOwnBadgeAndTheNextSteps()
    {
        // The rollback goes through, but the service stays broken.
        await using var scene = await SceneAsync("Auto", "printf '%s' {target} > live", "Escalated");
        var browser = scene.Browser;
        var id = scene.Incident!.Value.GetProperty("id").GetString();

        (await browser.AttributesAsync($"#incident-{id} h3 .state", "class")).Single().ShouldBe("badge state state-escalated");
        var next = await browser.TextAsync($"#incident-{id} .next-steps");
        next.ShouldContain("What is live: the journal says v1 (the rollback to v1 went through)");
        next.ShouldContain("Watchdog rollback --service api --to v1");
        next.ShouldContain($"Watchdog approve {id}");
        next.ShouldContain($"/api/incidents/{id}/veto");
        next.ShouldContain("closes by itself");
        var tried = await browser.TextsAsync($"#incident-{id} .tried tbody tr");
        tried.ShouldContain(row => row.StartsWith("rollback succeeded", StringComparison.Ordinal));
        tried.ShouldContain(row => row.StartsWith("verify failed", StringComparison.Ordinal));
        tried.ShouldAllBe(row => !row.Contains("printf"), "the command line is hidden from an anonymous reader");
        (await StatusPageShots.ChartGeometryAsync(browser, "availability", 0.95)).ShouldContain(m => m.Kind == "verify");
    }

    [ChromiumFact]
    public async Task Firing_ThenRecovering_SaysSoWhileTheWindowStillHoldsTheBadProbes()
    {
        await using var scene = await SceneAsync("Approve", "true", "AwaitingApproval", shot: "firing");
        var (browser, host) = (scene.Browser, scene.Host);
        var id = scene.Incident!.Value.GetProperty("id").GetString();

        (await browser.AttributesAsync($"#incident-{id} h3 .state", "class")).Single().ShouldBe("badge state state-awaitingapproval");
        // Pending or firing: any tick that proves nothing (too few samples in a fresh window) restarts the rule's clock.
        (await browser.TextAsync(".service .rules .reading")).ShouldBeOneOf("firing: now 0%, window 0%", "pending: now 0%, window 0%");
        (await browser.TextAsync($"#incident-{id} .next-steps")).ShouldContain($"Watchdog approve {id}");
        await StatusPageShots.ChartGeometryAsync(browser, "availability", 0.95);

        await File.WriteAllTextAsync(Path.Combine(_dir.FullName, "healthy"), "yes");
        await UntilAsync(async () => (await host.Http.GetStringAsync("/")).Contains("recovering: now 100%"), "the newest probes healthy");
        await browser.GoToAsync(host.Http.BaseAddress!);
        await StatusPageShots.SaveAsync(browser, "recovering");

        var reading = await browser.TextAsync(".service .rules .reading");
        reading.ShouldStartWith("recovering: now 100%, window ");
        (await browser.TextAsync(".service .rules td:nth-child(2)")).ShouldBe("recovering");
    }

    [ChromiumFact]
    public async Task DryRun_BannerSaysSo()
    {
        await using var scene = await SceneAsync("DryRun", "true", state: null, shot: "dry-run", healthy: true);

        (await scene.Browser.TextAsync("#dry-run-banner")).ShouldBe("DRY RUN: Watchdog records and announces what it would do and changes nothing (api).");
    }

    /// <summary>The service, Watchdog over it, the incident once it is in <paramref name="state"/>, and the page in a browser, screenshot taken.</summary>
    private async Task<Scene> SceneAsync(string mode, string rollback, string? state, string? shot = null, bool healthy = false)
    {
        var (target, settings) = await ServiceAsync(mode, rollback, healthy);
        var host = await InProcessHost.StartAsync(settings);
        var incident = state is null ? (JsonElement?)null : await IncidentInAsync(host, state);
        var chromium = await Chromium.StartAsync();
        var browser = await chromium.OpenAsync();
        await browser.GoToAsync(host.Http.BaseAddress!);
        await StatusPageShots.SaveAsync(browser, shot ?? state!.ToLowerInvariant());
        return new Scene(target, host, chromium, browser, incident);
    }

    private sealed record Scene(TestPeer Target, InProcessHost Host, Chromium Chromium, BrowserSession Browser, JsonElement? Incident) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Browser.DisposeAsync();
            await Chromium.DisposeAsync();
            await Host.DisposeAsync();
            await Target.DisposeAsync();
        }
    }

    private static async Task<JsonElement> IncidentInAsync(InProcessHost host, string state)
    {
        JsonElement[] seen = [];
        await UntilAsync(async () => (seen = (await host.Http.GetFromJsonAsync<JsonElement[]>("api/incidents"))!) is [var i] && i.GetProperty("state").GetString() == state,
            $"an incident in {state}");
        return await host.Http.GetFromJsonAsync<JsonElement>($"api/incidents/{seen[0].GetProperty("id").GetString()}");
    }

    private static async Task UntilAsync(Func<Task<bool>> done, string what)
    {
        var waited = Stopwatch.StartNew();
        while (!await done())
        {
            if (waited.Elapsed > TimeSpan.FromSeconds(30)) throw new TimeoutException($"waited 30 s for {what}");
            await Task.Delay(50);
        }
    }

    public ValueTask DisposeAsync()
    {
        try { _dir.Delete(recursive: true); } catch (IOException) { }
        return ValueTask.CompletedTask;
    }
}
