using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Watchdog.Testing;
using Watchdog.Tests.Support;

namespace Watchdog.Tests.EndToEnd;

/// <summary>
/// Changes found by polling, through the real host on a fast fake clock: a flag LaunchDarkly sent no webhook for, found
/// turned on by <c>Flags:PollInterval</c>, is the top suspect and is turned off instead of a rollback; a configuration
/// variable found changed by <c>VariablePollInterval</c> makes the incident ask a person, naming it, and nothing is rolled back.
/// </summary>
public sealed class PolledChangesEndToEndTests : IAsyncDisposable
{
    private const string AlertToken = "alertmanager-hook-token-0123456789";
    private const string LdToken = "api-0123456789abcdef0123456789";

    private readonly ManualTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private readonly CancellationTokenSource _stop = new();
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("watchdog-polled-");
    private readonly Task _pump;

    public PolledChangesEndToEndTests() =>
        // Ten times as fast as the wall clock: a 10 s poll interval passes in a second.
        _pump = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                _clock.Advance(TimeSpan.FromMilliseconds(200));
                await Task.Delay(20);
            }
        });

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _pump;
        _stop.Dispose();
        try { _dir.Delete(recursive: true); } catch (IOException) { }
    }

    private Dictionary<string, string?> Service(TestPeer target)
    {
        var settings = InProcessHost.Service(target.Url("health"), name: "checkout", poll: "1s");
        settings["Watchdog:Hooks:Alertmanager:Token"] = AlertToken;
        settings["Watchdog:Services:0:Provider:WorkingDirectory"] = _dir.FullName;
        settings["Watchdog:Services:0:Provider:List"] = "printf 'v2\\nv1\\n'";
        settings["Watchdog:Services:0:Provider:Current"] = "echo v2";
        settings["Watchdog:Services:0:Provider:Rollback"] = "echo {target} >> rollbacks";
        return settings;
    }

    private Task AlertAsync(InProcessHost host) => AlertmanagerPush.FiringAsync(host, AlertToken, "checkout", _clock.GetUtcNow().AddSeconds(-5));

    private static async Task<(string State, List<(string? Kind, string Message)> Timeline)> IncidentAsync(InProcessHost host)
    {
        var incident = (await Poll.Until(() => host.Http.GetFromJsonAsync<JsonElement[]>("api/incidents")!, i => i is { Length: > 0 })).ShouldHaveSingleItem();
        var detail = await host.Http.GetFromJsonAsync<JsonElement>($"api/incidents/{incident.GetProperty("id").GetString()}");
        return (detail.GetProperty("state").GetString()!,
            [.. detail.GetProperty("timeline").EnumerateArray().Select(e => (e.GetProperty("kind").GetString(), e.GetProperty("message").GetString()!))]);
    }

    [Fact]
    public async Task AFlagFoundTurnedOnByPolling_NoWebhook_IsTheTopSuspect_AndIsTurnedOffInsteadOfARollback()
    {
        var on = new ConcurrentDictionary<string, (bool On, long Modified, int Version)>(StringComparer.Ordinal) { ["new-checkout"] = (false, 1_700_000_000_000, 1) };
        var lists = 0;
        var patched = new ConcurrentQueue<string>();
        await using var target = await TestPeer.StartAsync(app => app.MapGet("/health", () => Results.Json(new JsonObject { ["status"] = "ok" })));
        await using var ld = await TestPeer.StartAsync(app =>
        {
            app.MapGet("/api/v2/flags/{project}", (HttpContext ctx, string project) =>
            {
                Interlocked.Increment(ref lists);
                if (ctx.Request.Headers.Authorization.ToString() != LdToken) return Results.StatusCode(401);
                var items = new JsonArray([.. on.Select(f => (JsonNode)new JsonObject
                {
                    ["key"] = f.Key,
                    ["environments"] = new JsonObject { ["production"] = new JsonObject { ["on"] = f.Value.On, ["lastModified"] = f.Value.Modified, ["version"] = f.Value.Version } },
                })]);
                return Results.Json(new JsonObject { ["items"] = items, ["totalCount"] = on.Count });
            });
            app.MapMethods("/api/v2/flags/{project}/{flag}", ["PATCH"], (string project, string flag) =>
            {
                patched.Enqueue($"{project}/{flag}");
                return Results.Json(new JsonObject { ["key"] = flag });
            });
        });
        var settings = Service(target);
        settings["Watchdog:Services:0:Flags:Type"] = "LaunchDarkly";
        settings["Watchdog:Services:0:Flags:BaseUrl"] = ld.BaseAddress.ToString();
        settings["Watchdog:Services:0:Flags:Token"] = LdToken;
        settings["Watchdog:Services:0:Flags:ProjectKey"] = "shop";
        settings["Watchdog:Services:0:Flags:EnvironmentKey"] = "production";
        settings["Watchdog:Services:0:Flags:PollInterval"] = "10s";
        await using var host = await InProcessHost.StartAsync(settings, _clock);

        await Poll.Until(() => Volatile.Read(ref lists) >= 1, TimeSpan.FromSeconds(20)); // the baseline
        on["new-checkout"] = (true, _clock.GetUtcNow().ToUnixTimeMilliseconds(), 2); // turned on at LaunchDarkly; no webhook tells
        var seen = Volatile.Read(ref lists);
        await Poll.Until(() => Volatile.Read(ref lists) >= seen + 2, TimeSpan.FromSeconds(20));
        await AlertAsync(host);

        await Poll.Until(() => !patched.IsEmpty, TimeSpan.FromSeconds(20));
        patched.ShouldBe(["shop/new-checkout"]);
        File.Exists(Path.Combine(_dir.FullName, "rollbacks")).ShouldBeFalse();
        var (_, timeline) = await IncidentAsync(host);
        timeline.Single(e => e.Kind == "suspects").Message.ShouldStartWith("1. flag new-checkout turned on at LaunchDarkly (found by polling)");
        timeline.ShouldContain(e => e.Kind == "state" && e.Message.StartsWith("Decided: DisableFlag: flag new-checkout turned on at LaunchDarkly", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AVariableFoundChangedByPolling_AsksAPerson_NamingIt_AndNothingIsRolledBack()
    {
        await using var target = await TestPeer.StartAsync(app => app.MapGet("/health", () => Results.Json(new JsonObject { ["status"] = "ok" })));
        var vars = Path.Combine(_dir.FullName, "vars.env");
        await File.WriteAllTextAsync(vars, "FEATURE_LIMIT=10\nLOG_LEVEL=info\n");
        var settings = Service(target);
        settings["Watchdog:Services:0:Provider:Variables"] = "cat vars.env && echo . >> reads";
        settings["Watchdog:Services:0:VariablePollInterval"] = "10s";
        await using var host = await InProcessHost.StartAsync(settings, _clock);
        int Reads() => File.Exists(Path.Combine(_dir.FullName, "reads")) ? File.ReadAllLines(Path.Combine(_dir.FullName, "reads")).Length : 0;

        await Poll.Until(() => Reads() >= 1, TimeSpan.FromSeconds(20)); // the baseline
        await File.WriteAllTextAsync(vars, "FEATURE_LIMIT=1\nLOG_LEVEL=info\n");
        var seen = Reads();
        await Poll.Until(() => Reads() >= seen + 2, TimeSpan.FromSeconds(20));
        await AlertAsync(host);

        var (state, timeline) = await Poll.Until(() => IncidentAsync(host), i => i.State == "AwaitingApproval");
        File.Exists(Path.Combine(_dir.FullName, "rollbacks")).ShouldBeFalse();
        timeline.Single(e => e.Kind == "suspects").Message.ShouldStartWith("1. variable FEATURE_LIMIT changed at command (found by polling");
        timeline.ShouldContain(e => e.Message.Contains("a person decides: the top suspect is variable FEATURE_LIMIT changed at command", StringComparison.Ordinal));
        timeline.ShouldAllBe(e => !e.Message.Contains("FEATURE_LIMIT=1", StringComparison.Ordinal));
    }
}
