using Watchdog.Integrations.Vercel;

namespace Watchdog.Integrations.Tests.Vercel;

public sealed class VercelOptionsValidatorTests
{
    private static VercelOptions Valid() => new() { Token = "vcp_abc", ProjectId = "prj_1" };

    [Fact]
    public void Problems_DefaultsWithTokenAndProject_None()
    {
        var o = Valid();

        VercelOptionsValidator.Problems(o).ShouldBeEmpty();
        (o.Name, o.BaseUrl!.AbsoluteUri, o.TeamId, o.PageSize, o.MaxPages).ShouldBe(("vercel", "https://api.vercel.com/", (string?)null, 100, 10));
        o.VersionMetaKeys.ShouldBe(["githubCommitSha"]);
    }

    [Fact]
    public void Problems_LoopbackHttp_Allowed()
    {
        var o = Valid();
        o.BaseUrl = new Uri("http://127.0.0.1:5000/");

        VercelOptionsValidator.Problems(o).ShouldBeEmpty();
    }

    public static TheoryData<Action<VercelOptions>, string> Bad => new()
    {
        { o => o.Token = null, "Token is required" },
        { o => o.Token = "vcp_a\nX-Injected: 1", "Token must not contain whitespace" },
        { o => o.ProjectId = " ", "ProjectId is required" },
        { o => o.ProjectId = "team/prj", "ProjectId must not contain" },
        { o => o.TeamId = "", "TeamId must be a team id" },
        { o => o.BaseUrl = null, "BaseUrl must be an absolute http(s) URL" },
        { o => o.BaseUrl = new Uri("ftp://api.vercel.com"), "BaseUrl must be an absolute http(s) URL" },
        { o => o.BaseUrl = new Uri("http://api.vercel.com"), "BaseUrl must use https" },
        { o => o.BaseUrl = new Uri("https://api.vercel.com/?x=1"), "BaseUrl must not carry a query" },
        { o => o.PageSize = 101, "PageSize must be between 1 and 100 (was 101)" },
        { o => o.MaxPages = 0, "MaxPages must be between 1 and 1000 (was 0)" },
        { o => o.VersionMetaKeys = ["githubCommitSha", " "], "VersionMetaKeys must not hold blank keys" },
        { o => o.Timeout = TimeSpan.Zero, "Timeout must be more than zero" },
        { o => o.MaxBodyBytes = 10, "MaxBodyBytes must be between 1024" },
        { o => o.Name = "", "Name must not be empty" },
    };

    [Theory]
    [MemberData(nameof(Bad))]
    public void Problems_BadValue_OneMessageStartingWithTheKey(Action<VercelOptions> spoil, string expected)
    {
        var o = Valid();
        spoil(o);

        var problem = VercelOptionsValidator.Problems(o).ShouldHaveSingleItem();

        problem.ShouldStartWith(expected, Case.Sensitive);
        problem.ShouldNotContain("vcp_a", Case.Sensitive);
    }
}
