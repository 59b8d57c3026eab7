using Watchdog.Integrations.Health;

namespace Watchdog.Integrations.Tests.Health;

public sealed class HealthOptionsValidatorTests
{
    private readonly HealthOptionsValidator _validator = new();

    [Fact]
    public void Validate_DefaultsWithUrl_Succeed()
    {
        _validator.Validate(null, new HealthOptions { Url = new Uri("https://api.example.com/health") }).Succeeded.ShouldBeTrue();
        _validator.Validate(null, new VerificationOptions()).Succeeded.ShouldBeTrue();
        _validator.Validate(null, new HttpCheckOptions { Name = "smoke", Url = new Uri("https://api.example.com/") }).Succeeded.ShouldBeTrue();
    }

    [Fact]
    public void Validate_BadValues_NameEachKey()
    {
        var result = _validator.Validate(null, new HealthOptions { Url = new Uri("/health", UriKind.Relative), Timeout = TimeSpan.Zero, HealthyStatuses = [] });

        result.Failed.ShouldBeTrue();
        result.Failures!.ShouldContain(f => f.StartsWith("Url"));
        result.Failures!.ShouldContain(f => f.StartsWith("Timeout"));
        result.Failures!.ShouldContain(f => f.StartsWith("HealthyStatuses"));
    }

    [Fact]
    public void Validate_ErrorRateAboveOne_Fails() =>
        _validator.Validate(null, new VerificationOptions { MaxErrorRate = 5 }).Failures!.ShouldHaveSingleItem().ShouldStartWith("MaxErrorRate");

    [Fact]
    public void EffectiveCapacity_DefaultsToTwiceTheProbesInTheWindowPlusSlack() =>
        new HealthOptions { Window = TimeSpan.FromMinutes(5), Interval = TimeSpan.FromSeconds(10) }.EffectiveCapacity.ShouldBe(68);
}
