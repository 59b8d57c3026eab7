using Watchdog.Integrations.Commands;
using Watchdog.Core.Releases;

namespace Watchdog.Integrations.Tests.Commands;

public sealed class DeploymentListParserTests
{
    private static readonly DateTimeOffset Nov20 = new(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Parse_TextLines_ReadsIdVersionAndTimeWithOptionalFields()
    {
        const string output = "# id version created\n\n  d3 v3 2026-11-20T10:00:00Z  \r\nd2   v2\nd1\n   # an indented comment\nd0 v0 2026-11-20T11:00:00+01:00 extra notes\n";

        var list = DeploymentListParser.Parse(output, truncated: false);

        list.ShouldBe([
            new Deployment("d3", "v3", Nov20),
            new Deployment("d2", "v2"),
            new Deployment("d1", "d1"),
            new Deployment("d0", "v0", Nov20),
        ]);
    }

    [Fact]
    public void Parse_TimeWithoutOffset_IsTakenAsUtc()
    {
        var list = DeploymentListParser.Parse("d1 v1 2026-11-20T10:00:00\n", truncated: false);

        list[0].CreatedAt.ShouldBe(Nov20);
    }

    [Fact]
    public void Parse_UnreadableTime_ThrowsNamingTheLine()
    {
        var e = Should.Throw<FormatException>(() => DeploymentListParser.Parse("d2 v2 2026-11-20T10:00:00Z\nd1 v1 yesterday\n", truncated: false));

        e.Message.ShouldContain("line 2");
        e.Message.ShouldContain("yesterday");
    }

    [Fact]
    public void Parse_TruncatedText_DropsTheHalfLineAtTheCut()
    {
        var list = DeploymentListParser.Parse("d3 v3\nd2 v2\nd1 v", truncated: true);

        list.Select(d => d.Id).ShouldBe(["d3", "d2"]);
    }

    [Fact]
    public void Parse_JsonArray_ReadsFieldsWithDefaults()
    {
        const string output = """
            [
              {"id": "d2", "version": "v2", "createdAt": "2026-11-20T11:00:00+01:00", "canRollback": false, "other": {"x": [1]}},
              {"ID": 17, "Succeeded": false},
              {"id": "d0", "version": null, "createdAt": null}
            ]
            """;

        var list = DeploymentListParser.Parse("\n  " + output, truncated: false);

        list.ShouldBe([
            new Deployment("d2", "v2", Nov20, CanRollback: false),
            new Deployment("17", "17", Succeeded: false),
            new Deployment("d0", "d0"),
        ]);
    }

    [Theory]
    [InlineData("[{\"version\": \"v1\"}]", "no id")]
    [InlineData("[\"d1\"]", "not an object")]
    [InlineData("[{\"id\": \"d1\", \"createdAt\": \"soon\"}]", "createdAt")]
    [InlineData("[{\"id\": \"d1\", \"canRollback\": \"yes\"}]", "canRollback")]
    [InlineData("[{\"id\": \"d1\"", "not a JSON array")]
    public void Parse_BadJson_ThrowsSayingWhatIsWrong(string output, string says)
    {
        var e = Should.Throw<FormatException>(() => DeploymentListParser.Parse(output, truncated: false));

        e.Message.ShouldContain(says);
    }

    [Fact]
    public void Parse_TruncatedJson_ThrowsSayingTheOutputWasCut()
    {
        var e = Should.Throw<FormatException>(() => DeploymentListParser.Parse("[{\"id\": \"d1\"}]", truncated: true));

        e.Message.ShouldContain("cut");
    }

    [Theory]
    [InlineData("d7\n", "d7")]
    [InlineData("\n\n   d7 v7 whatever\nd6\n", "d7")]
    [InlineData("# live deployment\nd7\n", "d7")]
    [InlineData("", null)]
    [InlineData("  \n\t\n", null)]
    public void ParseCurrent_TakesFirstFieldOfFirstNonBlankLine(string output, string? expected)
    {
        DeploymentListParser.ParseCurrent(output).ShouldBe(expected);
    }
}
