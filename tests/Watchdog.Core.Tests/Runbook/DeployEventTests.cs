using Watchdog.Core.Decisions;
using Watchdog.Core.Incidents;
using Watchdog.Core.Releases;
using Watchdog.Core.Reports;
using Watchdog.Core.Rules;
using Watchdog.Core.Runbook;
using Watchdog.Testing;
using static Watchdog.Core.Tests.Fakes.TestData;

namespace Watchdog.Core.Tests.Runbook;

/// <summary>Deploy events a platform pushed, as the service's watch takes them: the timeline, the post-deploy watch at once, replays, the freeze.</summary>
public class DeployEventTests
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromHours(1);

    private static DeployEvent Deployed(string deployment, DeployState state, DateTimeOffset at, string key = "evt-1") =>
        new("api", "vercel", key, deployment, state, "abc1234def", at);

    private static Task<DeployTaken> TakeAsync(WatchHarness w, DeployEvent e, params string[] frozenElsewhere) =>
        w.Watch.TakeDeployAsync(e, MaxAge, frozenElsewhere, CancellationToken.None);

    private static async Task<WatchHarness> KnowsV3LiveAsync(InMemoryLedger? ledger = null, Mode mode = Mode.Auto)
    {
        var w = new WatchHarness(mode, ledger: ledger ?? new InMemoryLedger());
        w.R.Settings = w.R.Settings with { LiveCheckInterval = TimeSpan.FromHours(1) };
        (await w.Watch.FreshLiveAsync(TimeSpan.FromSeconds(3), CancellationToken.None)).Live!.Version.ShouldBe("v3");
        return w;
    }

    [Fact]
    public async Task Live_StartsThePostDeployWatchAtOnce_NotAtTheNextLiveCheck()
    {
        var w = await KnowsV3LiveAsync();
        w.R.Clock.Advance(TimeSpan.FromSeconds(5));
        w.R.Provider.LiveId = "dep-v2"; // what the platform now serves
        var looks = w.R.Provider.LiveLooks;

        var taken = await TakeAsync(w, Deployed("dep-v2", DeployState.Live, w.Now));

        taken.Outcome.ShouldBe(DeployOutcome.Taken);
        w.R.Provider.LiveLooks.ShouldBe(looks + 1, "the provider is asked at once, an hour before the live check would");
        w.Watch.Live!.Id.ShouldBe("dep-v2");
        w.Watch.DeployChanges.Select(c => (c.Deployment.Id, c.At)).ShouldBe([("dep-v2", w.Now)]);
        w.Watch.DeployNotes.ShouldHaveSingleItem().Text.ShouldBe("live: dep-v2 (abc1234def) on vercel");
    }

    [Fact]
    public async Task Live_WhileTheProviderStillNamesTheOldRelease_IsLookedAtAgainAtTheNextTick_NotAnHourLater()
    {
        var w = await KnowsV3LiveAsync();
        await TakeAsync(w, Deployed("dep-v2", DeployState.Live, w.Now)); // the alias has not moved yet
        w.Watch.Live!.Id.ShouldBe("dep-v3");
        w.R.Provider.LiveId = "dep-v2";
        w.R.Clock.Advance(TimeSpan.FromSeconds(10));

        await w.Watch.TickAsync(CancellationToken.None);

        w.Watch.Live!.Id.ShouldBe("dep-v2");
        w.Watch.DeployChanges.ShouldHaveSingleItem().At.ShouldBe(w.Now);
    }

    [Fact]
    public async Task Started_GoesOnTheServiceTimeline_WithoutAskingTheProvider()
    {
        var w = await KnowsV3LiveAsync();
        var looks = w.R.Provider.LiveLooks;

        await TakeAsync(w, Deployed("dep-v4", DeployState.Started, w.Now));

        w.R.Provider.LiveLooks.ShouldBe(looks);
        w.Watch.DeployNotes.ShouldHaveSingleItem().ShouldBe(new DeployNote(w.Now, "deployment started: dep-v4 (abc1234def) on vercel"));
        w.R.Notifier.Sent.ShouldBeEmpty("nothing is frozen");
    }

    [Fact]
    public async Task TheSameDelivery_Twice_IsAcknowledgedAndIgnored_AlsoAfterARestart()
    {
        var ledger = new InMemoryLedger();
        var w = await KnowsV3LiveAsync(ledger);
        var e = Deployed("dep-v4", DeployState.Started, w.Now);
        (await TakeAsync(w, e)).Outcome.ShouldBe(DeployOutcome.Taken);

        var again = await TakeAsync(w, e);
        var restarted = await KnowsV3LiveAsync(ledger);
        var afterRestart = await TakeAsync(restarted, e);

        again.Outcome.ShouldBe(DeployOutcome.Refused);
        again.Reason.ShouldNotBeNull().ShouldContain("a repeat of the delivery taken at");
        afterRestart.Outcome.ShouldBe(DeployOutcome.Refused);
        w.Watch.DeployNotes.Count.ShouldBe(1);
        restarted.Watch.DeployNotes.ShouldBeEmpty();
    }

    [Fact]
    public async Task AnEventOlderThanMaxAge_IsRefused()
    {
        var w = await KnowsV3LiveAsync();
        w.R.Clock.Advance(TimeSpan.FromHours(2));

        var taken = await TakeAsync(w, Deployed("dep-v2", DeployState.Live, T0));

        taken.Outcome.ShouldBe(DeployOutcome.Refused);
        taken.Reason.ShouldNotBeNull().ShouldContain("a replay or a stale retry");
        w.Watch.DeployNotes.ShouldBeEmpty();
    }

    [Fact]
    public async Task ADeployDuringAnOpenIncident_IsToldToPeopleAtOnce_OncePerDeployment_AndOnTheIncidentsTimeline()
    {
        var w = await KnowsV3LiveAsync(mode: Mode.Approve);
        var alert = new PushedAlert("api", "metric:1", "sentry", AlertStatus.Firing, Meaning.CoreBroken, "Too many errors", w.Now);
        await w.Watch.RaiseAsync(alert, CancellationToken.None, new Pushed(MaxAge));
        var incident = await w.OnlyIncidentAsync();
        incident.State.ShouldBe(IncidentState.AwaitingApproval);

        var started = await TakeAsync(w, Deployed("dep-v4", DeployState.Started, w.Now, "evt-1"));
        var live = await TakeAsync(w, Deployed("dep-v4", DeployState.Live, w.Now, "evt-2"));

        started.Outcome.ShouldBe(DeployOutcome.Alerted);
        live.Outcome.ShouldBe(DeployOutcome.Taken, "people were told of this deployment already");
        var told = w.R.Notifier.Sent.Where(n => n.Kind == NotificationKind.DeployDuringFreeze).ShouldHaveSingleItem();
        told.Severity.ShouldBe(Severity.Critical);
        told.Text.ShouldContain("DO NOT deploy anything until rollback complete.");
        told.Text.ShouldContain($"incident {incident.Id} of api is open (AwaitingApproval)");
        var timeline = (await w.R.ReloadAsync(incident.Id)).Timeline.Where(t => t.Kind == TimelineKind.Deploy).Select(t => t.Message);
        timeline.ShouldBe(["deployment started: dep-v4 (abc1234def) on vercel", "live: dep-v4 (abc1234def) on vercel"]);
    }

    [Fact]
    public async Task ADeployWhileAnotherServiceIsFrozen_IsToldToPeople()
    {
        var w = await KnowsV3LiveAsync();

        var taken = await TakeAsync(w, Deployed("dep-v4", DeployState.Started, w.Now), "a drill of web is under way");

        taken.Outcome.ShouldBe(DeployOutcome.Alerted);
        w.R.Notifier.Sent.ShouldHaveSingleItem().Lines.ShouldContain("Frozen: a drill of web is under way");
    }

    [Fact]
    public void TheIncidentsOwnRollback_IsNoFreezeBreach_ByIdOrByRelease()
    {
        var incident = new Incident("i-1", "api", Mode.Auto, new Trigger("manual:rollback", Meaning.CoreBroken, "x", T0, T0), T0)
        {
            TargetDeploymentId = "dep-v2",
            ToVersion = "abc1234def0123",
        };

        DeployAdmission.IsOwnRollback(incident, Deployed("dep-v2", DeployState.Started, T0)).ShouldBeTrue();
        DeployAdmission.IsOwnRollback(incident, Deployed("dep-new", DeployState.Live, T0)).ShouldBeTrue("Railway makes the rollback a new deployment of the same commit");
        DeployAdmission.IsOwnRollback(incident, Deployed("dep-new", DeployState.Live, T0) with { Commit = "ffff999" }).ShouldBeFalse();
    }
}
