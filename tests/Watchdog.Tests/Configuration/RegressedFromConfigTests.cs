using Microsoft.Extensions.Configuration;
using Watchdog.Configuration;
using Watchdog.Core.Rules;
using Watchdog.Integrations.Configuration;

namespace Watchdog.Tests.Configuration;

/// <summary>A <c>Comparison: RegressedFrom</c> rule's keys: parsed into its judge, one error per problem naming the key.</summary>
public sealed class RegressedFromConfigTests
{
    private const string At = "Watchdog:Services:0:Rules:0:";

    private static (WatchdogSettings? Settings, IReadOnlyList<string> Errors) Load(params (string Key, string Value)[] rule)
    {
        var values = new Dictionary<string, string?>
        {
            ["Watchdog:Services:0:Name"] = "shop",
            ["Watchdog:Services:0:Health:Url"] = "http://127.0.0.1:3000/health",
            ["Watchdog:Services:0:Provider:List"] = "a",
            ["Watchdog:Services:0:Provider:Current"] = "b",
            ["Watchdog:Services:0:Provider:Rollback"] = "c",
            [At + "Name"] = "slower",
        };
        foreach (var (k, v) in rule) values[At + k] = v;
        var settings = SettingsLoader.Load(new ConfigurationBuilder().AddInMemoryCollection(values).Build(), IntegrationRegistry.BuiltIn, out var errors);
        return (settings, errors);
    }

    [Fact]
    public void Load_RegressedFrom_ReadsTheJudgeAndFiresAtTheLookByDefault()
    {
        var (settings, errors) = Load(("Signal", "LatencyP95"), ("Comparison", "RegressedFrom"), ("Confidence", "0.99"),
            ("MinEffect", "0.05"), ("MinReadings", "30"), ("MaxLooks", "4"));

        errors.ShouldBeEmpty();
        var rule = settings!.Services[0].Rules.ShouldHaveSingleItem();
        rule.Comparison.ShouldBe(Comparison.RegressedFrom);
        rule.Judge.ShouldBe(new JudgeSettings { Confidence = 0.99, MinEffect = 0.05, MinReadings = 30, MaxLooks = 4 });
        rule.For.ShouldBe(TimeSpan.Zero);
    }

    [Fact]
    public void Load_RegressedFromWithoutItsKeys_TakesTheDefaults()
    {
        var (settings, errors) = Load(("Signal", "ErrorRate"), ("Comparison", "RegressedFrom"));

        errors.ShouldBeEmpty();
        settings!.Services[0].Rules[0].Judge.ShouldBe(new JudgeSettings());
    }

    [Fact]
    public void Load_BadJudgeKeys_OneErrorEachNamingTheKey()
    {
        var (_, errors) = Load(("Signal", "Availability"), ("Comparison", "RegressedFrom"), ("Threshold", "0.1"),
            ("Confidence", "1"), ("MinReadings", "10"), ("MaxLooks", "0"), ("MinEffect", "-1"));

        errors.ShouldBe([
            At + "Threshold: has no meaning with RegressedFrom: the smallest regression is MinEffect",
            At + "Confidence: 1 is out of range (0.5 to 0.9999)",
            At + "MinEffect: -1 is out of range (0 to 1)",
            At + "MinReadings: 10 is out of range (20 to 10000)",
            At + "MaxLooks: 0 is out of range (1 to 100)",
            At + "Signal: RegressedFrom judges LatencyP95 or ErrorRate, not Availability",
        ], ignoreOrder: true);
    }

    [Fact]
    public void Load_JudgeKeysOnAThresholdRule_AreErrors()
    {
        var (_, errors) = Load(("Signal", "ErrorRate"), ("Threshold", "0.1"), ("Confidence", "0.95"));

        errors.ShouldBe([At + "Confidence: applies to Comparison: RegressedFrom only"]);
    }
}
