using Microsoft.Extensions.Configuration;
using Watchdog.Configuration;

namespace Watchdog.Tests.Configuration;

/// <summary><c>Watchdog:Hooks:Vercel</c>, <c>:GitHub</c>, <c>:Railway</c>: read, checked one error per problem naming its key, and their secrets redacted.</summary>
public class DeployHookSettingsTests
{
    private const string Secret = "deploy-hook-secret-0123456789";
    private const string PathToken = "railway-path-token-0123456789abcdefXYZ";

    private static Dictionary<string, string?> Valid(params (string Key, string? Value)[] hooks)
    {
        var values = new Dictionary<string, string?>
        {
            ["Watchdog:Services:0:Name"] = "api",
            ["Watchdog:Services:0:Health:Url"] = "http://127.0.0.1:3000/health",
            ["Watchdog:Services:0:Provider:List"] = "cat deployments",
            ["Watchdog:Services:0:Provider:Current"] = "cat live",
            ["Watchdog:Services:0:Provider:Rollback"] = "deploy {target}",
            ["Watchdog:Services:1:Name"] = "checkout",
            ["Watchdog:Services:1:Health:Url"] = "http://127.0.0.1:3001/health",
            ["Watchdog:Services:1:Provider:Type"] = "Railway",
            ["Watchdog:Services:1:Provider:Token"] = "railway-api-token-0123",
            ["Watchdog:Services:1:Provider:ProjectId"] = "prj-1",
            ["Watchdog:Services:1:Provider:EnvironmentId"] = "env-1",
            ["Watchdog:Services:1:Provider:ServiceId"] = "svc-1",
            ["Watchdog:Services:1:Fallbacks:0:Type"] = "Vercel",
            ["Watchdog:Services:1:Fallbacks:0:Token"] = "vercel-api-token-0123",
            ["Watchdog:Services:1:Fallbacks:0:ProjectId"] = "prj_web",
        };
        foreach (var (k, v) in hooks) values["Watchdog:Hooks:" + k] = v;
        return values;
    }

    private static (WatchdogSettings? Settings, IReadOnlyList<string> Errors) Load(Dictionary<string, string?> values) =>
        (SettingsLoader.Load(new ConfigurationBuilder().AddInMemoryCollection(values).Build(), out var errors), errors);

    [Fact]
    public void EveryHook_IsOff_UnlessItsSectionIsThere()
    {
        var (settings, errors) = Load(Valid());

        errors.ShouldBeEmpty();
        settings!.DeployHooks.ShouldBe(new DeployHookSettings(null, null, null));
    }

    [Fact]
    public void AllThree_AreRead_WithTheirDefaults_AndMapServicesByProviderIdentity()
    {
        var secretFile = Path.GetTempFileName();
        File.WriteAllText(secretFile, Secret + "\n");
        var (settings, errors) = Load(Valid(
            ("Vercel:SecretFile", secretFile),
            ("Vercel:Projects:prj_docs", "api"),
            ("GitHub:Secret", Secret),
            ("GitHub:MaxAge", "10m"),
            ("GitHub:Deployments:0:Repository", "acme/api"),
            ("GitHub:Deployments:0:Service", "api"),
            ("Railway:Token", PathToken)));

        errors.ShouldBeEmpty();
        var hooks = settings!.DeployHooks;
        hooks.Vercel!.Secret.ShouldBe(Secret);
        hooks.Vercel.MaxAge.ShouldBe(TimeSpan.FromHours(1));
        hooks.GitHub!.MaxAge.ShouldBe(TimeSpan.FromMinutes(10));
        hooks.GitHub.Deployments.ShouldBe(new Dictionary<string, string> { ["acme/api@production"] = "api" });
        DeployTargets.Vercel(settings, "prj_docs").ShouldBe("api");
        DeployTargets.Vercel(settings, "PRJ_WEB").ShouldBe("checkout", "the Vercel fallback of checkout names the project");
        DeployTargets.Vercel(settings, "prj_other").ShouldBeNull();
        DeployTargets.GitHub(settings, "ACME/api@production").ShouldBe("api");
        DeployTargets.Railway(settings, "svc-1@env-1")!.Value.Service.ShouldBe("checkout");
        DeployTargets.Railway(settings, "svc-1@env-staging").ShouldBeNull();
        settings.Secrets.ShouldContain(Secret);
        settings.Secrets.ShouldContain(PathToken);
    }

    [Theory]
    [InlineData("Vercel:Projects:prj_x", "web", "Watchdog:Hooks:Vercel:Projects:prj_x: names service 'web', which is not watched")]
    [InlineData("Vercel:Secret", "short", "Watchdog:Hooks:Vercel:Secret: must be at least 16 characters")]
    [InlineData("Vercel:MaxAge", "3d", "Watchdog:Hooks:Vercel:MaxAge")]
    [InlineData("Vercel:Signature", "x", "Watchdog:Hooks:Vercel:Signature")]
    [InlineData("Railway:Token", "too-short", "Watchdog:Hooks:Railway:Token: must be at least 32 characters")]
    [InlineData("Railway:Token", "railway/path/token?0123456789abcdefXYZ", "Watchdog:Hooks:Railway:Token: may hold only letters")]
    public void AProblem_IsOneErrorNamingItsKey(string key, string value, string error)
    {
        var values = Valid((key, value));
        if (!key.EndsWith("Secret", StringComparison.Ordinal) && key.StartsWith("Vercel", StringComparison.Ordinal)) values["Watchdog:Hooks:Vercel:Secret"] = Secret;

        var (settings, errors) = Load(values);

        settings.ShouldBeNull();
        errors.ShouldHaveSingleItem().ShouldStartWith(error);
    }

    [Fact]
    public void AHookWithoutItsSecret_IsAnError()
    {
        var (_, errors) = Load(Valid(("GitHub:Deployments:0:Repository", "acme/api"), ("GitHub:Deployments:0:Service", "api")));

        errors.ShouldHaveSingleItem().ShouldStartWith("Watchdog:Hooks:GitHub:Secret");
    }

    [Fact]
    public void GitHubDeployments_NameARepositoryAndAWatchedService_EachOnce()
    {
        var (_, errors) = Load(Valid(
            ("GitHub:Secret", Secret),
            ("GitHub:Deployments:0:Repository", "api"),
            ("GitHub:Deployments:0:Service", "api"),
            ("GitHub:Deployments:1:Repository", "acme/web"),
            ("GitHub:Deployments:1:Service", "web"),
            ("GitHub:Deployments:2:Repository", "acme/api"),
            ("GitHub:Deployments:2:Environment", "staging"),
            ("GitHub:Deployments:2:Service", "api"),
            ("GitHub:Deployments:3:Repository", "acme/api"),
            ("GitHub:Deployments:3:Environment", "staging"),
            ("GitHub:Deployments:3:Service", "checkout")));

        errors.ShouldBe([
            "Watchdog:Hooks:GitHub:Deployments:0:Repository: must be owner/name (was 'api')",
            "Watchdog:Hooks:GitHub:Deployments:3:Repository: acme/api with environment staging is mapped twice",
            "Watchdog:Hooks:GitHub:Deployments:1:Service: 'web' is not a watched service",
        ], ignoreOrder: true);
    }

    [Fact]
    public void TheRailwayHook_NeedsAServiceWithARailwayProvider()
    {
        var values = Valid(("Railway:Token", PathToken));
        foreach (var key in values.Keys.Where(k => k.StartsWith("Watchdog:Services:1", StringComparison.Ordinal)).ToList()) values.Remove(key);

        var (_, errors) = Load(values);

        errors.ShouldHaveSingleItem().ShouldStartWith("Watchdog:Hooks:Railway: is set, but no service has a Railway provider");
    }
}
