using Watchdog.Core.Incidents;
using Watchdog.Core.Releases;
using Watchdog.Core.Reports;
using Watchdog.Core.Runbook;
using Watchdog.Testing;

namespace Watchdog.Core.Tests.Runbook;

/// <summary>A service of two parts, an API and a web app: each suspect is rolled back on its own platform, backend first.</summary>
public class ComponentRollbackTests
{
    private readonly InMemoryLedger _ledger = new();
    private readonly FakeDeploymentProvider _api = new(TestData.ThreeReleases()) { Name = "railway" };
    private readonly FakeDeploymentProvider _web = new(Web("w3", 5), Web("w2", 50), Web("w1", 200)) { Name = "vercel" };

    private static Deployment Web(string version, int minutesAgo) => TestData.Deploy(version, minutesAgo) with { Id = "dpl_" + version };

    private WatchHarness Harness()
    {
        var w = new WatchHarness(ledger: _ledger);
        w.R.Components.Add(new ServiceComponent("api", _api, []));
        w.R.Components.Add(new ServiceComponent("web", _web, []));
        return w;
    }

    /// <summary>What each part had live when the service was last stable, as the watch records it on healthy ticks.</summary>
    private Task StableAsync(string part, Deployment d) =>
        _ledger.SetAsync(ComponentWatch.StableScope, part == "api" ? "api" : "api/" + part, $"{d.Id}\n{d.Version}", CancellationToken.None);

    [Fact]
    public async Task BothChangedSinceTheLastStableMoment_BothAreRolledBack_BackendFirst_AndTheServiceIsVerifiedAsOne()
    {
        var w = Harness();
        await StableAsync("api", TestData.Deploy("v2", 60));
        await StableAsync("web", Web("w2", 50));

        await w.BreachForAsync(TimeSpan.FromMinutes(5));

        _api.RollbackCalls.ShouldHaveSingleItem().Version.ShouldBe("v2");
        _web.RollbackCalls.ShouldHaveSingleItem().Version.ShouldBe("w2");
        var incident = await w.OnlyIncidentAsync();
        var keys = incident.Steps.Select(s => s.Key).ToList();
        keys.IndexOf("rollback").ShouldBeLessThan(keys.IndexOf("rollback@web"), "the backend goes back before the frontend");
        incident.State.ShouldBe(IncidentState.Monitoring);
        incident.Step(RunbookExecutor.PartsStep)!.Output.ShouldBe("api: rolled back from v3 to v2; web: rolled back from w3 to w2");
        (await w.R.Store.QuarantinedAsync("api/web", CancellationToken.None)).ShouldContain("w3");
        (await w.R.Store.QuarantinedAsync("api", CancellationToken.None)).ShouldContain("v3");
    }

    [Fact]
    public async Task OnlyTheWebAppChanged_OnlyItIsRolledBack_AndVerificationExpectsTheApiAsItIs()
    {
        var w = Harness();
        await StableAsync("api", TestData.Deploy("v3", 10));
        await StableAsync("web", Web("w2", 50));

        await w.BreachForAsync(TimeSpan.FromMinutes(5));

        _api.RollbackCalls.ShouldBeEmpty();
        _web.RollbackCalls.ShouldHaveSingleItem().Version.ShouldBe("w2");
        var incident = await w.OnlyIncidentAsync();
        incident.State.ShouldBe(IncidentState.Monitoring);
        incident.ToVersion.ShouldBe("v3", "the API did not move: verification looks for what is live");
        incident.Step(RunbookExecutor.PartsStep)!.Output.ShouldBe("api: left as it is, unchanged: v3 (dep-v3) was live when the service was last stable; web: rolled back from w3 to w2");
    }

    [Fact]
    public async Task TheBackendWentBack_TheFrontendWasRefused_TheIncidentEscalatesNamingEachPart()
    {
        var w = Harness();
        _web.OnRollback = _ => Ports.StepOutcome.Failure("403 forbidden: the token cannot roll back this project");

        await w.BreachForAsync(TimeSpan.FromMinutes(5));

        _api.RollbackCalls.Count.ShouldBe(1);
        var incident = await w.OnlyIncidentAsync();
        incident.State.ShouldBe(IncidentState.Escalated);
        var escalation = w.R.Notifier.Sent.Last(n => n.Kind == NotificationKind.Escalation);
        var text = string.Join("\n", escalation.Lines.Prepend(escalation.Text));
        text.ShouldContain("partial rollback");
        text.ShouldContain("api: rolled back from v3 to v2");
        text.ShouldContain("web: rollback FAILED");
        incident.Timeline.ShouldContain(e => e.Message.Contains("web: rollback FAILED"));
    }

    [Fact]
    public async Task NothingChangedSinceTheLastStableMoment_NoRollback_PeopleAreAsked()
    {
        var w = Harness();
        await StableAsync("api", TestData.Deploy("v3", 10));
        await StableAsync("web", Web("w3", 5));

        await w.BreachForAsync(TimeSpan.FromMinutes(5));

        _api.RollbackCalls.ShouldBeEmpty();
        _web.RollbackCalls.ShouldBeEmpty();
        var incident = await w.OnlyIncidentAsync();
        incident.State.ShouldBe(IncidentState.Escalated);
        incident.Timeline.ShouldContain(e => e.Message.Contains("no part's live release changed"));
    }

    [Fact]
    public async Task CutShortBetweenTheParts_TheResumedRunbookRollsBackEachPartExactlyOnce()
    {
        var w = Harness();
        w.R.Store.FailWhen = i => i.Step("rollback@web") is { Status: StepStatus.Started };

        // The runbook stops where the journal refused the write; the watch reads the journal back at its next tick.
        await w.BreachForAsync(TimeSpan.FromMinutes(5));
        _api.RollbackCalls.Count.ShouldBe(1);
        _web.RollbackCalls.ShouldBeEmpty("its start was never journaled, so it was never called");
        w.Watch.TakeRunbookFailure().ShouldBeOfType<IOException>();

        w.R.Store.FailWhen = null;
        await w.ObserveAsync(0.6);
        await w.ObserveAsync(0.6);

        _api.RollbackCalls.Count.ShouldBe(1);
        _web.RollbackCalls.Count.ShouldBe(1);
        (await w.OnlyIncidentAsync()).State.ShouldBe(IncidentState.Monitoring);
    }

    [Fact]
    public async Task StableForMinHealthyFor_WhatEachPartHasLiveGoesOnRecord_AndABreachStartsTheCountAgain()
    {
        var w = Harness();
        w.R.Settings = w.R.Settings with { LiveCheckInterval = TimeSpan.FromSeconds(1), MinHealthyFor = TimeSpan.FromMinutes(1) };
        async Task TickAsync(double errorRate, TimeSpan after)
        {
            w.Source.Next = WatchHarness.Values(w.Now, errorRate);
            await w.Watch.TickAsync(CancellationToken.None);
            w.R.Clock.Advance(after);
        }

        await TickAsync(0.001, TimeSpan.FromSeconds(40));
        await TickAsync(0.3, TimeSpan.FromSeconds(2)); // one bad tick: not stable
        await TickAsync(0.001, TimeSpan.FromSeconds(40));
        await TickAsync(0.001, TimeSpan.FromSeconds(1));
        (await _ledger.GetAsync(ComponentWatch.StableScope, "api/web", CancellationToken.None)).ShouldBeNull("stable for 41 s since the breach, not a minute");

        await TickAsync(0.001, TimeSpan.FromSeconds(20));
        await TickAsync(0.001, TimeSpan.Zero);

        (await _ledger.GetAsync(ComponentWatch.StableScope, "api/web", CancellationToken.None)).ShouldBe("dpl_w3\nw3");
        (await _ledger.GetAsync(ComponentWatch.StableScope, "api", CancellationToken.None)).ShouldBe("dep-v3\nv3");
    }

    [Fact]
    public async Task ADeployGoesLiveOnTheWebApp_ItsPartLooksAtOnce_NotAtTheNextLiveCheck()
    {
        var w = Harness();
        w.R.Settings = w.R.Settings with { LiveCheckInterval = TimeSpan.FromHours(1) };
        await w.Watch.TickAsync(CancellationToken.None); // the first look: w3 live
        _web.Deployments.Insert(0, Web("w4", 0));
        _web.LiveId = "dpl_w4";
        var looks = _web.LiveLooks;

        await w.Watch.TakeDeployAsync(new Releases.DeployEvent("api", "vercel", "evt-1", "dpl_w4", Releases.DeployState.Live, null, w.Now), TimeSpan.FromHours(1), [], CancellationToken.None);

        _web.LiveLooks.ShouldBeGreaterThan(looks, "a live deploy anywhere in the service makes every part look now");
    }
}
