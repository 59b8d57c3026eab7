using Watchdog.Core.Runbook;
using static Watchdog.Core.Tests.Fakes.TestData;
using Watchdog.Core.Releases;

namespace Watchdog.Core.Tests.Runbook;

public class RollbackTargetTests
{
    [Fact]
    public void Choose_PicksNewestEarlierSucceededRollbackableDeployment()
    {
        Deployment[] list =
        [
            Deploy("v5", 2, succeeded: false),   // newer than live, still building
            Deploy("v4", 10),                    // live
            Deploy("v3", 60, succeeded: false),  // its build failed
            Deploy("v2", 90, canRollback: false),
            Deploy("v1", 120),
            Deploy("v0", 240),
        ];

        RollbackTarget.Choose(list, list[1]).ShouldNotBeNull().Version.ShouldBe("v1");
    }

    [Fact]
    public void Choose_AnEarlierDeploymentOfTheLiveRelease_IsNeverTheTarget()
    {
        // Maintenance mode on Railway redeploys the live release: the list then holds v3 twice.
        Deployment[] list = [new("dep-v3-redeploy", "v3", T0), Deploy("v3", 10), Deploy("v2", 60)];

        RollbackTarget.Choose(list, list[0]).ShouldNotBeNull().Version.ShouldBe("v2");
    }

    [Fact]
    public void Choose_NeverPicksADeploymentNewerThanLive_EvenIfGood()
    {
        Deployment[] list = [Deploy("v5", 2), Deploy("v4", 10), Deploy("v3", 60)];

        RollbackTarget.Choose(list, list[1]).ShouldNotBeNull().Version.ShouldBe("v3");
    }

    [Fact]
    public void Choose_SkipsQuarantined()
    {
        Deployment[] list = [Deploy("v3", 10), Deploy("v2", 60), Deploy("v1", 120)];

        RollbackTarget.Choose(list, list[0], new HashSet<string> { "dep-v2" }).ShouldNotBeNull().Version.ShouldBe("v1");
    }

    [Fact]
    public void Choose_LiveMissingFromList_UsesCreationTimeToSkipNewerOnes()
    {
        var live = Deploy("v4", 30);
        Deployment[] list = [Deploy("v5", 5), Deploy("v3", 60), Deploy("v2", 90)];

        RollbackTarget.Choose(list, live).ShouldNotBeNull().Version.ShouldBe("v3");
    }

    [Fact]
    public void Choose_NothingEarlier_ReturnsNull()
    {
        Deployment[] list = [Deploy("v2", 1), Deploy("v1", 10), Deploy("v0", 60, succeeded: false)];

        RollbackTarget.Choose(list, list[1]).ShouldBeNull();
    }

    [Fact]
    public void Choose_LiveUnknown_ChoosesNothingRatherThanTheNewest()
    {
        Deployment[] list = [Deploy("v3", 10), Deploy("v2", 60), Deploy("v1", 120)];

        RollbackTarget.Choose(list, live: null).ShouldBeNull();
    }
}
