using Watchdog.Core.Runbook;
using Watchdog.Integrations.Commands;

namespace Watchdog.Integrations.Tests.Commands;

/// <summary>The List command's optional record of what served before: <c>live-before</c> on a line, <c>liveBefore</c> in JSON.</summary>
public sealed class ListLiveBeforeTests
{
    private const string Record = "the List command's own record (live-before)";

    [Fact]
    public void Parse_TextMarker_AfterTheTimeOrInItsPlace_IsTheRecord_AndOldLinesClaimNothing()
    {
        const string output = "d4 v4 2026-11-20T10:00:00Z\nd3 v3 2026-11-20T09:00:00Z live-before\nd2 v2 live-before\nd1 v1 2026-11-20T07:00:00Z notes\nd0\n";

        var list = DeploymentListParser.Parse(output, truncated: false);

        list.Select(d => d.LiveRecord).ShouldBe([null, Record, Record, null, null]);
        list[1].CreatedAt.ShouldBe(new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.Zero));
        list[2].CreatedAt.ShouldBeNull();
        list[4].Version.ShouldBe("d0");
    }

    [Fact]
    public void Parse_JsonLiveBefore_IsTheRecord_AndMustBeABoolean()
    {
        var list = DeploymentListParser.Parse("""[{"id":"d2","version":"v2","liveBefore":true},{"id":"d1","version":"v1","liveBefore":false},{"id":"d0"}]""", truncated: false);

        list.Select(d => d.LiveRecord).ShouldBe([Record, null, null]);
        Should.Throw<FormatException>(() => DeploymentListParser.Parse("""[{"id":"d1","liveBefore":"yes"}]""", truncated: false)).Message.ShouldContain("liveBefore");
    }

    [Fact]
    public void Choose_TheListsRecord_BeatsANewerDeploymentThatOnlySucceeded_AndSaysWhich()
    {
        var list = DeploymentListParser.Parse("d4 v4\nd3 v3\nd2 v2 live-before\nd1 v1 live-before\n", truncated: false);

        var choice = RollbackTarget.Choose(list, list[0], null, new HashSet<string>()).ShouldNotBeNull();

        (choice.Target.Id, choice.Basis).ShouldBe(("d2", TargetBasis.PlatformRecord));
        choice.Describe(TimeSpan.FromMinutes(30)).ShouldStartWith("v2 was live in production before, by " + Record + ";");
    }
}
