using Microsoft.Extensions.Logging.Abstractions;
using Watchdog.Integrations.Railway;
using Watchdog.Integrations.RailwayMetrics;

namespace Watchdog.Integrations.Tests.Railway;

public sealed class RailwayMetricsOptionsValidatorTests
{
    private static RailwayMetricsOptions Valid() => new() { Token = "rw-token-1234", EnvironmentId = "env", ServiceId = "svc" };

    [Fact]
    public void Problems_IdsAndTokenGiven_NoneAndDocumentedDefaults()
    {
        var options = Valid();

        RailwayMetricsOptionsValidator.Problems(options).ShouldBeEmpty();
        options.Name.ShouldBe("railway");
        options.Endpoint.ShouldBe(new Uri("https://backboard.railway.com/graphql/v2"));
        options.TokenKind.ShouldBe(RailwayTokenKind.Account);
        options.Window.ShouldBe(TimeSpan.FromMinutes(5));
        options.Timeout.ShouldBe(TimeSpan.FromSeconds(10));
        options.MinInterval.ShouldBe(TimeSpan.FromSeconds(30));
    }

    public static TheoryData<string, Action<RailwayMetricsOptions>> BadOptions => new()
    {
        { "Name", o => o.Name = " " },
        { "Token", o => o.Token = null },
        { "Token", o => o.Token = "rw-token-1234\n" },
        { "TokenKind", o => o.TokenKind = (RailwayTokenKind)9 },
        { "Endpoint", o => o.Endpoint = new Uri("http://backboard.railway.com/graphql/v2") },
        { "EnvironmentId", o => o.EnvironmentId = "" },
        { "ServiceId", o => o.ServiceId = null },
        { "Window", o => o.Window = TimeSpan.FromSeconds(10) },
        { "Window", o => o.Window = TimeSpan.FromDays(2) },
        { "Window", o => o.Window = TimeSpan.FromMilliseconds(90_500) },
        { "Timeout", o => o.Timeout = TimeSpan.Zero },
        { "MinInterval", o => o.MinInterval = TimeSpan.FromSeconds(-1) },
        { "MaxAnswerBytes", o => o.MaxAnswerBytes = 10 },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void Problems_BadValue_OneMessageStartingWithTheKey(string key, Action<RailwayMetricsOptions> spoil)
    {
        var options = Valid();
        spoil(options);

        var problem = RailwayMetricsOptionsValidator.Problems(options).ShouldHaveSingleItem();

        problem.ShouldStartWith(key, Case.Sensitive);
        problem.ShouldNotContain("rw-token", Case.Sensitive);
    }

    [Fact]
    public void Constructor_InvalidOptions_ThrowsNamingEveryKey()
    {
        using var http = new HttpClient();

        var e = Should.Throw<ArgumentException>(() =>
            new RailwayMetricsSource(http, new RailwayMetricsOptions(), TimeProvider.System, NullLogger<RailwayMetricsSource>.Instance));

        e.Message.ShouldContain("Token is required");
        e.Message.ShouldContain("EnvironmentId is required");
        e.Message.ShouldContain("ServiceId is required");
    }
}
