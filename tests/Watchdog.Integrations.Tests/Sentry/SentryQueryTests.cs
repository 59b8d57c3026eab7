using Watchdog.Integrations.Sentry;

namespace Watchdog.Integrations.Tests.Sentry;

public sealed class SentryQueryTests
{
    [Theory]
    [InlineData(5, "5m")]
    [InlineData(90, "90m")]
    [InlineData(120, "2h")]
    [InlineData(1440, "1d")]
    [InlineData(2880, "2d")]
    public void Period_UsesTheLargestUnitThatDivides(int minutes, string period) =>
        SentrySpan.Period(TimeSpan.FromMinutes(minutes)).ShouldBe(period);

    [Theory]
    [InlineData(null, "1.2.3", "release:1.2.3")]
    [InlineData("event.type:error", null, "event.type:error")]
    [InlineData("event.type:error", "my app (beta)", "event.type:error release:\"my app (beta)\"")]
    [InlineData(null, "a\\b", "release:\"a\\\\b\"")]
    public void Search_QuotesReleasesThatNeedIt(string? term, string? release, string query) =>
        SentryQuery.Search(term, release).ShouldBe(query);

    [Fact]
    public void EventsStats_EscapesEveryValueAndKeepsThePathPrefix()
    {
        var options = new SentryOptions
        {
            BaseUrl = new Uri("https://ops.example.com/sentry/"), Organization = "acme", Project = "42",
            Environment = "prod & co", Release = "1.0+b",
        };

        var url = SentryQuery.EventsStats(options, new SentrySpan("5m", null, null), "errors", "error");

        url.GetLeftPart(UriPartial.Path).ShouldBe("https://ops.example.com/sentry/api/0/organizations/acme/events-stats/");
        url.Query.ShouldContain("environment=prod%20%26%20co", Case.Sensitive);
        url.Query.ShouldContain("query=event.type%3Aerror%20release%3A1.0%2Bb", Case.Sensitive);
    }
}
