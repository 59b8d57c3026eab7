using Watchdog.Core.Signals;
using Watchdog.Integrations.Prometheus;

namespace Watchdog.Integrations.Tests.Prometheus;

public sealed class PrometheusOptionsValidatorTests
{
    private readonly PrometheusOptionsValidator _validator = new();

    [Fact]
    public void Validate_DefaultsWithBaseUrl_Succeed() =>
        _validator.Validate(null, new PrometheusOptions { BaseUrl = new Uri("https://mon.example.com/prometheus") }).Succeeded.ShouldBeTrue();

    [Fact]
    public void Validate_BadValues_NameEachKey()
    {
        var result = _validator.Validate(null, new PrometheusOptions
        {
            BaseUrl = new Uri("/prometheus", UriKind.Relative),
            Name = " ",
            Timeout = TimeSpan.Zero,
            MaxBodyBytes = 10,
            Token = "t",
            Username = "u",
            Queries = new() { [Signal.ErrorRate] = """rate(x{service={service}}[5m])""" },
            SamplesQuery = """sum(x{service="{svc}"})""",
        });

        result.Failed.ShouldBeTrue();
        foreach (var key in new[] { "BaseUrl", "Name", "Timeout", "MaxBodyBytes", "Token", "Queries:ErrorRate", "SamplesQuery" })
            result.Failures!.ShouldContain(f => f.StartsWith(key + " "), key);
    }

    [Theory]
    [InlineData("http://p:9090/?tenant=a", "query string")]
    [InlineData("http://admin:pw@p:9090/", "Username and Password")]
    [InlineData("ftp://p/", "http(s)")]
    public void Validate_BaseUrlWithQueryCredentialsOrOtherScheme_Fails(string url, string expected) =>
        _validator.Validate(null, new PrometheusOptions { BaseUrl = new Uri(url) }).Failures!.ShouldHaveSingleItem().ShouldContain(expected);

    [Fact]
    public void Validate_PasswordWithoutUsername_Fails() =>
        _validator.Validate(null, new PrometheusOptions { BaseUrl = new Uri("http://p/"), Password = "x" }).Failures!.ShouldHaveSingleItem().ShouldStartWith("Username");

    [Fact]
    public void Validate_EveryQueryTurnedOff_Fails() =>
        _validator.Validate(null, new PrometheusOptions { BaseUrl = new Uri("http://p/"), Queries = new() { [Signal.ErrorRate] = "" } })
            .Failures!.ShouldHaveSingleItem().ShouldStartWith("Queries");
}
