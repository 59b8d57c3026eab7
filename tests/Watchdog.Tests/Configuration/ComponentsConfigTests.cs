using Microsoft.Extensions.Configuration;
using Watchdog.Configuration;
using Watchdog.Integrations.Configuration;
using Watchdog.Integrations.Vercel;

namespace Watchdog.Tests.Configuration;

/// <summary><c>Services:N:Components</c>: parts with a provider each, the first the primary; one error per problem naming its key.</summary>
public sealed class ComponentsConfigTests
{
    private static (WatchdogSettings? Settings, IReadOnlyList<string> Errors) Load(Dictionary<string, string?> extra)
    {
        var values = new Dictionary<string, string?>
        {
            ["Watchdog:Services:0:Name"] = "shop",
            ["Watchdog:Services:0:Health:Url"] = "http://127.0.0.1:3000/health",
        };
        foreach (var (k, v) in extra) values[$"Watchdog:Services:0:{k}"] = v;
        var settings = SettingsLoader.Load(new ConfigurationBuilder().AddInMemoryCollection(values).Build(), IntegrationRegistry.BuiltIn, out var errors);
        return (settings, errors);
    }

    private static Dictionary<string, string?> ApiAndWeb() => new()
    {
        ["Components:0:Name"] = "api",
        ["Components:0:Provider:List"] = "a",
        ["Components:0:Provider:Current"] = "b",
        ["Components:0:Provider:Rollback"] = "c",
        ["Components:0:Fallbacks:0:Name"] = "git",
        ["Components:0:Fallbacks:0:List"] = "a",
        ["Components:0:Fallbacks:0:Current"] = "b",
        ["Components:0:Fallbacks:0:Rollback"] = "c",
        ["Components:1:Name"] = "web",
        ["Components:1:Provider:Type"] = "Vercel",
        ["Components:1:Provider:Token"] = "vercel-token-0123456789",
        ["Components:1:Provider:ProjectId"] = "prj_web",
    };

    [Fact]
    public void TwoComponents_TheFirstIsThePrimary_EachWithItsOwnProviderAndFallbacks()
    {
        var (settings, errors) = Load(ApiAndWeb());

        errors.ShouldBeEmpty();
        var s = settings!.Services[0];
        s.Components.Select(c => c.Name).ShouldBe(["api", "web"]);
        s.Provider.ShouldBeSameAs(s.Components[0].Provider);
        s.Fallbacks.Single().Name.ShouldBe("git");
        s.Components[1].Provider.Options.ShouldBeOfType<VercelOptions>().ProjectId.ShouldBe("prj_web");
        s.RollbackSteps.ShouldBe([("rollback", "command"), ("rollback:git", "git"), ("rollback@web", "vercel")]);
        settings.Secrets.ShouldContain("vercel-token-0123456789");
    }

    [Fact]
    public void ComponentsAndAProviderOfTheServiceItself_IsAnErrorNamingTheKey()
    {
        var values = ApiAndWeb();
        values["Provider:List"] = "a";

        var (_, errors) = Load(values);

        errors.ShouldContain(e => e.StartsWith("Watchdog:Services:0:Provider:", StringComparison.Ordinal) && e.Contains("has no provider of its own"));
    }

    [Fact]
    public void AComponentWithoutNameOrProvider_AndTwoOfOneName_AreErrorsNamingTheirKeys()
    {
        var values = ApiAndWeb();
        values["Components:1:Name"] = "api";
        values["Components:2:Provider:List"] = "a";
        values["Components:3:Name"] = "worker";

        var (_, errors) = Load(values);

        errors.ShouldContain(e => e.StartsWith("Watchdog:Services:0:Components:", StringComparison.Ordinal) && e.Contains("component name 'api' is used 2 times"));
        errors.ShouldContain(e => e.StartsWith("Watchdog:Services:0:Components:2:Name:", StringComparison.Ordinal));
        errors.ShouldContain(e => e.StartsWith("Watchdog:Services:0:Components:3:Provider:", StringComparison.Ordinal) && e.Contains("is required"));
    }
}
