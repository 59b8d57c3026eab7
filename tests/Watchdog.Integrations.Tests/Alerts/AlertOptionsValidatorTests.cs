using Watchdog.Core.Rules;
using Watchdog.Integrations.Alerts;

namespace Watchdog.Integrations.Tests.Alerts;

public sealed class AlertOptionsValidatorTests
{
    private readonly AlertOptionsValidator _validator = new();

    [Fact]
    public void Validate_Defaults_Succeed()
    {
        _validator.Validate(null, new AlertMappingOptions()).Succeeded.ShouldBeTrue();
        _validator.Validate(null, new SentryMappingOptions()).Succeeded.ShouldBeTrue();
    }

    [Fact]
    public void Validate_BadAlertmanagerMapping_NamesEachKey()
    {
        var result = _validator.Validate(null, new AlertMappingOptions
        {
            Source = " ",
            ServiceLabels = ["service", ""],
            SeverityMeanings = new() { ["critical"] = (Meaning)42, [""] = Meaning.CoreBroken },
            DefaultMeaning = (Meaning)(-1),
        });

        result.Failed.ShouldBeTrue();
        result.Failures!.Count().ShouldBe(5);
        result.Failures!.ShouldContain(f => f.StartsWith("Source"));
        result.Failures!.ShouldContain(f => f.StartsWith("ServiceLabels"));
        result.Failures!.ShouldContain("SeverityMeanings[critical] must be one of UsersAffected, CoreBroken, ServiceDown, DataAtRisk, Security, Performance (was 42).");
        result.Failures!.ShouldContain(f => f.StartsWith("SeverityMeanings must not map an empty severity"));
        result.Failures!.ShouldContain(f => f.StartsWith("DefaultMeaning"));
    }

    [Fact]
    public void Validate_NullSeverityMap_Fails() =>
        _validator.Validate(null, new AlertMappingOptions { SeverityMeanings = null! }).Failures!.ShouldHaveSingleItem().ShouldStartWith("SeverityMeanings");

    [Fact]
    public void Validate_BadSentryMapping_NamesEachKey()
    {
        var result = _validator.Validate(null, new SentryMappingOptions
        {
            Source = "",
            ProjectServices = { ["bar"] = "" },
            CriticalMeaning = (Meaning)9,
            WarningMeaning = (Meaning)9,
            IssueAlertMeaning = (Meaning)9,
            RuleMeanings = { ["Too many errors"] = (Meaning)9 },
        });

        result.Failures!.Select(f => f.Split(' ')[0]).ShouldBe(
            ["Source", "ProjectServices", "CriticalMeaning", "WarningMeaning", "IssueAlertMeaning", "RuleMeanings[Too"]);
    }

    [Fact]
    public void Validate_WarningsOff_Succeeds() =>
        _validator.Validate(null, new SentryMappingOptions { WarningMeaning = null }).Succeeded.ShouldBeTrue();
}
