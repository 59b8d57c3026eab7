using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Watchdog.Core.Incidents;
using Watchdog.Core.Ports;
using Watchdog.Core.Rules;
using Watchdog.Hosting;
using Watchdog.Testing;
using Watchdog.Tests.Support;

namespace Watchdog.Tests.Http;

/// <summary>The shadow record through the real host: /api/rules, /metrics and the status page, from incidents in its journal.</summary>
public class RuleRecordEndpointTests
{
    private static Incident Alarm(string id, DateTimeOffset at, Mode mode)
    {
        var trigger = new Trigger("availability", Meaning.CoreBroken, "availability 40% < 95% for 5m", at.AddMinutes(-5), at);
        var i = new Incident(id, "api", mode, trigger, at);
        i.Decide(new Decision(RunbookAction.Rollback, "core functionality broken: immediate rollback", trigger), at);
        return i;
    }

    private static async Task JournalAsync(InProcessHost host)
    {
        var store = host.App.Services.GetRequiredService<IIncidentStore>();
        var now = host.App.Services.GetRequiredService<TimeProvider>().GetUtcNow();

        var helped = Alarm("20261201-030000-000-api", now.AddDays(-2), Mode.Auto);
        helped.FromVersion = "v2";
        helped.ToVersion = "v1";
        helped.RollbackStartedAt = helped.OpenedAt;
        foreach (var s in new[] { IncidentState.RollingBack, IncidentState.Stabilizing, IncidentState.Verifying, IncidentState.Monitoring })
            helped.MoveTo(s, helped.OpenedAt.AddMinutes(1), s.ToString());
        helped.MoveTo(IncidentState.Resolved, helped.OpenedAt.AddHours(2), "stable for 2h after the rollback to v1");
        await store.SaveAsync(helped, CancellationToken.None);

        var vetoed = Alarm("20261202-030000-000-api", now.AddDays(-1), Mode.Approve);
        vetoed.Record(vetoed.OpenedAt.AddMinutes(1), TimelineKind.Vetoed, "vetoed by dana");
        vetoed.MoveTo(IncidentState.Monitoring, vetoed.OpenedAt.AddMinutes(1), "vetoed by dana: no action; watching");
        vetoed.Close(vetoed.OpenedAt.AddMinutes(20), "healthy again");
        await store.SaveAsync(vetoed, CancellationToken.None);

        await host.App.Services.GetRequiredService<ShadowScores>().RefreshAsync(CancellationToken.None);
    }

    private static async Task<InProcessHost> StartAsync(TestPeer target)
    {
        var settings = InProcessHost.Service(target.Url("health"), poll: "1s");
        settings["Watchdog:Services:0:Autonomy:availability"] = "Earned";
        return await InProcessHost.StartAsync(settings);
    }

    [Fact]
    public async Task ApiRules_EachRulesAlarmsJudged_WithItsAutonomyAndPrecision()
    {
        await using var target = await TestPeer.StartAsync(app => app.MapGet("/health", () => Results.Json(new { status = "ok" })));
        await using var host = await StartAsync(target);
        await JournalAsync(host);

        using var rules = JsonDocument.Parse(await host.Http.GetStringAsync("api/rules"));

        var availability = rules.RootElement.EnumerateArray().Single(r => r.GetProperty("rule").GetString() == "availability");
        availability.GetProperty("service").GetString().ShouldBe("api");
        availability.GetProperty("autonomy").GetString().ShouldBe("Earned");
        var week = availability.GetProperty("week");
        (week.GetProperty("confirmed").GetInt32(), week.GetProperty("false").GetInt32(), week.GetProperty("precision").GetDouble()).ShouldBe((1, 1, 0.5));
        var alarms = availability.GetProperty("alarms").EnumerateArray().ToList();
        alarms.Count.ShouldBe(2);
        alarms[0].GetProperty("verdict").GetString().ShouldBe("False");
        alarms[0].GetProperty("why").GetString().ShouldBe("vetoed by dana");
        alarms[1].GetProperty("did").GetString().ShouldBe("rolled back");
        var quiet = rules.RootElement.EnumerateArray().Single(r => r.GetProperty("rule").GetString() == "error-rate");
        quiet.GetProperty("week").GetProperty("precision").ValueKind.ShouldBe(JsonValueKind.Null, "no alarm decided: no precision, neither 0 nor 1");
    }

    [PromtoolFact]
    public async Task MetricsAndStatusPage_CarryTheSameRecord()
    {
        await using var target = await TestPeer.StartAsync(app => app.MapGet("/health", () => Results.Json(new { status = "ok" })));
        await using var host = await StartAsync(target);
        await JournalAsync(host);

        var metrics = await host.Http.GetStringAsync("metrics");
        var page = await host.Http.GetStringAsync("");

        metrics.ShouldContain("watchdog_rule_precision{rule=\"availability\",service=\"api\",span=\"7d\"} 0.5");
        metrics.ShouldContain("watchdog_rule_alarms{rule=\"availability\",service=\"api\",span=\"30d\",verdict=\"false\"} 1");
        metrics.ShouldContain("watchdog_missed_incidents{service=\"api\",span=\"7d\"} 0");
        var (exit, output) = await Tools.RunAsync("promtool", "check metrics", metrics);
        exit.ShouldBe(0, output);
        page.ShouldContain("Rules' record");
        page.ShouldContain("<td>availability</td><td>1 / 1 / 0</td><td>50%</td>");
    }
}
