using Microsoft.Extensions.Configuration;
using Watchdog.Configuration;

namespace Watchdog.Tests.Configuration;

/// <summary>check-config catches what cannot work: a mode nobody hears of, a missing directory, a crash-free window too short.</summary>
public class ReachCheckTests
{
    private static Dictionary<string, string?> Valid(string mode) => new()
    {
        ["Watchdog:Mode"] = mode,
        ["Watchdog:Services:0:Name"] = "api",
        ["Watchdog:Services:0:Health:Url"] = "http://127.0.0.1:3000/health",
        ["Watchdog:Services:0:Provider:List"] = "cat deployments",
        ["Watchdog:Services:0:Provider:Current"] = "cat live",
        ["Watchdog:Services:0:Provider:Rollback"] = "deploy {target}",
    };

    private static Dictionary<string, string?> With(Dictionary<string, string?> values, params (string Key, string? Value)[] more)
    {
        foreach (var (k, v) in more) values[k] = v;
        return values;
    }

    private static readonly (string, string?)[] Webhook =
    [
        ("Watchdog:Notifications:Webhooks:0:Url", "https://hooks.example.com/watchdog"),
        ("Watchdog:Notifications:Webhooks:0:Secret", "0123456789abcdef0123456789abcdef"),
    ];

    private static readonly (string, string?)[] Statuspage =
    [
        ("Watchdog:Notifications:Statuspage:0:ApiKey", "sp-key-0123456789"),
        ("Watchdog:Notifications:Statuspage:0:PageId", "page1"),
    ];

    private static (WatchdogSettings? Settings, IReadOnlyList<string> Errors) Load(Dictionary<string, string?> values)
    {
        var settings = SettingsLoader.Load(new ConfigurationBuilder().AddInMemoryCollection(values).Build(), out var errors);
        return (settings, errors);
    }

    [Fact]
    public void Approve_NoChannel_IsAnErrorNamingTheModeKey()
    {
        var (settings, errors) = Load(Valid("Approve"));

        settings.ShouldBeNull();
        errors.ShouldHaveSingleItem().ShouldStartWith("Watchdog:Mode: Approve waits for a person, but no channel reaches one");
    }

    [Fact]
    public void Approve_OnlyAPublicStatusPage_IsStillAnError()
    {
        var (_, errors) = Load(With(Valid("Approve"), Statuspage));

        errors.ShouldHaveSingleItem().ShouldContain("Statuspage is public");
    }

    [Fact]
    public void Approve_TheOnlyChannelFiltersApprovalsOut_IsAnError()
    {
        var (_, errors) = Load(With(Valid("Approve"), [.. Webhook, ("Watchdog:Notifications:Webhooks:0:Events:0", "Escalation")]));

        errors.ShouldHaveSingleItem().ShouldContain("ApprovalNeeded among its Events");
    }

    [Fact]
    public void Approve_AChannelThatAsks_IsValidWithNoWarning()
    {
        var (settings, errors) = Load(With(Valid("Approve"), Webhook));

        errors.ShouldBeEmpty();
        settings.ShouldNotBeNull().Warnings.ShouldBeEmpty();
    }

    [Fact]
    public void Approve_SetOnOneServiceOnly_TheErrorNamesThatServicesKey()
    {
        var values = With(Valid("Auto"), Webhook);
        values.Remove("Watchdog:Notifications:Webhooks:0:Url");
        values.Remove("Watchdog:Notifications:Webhooks:0:Secret");
        values["Watchdog:Services:0:Mode"] = "Approve";

        var (_, errors) = Load(values);

        errors.ShouldHaveSingleItem().ShouldStartWith("Watchdog:Services:0:Mode: Approve waits for a person");
    }

    [Fact]
    public void Auto_NoChannel_IsValidButWarned()
    {
        var (settings, errors) = Load(Valid("Auto"));

        errors.ShouldBeEmpty();
        settings.ShouldNotBeNull().Warnings.ShouldHaveSingleItem().ShouldStartWith("Watchdog:Mode: Auto rolls back without asking, and no notification channel");
    }

    [Fact]
    public void DryRun_NoChannel_NeitherErrorNorWarning()
    {
        var (settings, errors) = Load(Valid("DryRun"));

        errors.ShouldBeEmpty();
        settings.ShouldNotBeNull().Warnings.ShouldBeEmpty();
    }

    [Fact]
    public void CommandProvider_WorkingDirectoryMissing_IsAnErrorNamingTheKey()
    {
        var missing = Path.Combine(Path.GetTempPath(), "watchdog-no-such-dir-" + Guid.NewGuid().ToString("N"));

        var (_, errors) = Load(With(Valid("DryRun"), ("Watchdog:Services:0:Provider:WorkingDirectory", missing)));

        errors.ShouldHaveSingleItem().ShouldBe($"Watchdog:Services:0:Provider:WorkingDirectory: '{missing}' does not exist: no command could start there");
    }

    private static (string, string?)[] SentryWithCrashFreeRule(string window) =>
    [
        ("Watchdog:Services:0:Sentry:Organization", "acme"),
        ("Watchdog:Services:0:Sentry:Project", "42"),
        ("Watchdog:Services:0:Sentry:Token", "sntrys_0123456789"),
        ("Watchdog:Services:0:Sentry:Window", window),
        ("Watchdog:Services:0:Rules:0:Name", "crash-free"),
        ("Watchdog:Services:0:Rules:0:Signal", "CrashFreeRate"),
        ("Watchdog:Services:0:Rules:0:Comparison", "Below"),
        ("Watchdog:Services:0:Rules:0:Threshold", "0.99"),
        ("Watchdog:Services:0:Rules:0:For", "5m"),
    ];

    [Fact]
    public void CrashFreeRule_SentryWindowUnderAnHour_IsAnErrorOnTheWindowKey()
    {
        var (_, errors) = Load(With(Valid("DryRun"), SentryWithCrashFreeRule("30m")));

        errors.ShouldHaveSingleItem().ShouldStartWith("Watchdog:Services:0:Sentry:Window: is 30m, but rule 'crash-free' judges the crash-free rate");
    }

    [Fact]
    public void CrashFreeRule_SentryWindowOfAnHour_IsValid()
    {
        var (_, errors) = Load(With(Valid("DryRun"), SentryWithCrashFreeRule("1h")));

        errors.ShouldBeEmpty();
    }
}
