using Watchdog.Core.Releases;
using Watchdog.Core.Reports;
using Watchdog.Core.Runbook;
using Watchdog.Testing;
using static Watchdog.Core.Tests.Fakes.TestData;

namespace Watchdog.Core.Tests.Runbook;

/// <summary>The middle rung: with nothing on Watchdog's own record, the platform's record of what was live before.</summary>
public class PlatformRecordTargetTests
{
    private const string Record = "FakeCloud's own record (status REPLACED)";

    private static Deployment WasLive(Deployment d) => d with { LiveRecord = Record };

    [Fact]
    public void Choose_ThePlatformsRecord_BeatsANewerDeploymentThatOnlySucceeded_AndSaysWhich()
    {
        Deployment[] list = [Deploy("v4", 5), Deploy("v3", 30), WasLive(Deploy("v2", 90)), Deploy("v1", 200)];

        var choice = RollbackTarget.Choose(list, list[0], null, new HashSet<string>()).ShouldNotBeNull();

        (choice.Target.Version, choice.Basis).ShouldBe(("v2", TargetBasis.PlatformRecord));
        choice.Describe(TimeSpan.FromMinutes(30)).ShouldBe(
            $"v2 was live in production before, by {Record}; Watchdog has no earlier release on record as healthy for 30m");
    }

    [Fact]
    public void Choose_WatchdogsOwnRecord_BeatsThePlatformsRecord()
    {
        Deployment[] list = [Deploy("v4", 5), WasLive(Deploy("v3", 30)), Deploy("v2", 90)];

        var choice = RollbackTarget.Choose(list, list[0], null, new HashSet<string> { "dep-v2" }).ShouldNotBeNull();

        (choice.Target.Version, choice.Basis).ShouldBe(("v2", TargetBasis.SeenHealthy));
    }

    [Fact]
    public void Choose_WithoutAnyRecord_StaysOlderSucceeded()
    {
        var choice = RollbackTarget.Choose(ThreeReleases(), ThreeReleases()[0], null, new HashSet<string>()).ShouldNotBeNull();

        (choice.Target.Version, choice.Basis).ShouldBe(("v2", TargetBasis.OlderSucceeded));
    }

    [Theory]
    [InlineData("v3")]
    [InlineData("dep-v3")]
    public void Choose_AQuarantinedReleaseThePlatformSaysWasLive_IsNeverTheTarget(string quarantined)
    {
        Deployment[] list = [Deploy("v4", 5), WasLive(Deploy("v3", 30)), Deploy("v2", 90)];

        var choice = RollbackTarget.Choose(list, list[0], new HashSet<string> { quarantined }, new HashSet<string>()).ShouldNotBeNull();

        (choice.Target.Version, choice.Basis).ShouldBe(("v2", TargetBasis.OlderSucceeded));
    }

    [Fact]
    public void Choose_OnlyQuarantinedReleasesOnEitherRecord_ChoosesNone()
    {
        Deployment[] list = [Deploy("v4", 5), WasLive(Deploy("v3", 30)), Deploy("v2", 90)];

        RollbackTarget.Choose(list, list[0], new HashSet<string> { "v3", "v2" }, new HashSet<string> { "dep-v2" }).ShouldBeNull();
    }

    [Fact]
    public void Choose_ThePlatformsRecordDoesNotOverrideEligibility()
    {
        var live = Deploy("v4", 30);
        Deployment[] list =
        [
            WasLive(Deploy("v5", 5)), // newer than the live one
            live,
            WasLive(Deploy("v4", 60)), // an earlier deployment of the live release
            WasLive(Deploy("v3", 90, succeeded: false)),
            WasLive(Deploy("v2", 120, canRollback: false)),
            Deploy("v1", 200),
        ];

        var choice = RollbackTarget.Choose(list, live, null, new HashSet<string>()).ShouldNotBeNull();

        (choice.Target.Version, choice.Basis).ShouldBe(("v1", TargetBasis.OlderSucceeded));
    }

    [Fact]
    public void Choose_APersonsTarget_IsTakenAsAsked_OverThePlatformsRecord()
    {
        Deployment[] list = [Deploy("v4", 5), WasLive(Deploy("v3", 30)), Deploy("v2", 90)];

        var choice = RollbackTarget.Choose(list, list[0], null, new HashSet<string>(), requested: "v2").ShouldNotBeNull();

        (choice.Target.Version, choice.Basis).ShouldBe(("v2", TargetBasis.Requested));
    }

    [Fact]
    public async Task Rollback_TargetsThePlatformsRecord_AndTheAnnouncementSaysWhichRung()
    {
        var w = new WatchHarness(ledger: new InMemoryLedger());
        var deployments = w.R.Provider.Deployments;
        deployments[^1] = WasLive(deployments[^1]);

        await w.BreachForAsync(TimeSpan.FromMinutes(5));

        var target = deployments[^1];
        w.R.Provider.RollbackCalls.ShouldHaveSingleItem().Version.ShouldBe(target.Version);
        var incident = await w.OnlyIncidentAsync();
        incident.Step("identify")!.Output.ShouldNotBeNull().ShouldContain($"chosen because {target.Version} was live in production before, by {Record}");
        w.R.Notifier.Sent.First(n => n.Kind == NotificationKind.RollbackInProgress).Lines
            .ShouldContain($"Target: {target.Version} was live in production before, by {Record}; Watchdog has no earlier release on record as healthy for 30m");
    }
}
