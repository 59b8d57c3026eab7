using Microsoft.Extensions.Configuration;
using Watchdog.Configuration;
using Watchdog.Integrations.Configuration;
using Watchdog.Integrations.EnvironmentFlags;
using Watchdog.Integrations.Flagd;
using Watchdog.Integrations.LaunchDarkly;
using Watchdog.Integrations.Unleash;

namespace Watchdog.Tests.Configuration;

/// <summary><c>Services:N:Flags</c>: the environment variables by default, each flag service by its <c>Type</c>, one error per problem naming its key, tokens masked.</summary>
public sealed class FlagsConfigTests
{
    private static (WatchdogSettings? Settings, IReadOnlyList<string> Errors) Load(params (string Key, string Value)[] flags) =>
        LoadService([.. flags.Select(f => ("Flags:" + f.Key, f.Value))]);

    /// <summary>A minimal service with <paramref name="keys"/> set under <c>Watchdog:Services:0</c>.</summary>
    internal static (WatchdogSettings? Settings, IReadOnlyList<string> Errors) LoadService(params (string Key, string Value)[] keys)
    {
        var values = new Dictionary<string, string?>
        {
            ["Watchdog:Services:0:Name"] = "api",
            ["Watchdog:Services:0:Health:Url"] = "http://127.0.0.1:3000/health",
            ["Watchdog:Services:0:Provider:List"] = "a",
            ["Watchdog:Services:0:Provider:Current"] = "b",
            ["Watchdog:Services:0:Provider:Rollback"] = "c",
        };
        foreach (var (k, v) in keys) values[$"Watchdog:Services:0:{k}"] = v;
        var settings = SettingsLoader.Load(new ConfigurationBuilder().AddInMemoryCollection(values).Build(), IntegrationRegistry.BuiltIn, out var errors);
        return (settings, errors);
    }

    [Fact]
    public void NoFlagsSection_IsTheEnvironmentVariables()
    {
        var (settings, errors) = Load();

        errors.ShouldBeEmpty();
        settings!.Services[0].Flags!.Options.ShouldBeOfType<EnvironmentFlagsOptions>();
    }

    [Fact]
    public void LaunchDarkly_ReadWithItsKeys_AndItsTokenIsASecret()
    {
        var (settings, errors) = Load(("Type", "LaunchDarkly"), ("Token", "secret-ld-token"), ("ProjectKey", "shop"), ("EnvironmentKey", "production"));

        errors.ShouldBeEmpty();
        var ld = settings!.Services[0].Flags!.Options.ShouldBeOfType<LaunchDarklyOptions>();
        (ld.ProjectKey, ld.EnvironmentKey, ld.ApiVersion).ShouldBe(("shop", "production", "20240415"));
        settings.Secrets.ShouldContain("secret-ld-token");
    }

    [Fact]
    public void Unleash_TokenFromAFile_IsASecret()
    {
        var file = Path.GetTempFileName();
        File.WriteAllText(file, "secret-unleash-token\n");
        try
        {
            var (settings, errors) = Load(("Type", "Unleash"), ("BaseUrl", "https://unleash.example.com"), ("TokenFile", file), ("Environment", "production"));

            errors.ShouldBeEmpty();
            settings!.Services[0].Flags!.Options.ShouldBeOfType<UnleashOptions>().Token.ShouldBe("secret-unleash-token");
            settings.Secrets.ShouldContain("secret-unleash-token");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Flagd_RelativePath_ResolvesAgainstTheContentRoot()
    {
        var (settings, errors) = Load(("Type", "Flagd"), ("Path", "flags/flags.json"));

        errors.ShouldBeEmpty();
        Path.IsPathFullyQualified(settings!.Services[0].Flags!.Options.ShouldBeOfType<FlagdOptions>().Path!).ShouldBeTrue();
    }

    [Fact]
    public void Invalid_OneErrorPerProblemNamingTheKey()
    {
        var (_, errors) = Load(("Type", "LaunchDarkly"), ("BaseUrl", "http://ld.example.com"), ("ProjectKey", "a/b"));

        errors.ShouldContain(e => e.StartsWith("Watchdog:Services:0:Flags:Token", StringComparison.Ordinal));
        errors.ShouldContain(e => e.StartsWith("Watchdog:Services:0:Flags:BaseUrl", StringComparison.Ordinal) && e.Contains("https", StringComparison.Ordinal));
        errors.ShouldContain(e => e.StartsWith("Watchdog:Services:0:Flags:ProjectKey", StringComparison.Ordinal));
        errors.ShouldContain(e => e.StartsWith("Watchdog:Services:0:Flags:EnvironmentKey", StringComparison.Ordinal));
        errors.Count.ShouldBe(4, string.Join("\n", errors));
    }

    [Fact]
    public void UnknownType_NamesTheTypesThereAre()
    {
        var (_, errors) = Load(("Type", "Flagsmith"), ("Token", "x"));

        errors.ShouldHaveSingleItem().ShouldContain("Flags:Type");
        errors[0].ShouldContain("Environment, LaunchDarkly, Unleash, Flagd");
    }

    [Fact]
    public void UnknownKey_IsReported()
    {
        var (_, errors) = Load(("Type", "Unleash"), ("BaseUrl", "https://u.example.com"), ("Token", "t"), ("Environment", "production"), ("Enviroment", "x"));

        errors.ShouldHaveSingleItem().ShouldContain("Flags:Enviroment");
    }
}
