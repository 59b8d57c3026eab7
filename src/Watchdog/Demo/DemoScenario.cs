using System.Globalization;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection;
using Watchdog.Core.Incidents;
using Watchdog.Core.Ports;
using Watchdog.Hosting;

namespace Watchdog.Demo;

/// <summary>What the demo saw: the incident, what the team received, and how often the rollback command ran.</summary>
public sealed record DemoResult(Incident? Incident, IReadOnlyList<(string Kind, string Title, string Text)> Received, int RejectedMessages, int RollbackCommandRuns, string Live);

/// <summary>
/// The whole loop on loopback with windows compressed to seconds: a healthy v1, a faulty v2
/// deployed on top, and Watchdog detecting, deciding, rolling back through templated commands,
/// stabilizing, smoke-testing, verifying, notifying and resolving.
/// </summary>
public static class DemoScenario
{
    private const string Secret = "demo-webhook-secret-8f3a";
    private const string Service = "shop-api";

    public static async Task<DemoResult> RunAsync(string directory, TextWriter output, TimeSpan timeout, CancellationToken ct)
    {
        var live = Path.Combine(directory, "live");
        await File.WriteAllTextAsync(live, "v1", ct);
        await File.WriteAllTextAsync(Path.Combine(directory, "deployments"), $"v1 v1 {Stamp(-3600)}\n", ct);

        await using var target = await DemoTarget.StartAsync(live);
        await using var receiver = await DemoReceiver.StartAsync(Secret, TimeProvider.System,
            (kind, text) => output.WriteLine($"  📨 team webhook received {kind}: {text.Split('\n')[0]}"));

        var app = WatchdogApp.Build(["--urls", "http://127.0.0.1:0"], null, out var errors,
            new MemoryConfigurationSource { InitialData = Configuration(directory, target.BaseAddress, receiver.Url) })
            ?? throw new InvalidOperationException("demo configuration invalid: " + string.Join("; ", errors));
        await using (app)
        {
            await app.StartAsync(ct);
            var store = app.Services.GetRequiredService<IIncidentStore>();
            output.WriteLine($"Watchdog is watching {Service} at {target.BaseAddress}health (v1, healthy); API on {app.Urls.First()}");
            await Task.Delay(TimeSpan.FromSeconds(2), ct);

            output.WriteLine("Deploying v2 (it fails its health checks and its login flow)…");
            await File.WriteAllTextAsync(Path.Combine(directory, "deployments"), $"v2 v2 {Stamp(0)}\nv1 v1 {Stamp(-3600)}\n", ct);
            await File.WriteAllTextAsync(live, "v2", ct);

            var incident = await FollowAsync(store, output, timeout, ct);
            await app.StopAsync(CancellationToken.None);
            var runs = File.Exists(Path.Combine(directory, "rollbacks.log")) ? File.ReadAllLines(Path.Combine(directory, "rollbacks.log")).Length : 0;
            return new DemoResult(incident, [.. receiver.Received], receiver.RejectedCount, runs, target.Live);
        }
    }

    /// <summary>Prints the incident's timeline as it grows, until it is closed or time runs out.</summary>
    private static async Task<Incident?> FollowAsync(IIncidentStore store, TextWriter output, TimeSpan timeout, CancellationToken ct)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout);
        var shown = 0;
        Incident? incident = null;
        try
        {
            while (incident is not { IsOpen: false })
            {
                await Task.Delay(200, limit.Token);
                var latest = await store.ListAsync(1, limit.Token);
                incident = latest.Count > 0 ? latest[0] : null;
                if (incident is null) continue;
                foreach (var e in incident.Timeline.Skip(shown))
                    output.WriteLine($"  {e.At:HH:mm:ss.fff} [{e.Kind.Text()}] {e.Message}");
                shown = incident.Timeline.Count;
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            output.WriteLine($"The incident did not close within {timeout.TotalSeconds:0} s.");
        }

        return incident;
    }

    private static Dictionary<string, string?> Configuration(string directory, Uri target, Uri receiver)
    {
        const string s = "Watchdog:Services:0:";
        return new()
        {
            ["Serilog:MinimumLevel:Default"] = "Warning",
            ["Serilog:WriteTo:0:Name"] = "Console",
            ["Watchdog:Mode"] = "Auto",
            ["Watchdog:DataDirectory"] = Path.Combine(directory, "data"),
            ["Watchdog:Notifications:Timeout"] = "2s",
            ["Watchdog:Notifications:Webhooks:0:Name"] = "team",
            ["Watchdog:Notifications:Webhooks:0:Url"] = receiver.ToString(),
            ["Watchdog:Notifications:Webhooks:0:Secret"] = Secret,
            [s + "Name"] = Service,
            [s + "PollInterval"] = "250ms",
            [s + "Health:Url"] = new Uri(target, "health").ToString(),
            [s + "Health:Timeout"] = "1s",
            [s + "Health:Window"] = "2s",
            // The seeds' rules, with 5-minute windows compressed to 2 seconds.
            [s + "Rules:0:Name"] = "error-rate", [s + "Rules:0:Signal"] = "ErrorRate", [s + "Rules:0:Comparison"] = "Above",
            [s + "Rules:0:Threshold"] = "0.10", [s + "Rules:0:For"] = "2s", [s + "Rules:0:MinSamples"] = "3", [s + "Rules:0:Meaning"] = "UsersAffected",
            [s + "Rules:1:Name"] = "availability", [s + "Rules:1:Signal"] = "Availability", [s + "Rules:1:Comparison"] = "Below",
            [s + "Rules:1:Threshold"] = "0.95", [s + "Rules:1:For"] = "2s", [s + "Rules:1:MinSamples"] = "3", [s + "Rules:1:Meaning"] = "CoreBroken",
            [s + "Rules:2:Name"] = "service-down", [s + "Rules:2:Signal"] = "Up", [s + "Rules:2:Comparison"] = "Below",
            [s + "Rules:2:Threshold"] = "1", [s + "Rules:2:For"] = "2s", [s + "Rules:2:MinSamples"] = "1", [s + "Rules:2:Meaning"] = "ServiceDown",
            [s + "Provider:Type"] = "Command",
            [s + "Provider:WorkingDirectory"] = directory,
            [s + "Provider:List"] = "cat deployments",
            [s + "Provider:Current"] = "cat live",
            [s + "Provider:Rollback"] = "printf '%s\\n' {target} >> rollbacks.log && printf '%s' {target} > live",
            [s + "Provider:Verify"] = "test \"$(cat live)\" = {target} && echo platform reports {version} live",
            [s + "Stabilization:0:Name"] = "clear-cache",
            [s + "Stabilization:0:Command"] = "echo 'cache cleared'",
            [s + "SmokeTests:0:Name"] = "login",
            [s + "SmokeTests:0:Url"] = new Uri(target, "api/auth/login").ToString(),
            [s + "SmokeTests:0:Method"] = "POST",
            [s + "SmokeTests:0:Body"] = "{\"email\":\"test@example.com\",\"password\":\"demo\"}",
            [s + "SmokeTests:0:ExpectBodyContains"] = "access_token",
            [s + "Verification:Window"] = "1500ms",
            [s + "Verification:Interval"] = "250ms",
            [s + "Verification:VersionUrl"] = new Uri(target, "api/version").ToString(),
            [s + "RollbackTimeout"] = "10s",
            [s + "LivePollInterval"] = "200ms",
            [s + "MonitorFor"] = "3s",
        };
    }

    private static string Stamp(int offsetSeconds) =>
        TimeProvider.System.GetUtcNow().AddSeconds(offsetSeconds).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}
