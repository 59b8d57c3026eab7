using Watchdog.Integrations.Vercel;

namespace Watchdog.Integrations.Tests.Vercel;

public sealed class VercelLiveTests
{
    private static WireProject Project(string? production, string? status, string? from = "dpl_old", string? to = "dpl_target") => new(
        "prj_1",
        "shop",
        production is null ? null : new WireTargets(new WireDeployment(null, production, null, null, null, "READY", "READY", "production", null, null)),
        status is null ? null : new WireAliasRequest(status, 1_763_690_000_000, to, from, "rollback"));

    [Theory]
    // No alias request: the project's production target serves.
    [InlineData("dpl_old", null, null, null, "dpl_old")]
    // Running: the deployment the job started from still serves, even if the project already names the target.
    [InlineData("dpl_old", "pending", "dpl_old", "dpl_target", "dpl_old")]
    [InlineData("dpl_target", "in-progress", "dpl_old", "dpl_target", "dpl_old")]
    [InlineData("dpl_old", "pending", null, "dpl_target", "dpl_old")]
    [InlineData("dpl_target", "pending", null, "dpl_target", null)]
    // Finished: the project says what serves; a later production deployment beats an old succeeded job.
    [InlineData("dpl_target", "succeeded", "dpl_old", "dpl_target", "dpl_target")]
    [InlineData("dpl_newer", "succeeded", "dpl_old", "dpl_target", "dpl_newer")]
    [InlineData("dpl_old", "failed", "dpl_old", "dpl_target", "dpl_old")]
    [InlineData("dpl_old", "skipped", "dpl_old", "dpl_target", "dpl_old")]
    // The project names no production deployment: a finished job fills in.
    [InlineData(null, "succeeded", "dpl_old", "dpl_target", "dpl_target")]
    [InlineData(null, "failed", "dpl_old", "dpl_target", "dpl_old")]
    [InlineData(null, "in-progress", "dpl_old", "dpl_target", "dpl_old")]
    [InlineData(null, "in-progress", null, "dpl_target", null)]
    [InlineData(null, null, null, null, null)]
    public void Decide_ProductionTargetAndAliasJob_NamesWhatServes(string? production, string? status, string? from, string? to, string? expected)
    {
        var project = Project(production, status, from, to);

        var (id, shown) = VercelLive.Decide(project, VercelAliasJob.From(project.LastAliasRequest));

        id.ShouldBe(expected);
        // The project's own object is offered only when it is the live one.
        (shown is not null).ShouldBe(expected is not null && expected == production);
    }

    [Fact]
    public void AliasJob_FromWire_ReadsStatusTimesAndIds()
    {
        var job = VercelAliasJob.From(new WireAliasRequest("In-Progress", 1_763_690_000_123, "dpl_b", null, "promote"))!;

        job.ShouldBe(new VercelAliasJob("promote", "in-progress", "dpl_b", null, DateTimeOffset.FromUnixTimeMilliseconds(1_763_690_000_123)));
        job.Running.ShouldBeTrue();
    }
}
