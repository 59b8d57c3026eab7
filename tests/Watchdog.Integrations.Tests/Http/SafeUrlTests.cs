using Watchdog.Integrations.Http;

namespace Watchdog.Integrations.Tests.Http;

public sealed class SafeUrlTests
{
    [Theory]
    [InlineData("https://api.example.com/health?token=abc", "https://api.example.com/health")]
    [InlineData("https://user:pa55@api.example.com:8443/v1/x#frag", "https://api.example.com:8443/v1/x")]
    [InlineData("http://10.0.0.1/", "http://10.0.0.1/")]
    public void Display_KeepsSchemeHostPortAndPathOnly(string url, string shown) =>
        SafeUrl.Display(new Uri(url)).ShouldBe(shown);

    [Fact]
    public void Path_OfRelativeUrl_DropsQuery() =>
        SafeUrl.Path(new Uri("api/x?key=1", UriKind.Relative)).ShouldBe("api/x");
}

public sealed class ResilienceOptionsValidatorTests
{
    [Fact]
    public void Problems_Defaults_None() =>
        ResilienceOptionsValidator.Problems(new ResilienceOptions()).ShouldBeEmpty();

    [Fact]
    public void Problems_ZeroRetries_Allowed() =>
        ResilienceOptionsValidator.Problems(new ResilienceOptions { MaxRetries = 0 }).ShouldBeEmpty();

    [Fact]
    public void Problems_ValuesPollyWouldReject_AreNamed() =>
        ResilienceOptionsValidator.Problems(new ResilienceOptions { MinimumThroughput = 1, BreakDuration = TimeSpan.FromMilliseconds(10), FailureRatio = 0 })
            .Select(p => p.Split(' ')[0]).ShouldBe(["FailureRatio", "MinimumThroughput", "BreakDuration"]);
}
