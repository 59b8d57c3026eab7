using Watchdog.Integrations.Railway;

namespace Watchdog.Integrations.Tests.Railway;

public sealed class RailwayOptionsValidatorTests
{
    private static RailwayOptions Valid() => new()
    {
        Token = "rw-token-1234",
        ProjectId = "prj",
        EnvironmentId = "env",
        ServiceId = "svc",
    };

    [Fact]
    public void Problems_RequiredIdsAndTokenGiven_NoneAndDocumentedDefaults()
    {
        var options = Valid();

        RailwayOptionsValidator.Problems(options).ShouldBeEmpty();
        options.Endpoint.ShouldBe(new Uri("https://backboard.railway.com/graphql/v2"));
        options.TokenKind.ShouldBe(RailwayTokenKind.Account);
        options.PageSize.ShouldBe(20);
        options.Name.ShouldBe("railway");
    }

    public static TheoryData<string, Action<RailwayOptions>> BadOptions => new()
    {
        { "Token", o => o.Token = null },
        { "Token", o => o.Token = " rw-token " },
        { "ProjectId", o => o.ProjectId = "" },
        { "EnvironmentId", o => o.EnvironmentId = null },
        { "ServiceId", o => o.ServiceId = " " },
        { "Endpoint", o => o.Endpoint = new Uri("http://backboard.railway.com/graphql/v2") },
        { "Endpoint", o => o.Endpoint = new Uri("/graphql/v2", UriKind.Relative) },
        { "TokenKind", o => o.TokenKind = (RailwayTokenKind)7 },
        { "PageSize", o => o.PageSize = 0 },
        { "PageSize", o => o.PageSize = 101 },
        { "MaxPages", o => o.MaxPages = 0 },
        { "MinHealthyFor", o => o.MinHealthyFor = TimeSpan.FromMinutes(-1) },
        { "VersionMetaKeys", o => o.VersionMetaKeys = ["commitHash", ""] },
        { "CallTimeout", o => o.CallTimeout = TimeSpan.Zero },
        { "MaxAnswerBytes", o => o.MaxAnswerBytes = 100 },
        { "Name", o => o.Name = "" },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void Problems_BadValue_OneMessageStartingWithTheKey(string key, Action<RailwayOptions> spoil)
    {
        var options = Valid();
        spoil(options);

        var problem = RailwayOptionsValidator.Problems(options).ShouldHaveSingleItem();

        problem.ShouldStartWith(key, Case.Sensitive);
        problem.ShouldNotContain("rw-token", Case.Sensitive);
    }

    [Fact]
    public void Problems_PlainHttpOnLoopback_Allowed()
    {
        var options = Valid();
        options.Endpoint = new Uri("http://127.0.0.1:5080/graphql/v2");

        RailwayOptionsValidator.Problems(options).ShouldBeEmpty();
    }

    [Fact]
    public void Constructor_InvalidOptions_ThrowsNamingEveryKey()
    {
        using var http = new HttpClient();

        var e = Should.Throw<ArgumentException>(() => new RailwayProvider(http, new RailwayOptions(), TimeProvider.System));

        e.Message.ShouldContain("Token is required");
        e.Message.ShouldContain("ProjectId is required");
        e.Message.ShouldContain("ServiceId is required");
    }
}
