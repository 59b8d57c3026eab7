using Microsoft.Extensions.Configuration;
using Watchdog.Configuration;

namespace Watchdog.Tests.Configuration;

/// <summary><c>Watchdog:Hooks:LaunchDarkly</c>, <c>:Unleash</c>: read with their defaults, checked one error per problem naming its key, secrets redacted, routed by project and environment.</summary>
public sealed class FlagHookSettingsTests
{
    private const string Secret = "flag-hook-secret-0123456789";

    private static Dictionary<string, string?> Values(string? flagsType, params (string Key, string? Value)[] hooks)
    {
        var values = new Dictionary<string, string?>
        {
            ["Watchdog:Services:0:Name"] = "api",
            ["Watchdog:Services:0:Health:Url"] = "http://127.0.0.1:3000/health",
            ["Watchdog:Services:0:Provider:List"] = "cat deployments",
            ["Watchdog:Services:0:Provider:Current"] = "cat live",
            ["Watchdog:Services:0:Provider:Rollback"] = "deploy {target}",
        };
        if (flagsType is not null)
        {
            values["Watchdog:Services:0:Flags:Type"] = flagsType;
            values["Watchdog:Services:0:Flags:Token"] = "flag-api-token-0123456789";
            values["Watchdog:Services:0:Flags:BaseUrl"] = "https://flags.example.com";
            if (flagsType == "LaunchDarkly")
            {
                values["Watchdog:Services:0:Flags:ProjectKey"] = "shop";
                values["Watchdog:Services:0:Flags:EnvironmentKey"] = "production";
            }
            else
            {
                values["Watchdog:Services:0:Flags:Environment"] = "production";
            }
        }

        foreach (var (k, v) in hooks) values["Watchdog:Hooks:" + k] = v;
        return values;
    }

    private static (WatchdogSettings? Settings, IReadOnlyList<string> Errors) Load(Dictionary<string, string?> values) =>
        (SettingsLoader.Load(new ConfigurationBuilder().AddInMemoryCollection(values).Build(), out var errors), errors);

    [Fact]
    public void Both_AreOffUnlessTheirSectionIsThere_AndReadWithAnHourForMaxAge()
    {
        Load(Values("LaunchDarkly")).Settings!.FlagHooks.ShouldBe(new FlagHookSettings(null, null));

        var (settings, errors) = Load(Values("LaunchDarkly", ("LaunchDarkly:Secret", Secret)));

        errors.ShouldBeEmpty();
        settings!.FlagHooks.LaunchDarkly.ShouldBe(new FlagHookSecret(Secret, TimeSpan.FromHours(1)));
        settings.Secrets.ShouldContain(Secret);
        FlagTargets.LaunchDarkly(settings, "shop", "production").ShouldBe(["api"]);
        FlagTargets.LaunchDarkly(settings, "shop", "staging").ShouldBeEmpty();
    }

    [Fact]
    public void AShortSecret_OrAHookNoServiceUses_IsOneErrorNamingItsKey()
    {
        Load(Values("Unleash", ("Unleash:Token", "short"))).Errors.ShouldHaveSingleItem().ShouldContain("Hooks:Unleash:Token");
        Load(Values(null, ("LaunchDarkly:Secret", Secret))).Errors.ShouldHaveSingleItem().ShouldContain("Hooks:LaunchDarkly");
        Load(Values("LaunchDarkly", ("Unleash:Token", Secret))).Errors.ShouldHaveSingleItem().ShouldContain("no service has Unleash flags");
    }
}
