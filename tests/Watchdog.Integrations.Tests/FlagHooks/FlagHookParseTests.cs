using System.Text;
using Watchdog.Integrations.FlagHooks;

namespace Watchdog.Integrations.Tests.FlagHooks;

/// <summary>LaunchDarkly's change-history entries and Unleash's events as flag changes: state, routing, the signature, refusals.</summary>
public sealed class FlagHookParseTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 3, 16, 0, 0, TimeSpan.Zero);

    private static IReadOnlyList<string> Shop(string project, string environment) => project == "shop" && environment == "production" ? ["api", "web"] : [];

    private static byte[] Ld(string action, string resource, string? current = null) => Encoding.UTF8.GetBytes($$"""
        {"_id":"e1","date":{{At.ToUnixTimeMilliseconds()}},"kind":"flag","accesses":[{"action":"{{action}}","resource":"{{resource}}"}]{{(current is null ? "" : ",\"currentVersion\":" + current)}}}
        """);

    [Theory]
    [InlineData("true", true)]
    [InlineData("false", false)]
    public void LaunchDarkly_UpdateOn_IsTurnedOnOrOffAsTheCurrentVersionSays_ForEveryServiceOnThatProjectAndEnvironment(string on, bool expected)
    {
        var parsed = LaunchDarklyFlagHook.Parse(Ld("updateOn", "proj/shop:env/production:flag/new-checkout", "{\"environments\":{\"production\":{\"on\":" + on + "}}}"), Shop);

        parsed.Changes.Select(c => (c.Service, c.Flag, c.TurnedOn, c.At, c.Key)).ShouldBe([("api", "new-checkout", (bool?)expected, At, "e1"), ("web", "new-checkout", expected, At, "e1")]);
    }

    [Fact]
    public void LaunchDarkly_OtherChanges_AreChangesNotToggles_AndOtherResourcesOrProjectsAreIgnored()
    {
        LaunchDarklyFlagHook.Parse(Ld("updateRules", "proj/shop:env/production:flag/new-checkout"), Shop).Changes[0].TurnedOn.ShouldBeNull();
        LaunchDarklyFlagHook.Parse(Ld("updateName", "proj/shop:env/production"), Shop).Ignored.ShouldBe("the entry changed no flag in an environment");
        LaunchDarklyFlagHook.Parse(Ld("updateOn", "proj/other:env/production:flag/x"), Shop).Ignored!.ShouldContain("'other/production'");
        LaunchDarklyFlagHook.Parse("""{"_id":"e1","date":"yesterday","accesses":[]}"""u8, Shop).Rejection!.ShouldContain("date");
    }

    [Fact]
    public void LaunchDarkly_Signature_IsHexHmacSha256OfTheBody()
    {
        var body = Ld("updateOn", "proj/shop:env/production:flag/f");
        var signature = LaunchDarklyFlagHook.Sign("secret-0123456789abcdef", body);

        signature.ShouldMatch("^[0-9a-f]{64}$");
        LaunchDarklyFlagHook.Verify("secret-0123456789abcdef", signature, body).ShouldBeTrue();
        LaunchDarklyFlagHook.Verify("another-0123456789abcdef", signature, body).ShouldBeFalse();
        LaunchDarklyFlagHook.Verify("secret-0123456789abcdef", null, body).ShouldBeFalse();
    }

    private static byte[] Unleash(string type) => Encoding.UTF8.GetBytes($$"""
        {"id":77,"type":"{{type}}","createdAt":"2026-12-03T16:00:00.000Z","featureName":"new-checkout","project":"shop","environment":"production"}
        """);

    [Fact]
    public void Unleash_EnabledDisabledAndStrategyChanges_AreTaken_OtherEventsIgnored()
    {
        UnleashFlagHook.Parse(Unleash("feature-environment-enabled"), Shop).Changes[0].TurnedOn.ShouldBe(true);
        UnleashFlagHook.Parse(Unleash("feature-environment-disabled"), Shop).Changes[0].TurnedOn.ShouldBe(false);
        var strategy = UnleashFlagHook.Parse(Unleash("feature-strategy-update"), Shop).Changes[0];
        (strategy.TurnedOn, strategy.Key, strategy.At).ShouldBe((null, "77", At));
        UnleashFlagHook.Parse(Unleash("feature-tagged"), Shop).Changes.ShouldBeEmpty();
        UnleashFlagHook.VerifyAuthorization("token-0123456789abcdef", " token-0123456789abcdef ").ShouldBeTrue();
        UnleashFlagHook.VerifyAuthorization("token-0123456789abcdef", "token-0123456789abcdeX").ShouldBeFalse();
    }
}
