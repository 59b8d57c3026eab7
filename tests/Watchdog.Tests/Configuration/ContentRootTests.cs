using System.Text.Json;
using Watchdog.Hosting;
using Watchdog.Integrations.Commands;
using Watchdog.Integrations.Kubernetes;
using Watchdog.Tests.Support;

namespace Watchdog.Tests.Configuration;

/// <summary>
/// Configuration is found where .NET users look for it: appsettings.json in the content root (--contentRoot, else
/// DOTNET_CONTENTROOT, else the current directory), every relative path resolved against that root, and --config
/// replacing appsettings.json rather than merging with it.
/// </summary>
public sealed class ContentRootTests : IDisposable
{
    private const string ApiToken = "content-root-token-0123456789";

    /// <summary>The content root: two services (the file beside the binary has one), relative paths everywhere.</summary>
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("watchdog-content-root-");

    /// <summary>Where Watchdog is started from; its appsettings.json is invalid, so reading it would show.</summary>
    private readonly DirectoryInfo _elsewhere = Directory.CreateTempSubdirectory("watchdog-cwd-");

    public ContentRootTests()
    {
        Directory.CreateDirectory(Path.Combine(_root.FullName, "secrets"));
        Directory.CreateDirectory(Path.Combine(_root.FullName, "app"));
        File.WriteAllText(Path.Combine(_root.FullName, "secrets", "api-token"), ApiToken + "\n");
        File.WriteAllText(Path.Combine(_root.FullName, "appsettings.json"), Config(services: 2, tokenFile: "secrets/api-token"));
        File.WriteAllText(Path.Combine(_elsewhere.FullName, "appsettings.json"), """{ "Watchdog": { "NotAKey": 1 } }""");
    }

    public void Dispose()
    {
        _root.Delete(recursive: true);
        _elsewhere.Delete(recursive: true);
    }

    private static string Config(int services, string? tokenFile) => JsonSerializer.Serialize(new
    {
        Watchdog = new
        {
            Mode = "DryRun",
            DataDirectory = "journal",
            Api = tokenFile is null ? null : new { TokenFile = tokenFile },
            Services = Enumerable.Range(0, services).Select(i => new
            {
                Name = $"svc{i}",
                Health = new { Url = "http://127.0.0.1:9/health" },
                Provider = new { WorkingDirectory = "app", List = "echo v1", Current = "echo v1", Rollback = "true" },
            }),
        },
    });

    [Fact]
    public async Task CheckConfig_ContentRootOption_ReadsItsAppSettingsAndItsRelativeFiles()
    {
        var (exit, output) = await WatchdogProcess.RunToExitAsync(_elsewhere.FullName, "check-config", "--contentRoot", _root.FullName);

        exit.ShouldBe(0, output);
        output.ShouldContain("Configuration is valid: 2 service(s), mode DryRun.");
    }

    [Fact]
    public async Task CheckConfig_DotnetContentRoot_ReadsItsAppSettingsAndItsRelativeFiles()
    {
        var (exit, output) = await WatchdogProcess.RunToExitAsync(_elsewhere.FullName, new Dictionary<string, string> { ["DOTNET_CONTENTROOT"] = _root.FullName }, "check-config");

        exit.ShouldBe(0, output);
        output.ShouldContain("Configuration is valid: 2 service(s), mode DryRun.");
    }

    [Fact]
    public async Task CheckConfig_ByDefault_ReadsTheCurrentDirectory()
    {
        var (exit, output) = await WatchdogProcess.RunToExitAsync(_root.FullName, "check-config");

        exit.ShouldBe(0, output);
        output.ShouldContain("Configuration is valid: 2 service(s), mode DryRun.");
    }

    [Fact]
    public async Task CheckConfig_MissingContentRoot_Exits2NamingWhereItCameFrom()
    {
        var missing = Path.Combine(_root.FullName, "nope");

        var (exit, output) = await WatchdogProcess.RunToExitAsync(_elsewhere.FullName, new Dictionary<string, string> { ["DOTNET_CONTENTROOT"] = missing }, "check-config");

        exit.ShouldBe(2);
        output.ShouldContain($"DOTNET_CONTENTROOT: directory '{missing}' does not exist");
    }

    [Fact]
    public async Task Run_RelativeDataDirectory_LandsUnderTheContentRootNotTheWorkingDirectory()
    {
        await using var watchdog = WatchdogProcess.Start(_elsewhere.FullName, "run", "--contentRoot", _root.FullName);

        (await watchdog.WaitUntilReadyAsync()).ShouldBeTrue(watchdog.Output);
        File.Exists(Path.Combine(_root.FullName, "journal", "watchdog.db")).ShouldBeTrue(watchdog.Output);
        Directory.Exists(Path.Combine(_elsewhere.FullName, "journal")).ShouldBeFalse();
    }

    [Fact]
    public void Load_EveryRelativePath_ResolvesAgainstTheContentRoot()
    {
        var settings = WatchdogApp.LoadSettings([], new ConfigLocation(ContentRoot: _root.FullName), out var errors);

        errors.ShouldBeEmpty();
        settings.ShouldNotBeNull();
        settings.DataDirectory.ShouldBe(Path.Combine(_root.FullName, "journal"));
        settings.ApiToken.ShouldBe(ApiToken);
        settings.Services.ShouldAllBe(s => ((CommandProviderOptions)s.Provider.Options).WorkingDirectory == Path.Combine(_root.FullName, "app"));
    }

    [Fact]
    public void ConfigFile_ReplacesTheContentRootsAppSettings_WithOverridesOnTop()
    {
        var file = Path.Combine(_elsewhere.FullName, "f.json");
        File.WriteAllText(file, Config(services: 1, tokenFile: null));

        var replaced = WatchdogApp.LoadSettings(["--Watchdog:Mode", "Auto"], new ConfigLocation(file, _root.FullName), out var errors);

        errors.ShouldBeEmpty();
        replaced.ShouldNotBeNull();
        replaced.Services.Count.ShouldBe(1);
        replaced.ApiToken.ShouldBeNull(); // set only in the content root's appsettings.json
        replaced.Mode.ShouldBe(Core.Incidents.Mode.Auto);
        replaced.DataDirectory.ShouldBe(Path.Combine(_root.FullName, "journal")); // the file's relative paths: still the content root
    }

    [Fact]
    public void ConfigFile_RelativePaths_ResolveAgainstTheContentRootNotTheFilesDirectory()
    {
        var k8s = Directory.CreateDirectory(Path.Combine(_root.FullName, "k8s")).FullName;
        foreach (var name in (string[])["token", "ca.crt", "namespace"]) File.WriteAllText(Path.Combine(k8s, name), "x");
        var file = Path.Combine(_elsewhere.FullName, "f.json");
        File.WriteAllText(file, JsonSerializer.Serialize(new
        {
            Watchdog = new
            {
                Services = new[]
                {
                    new
                    {
                        Name = "api",
                        Health = new { Url = "http://127.0.0.1:9/health" },
                        Provider = new { Type = "Kubernetes", ApiUrl = "https://127.0.0.1:1", TokenFile = "k8s/token", CaFile = "k8s/ca.crt", NamespaceFile = "k8s/namespace", Deployment = "api" },
                    },
                },
            },
        }));

        var settings = WatchdogApp.LoadSettings([], new ConfigLocation(file, _root.FullName), out var errors);

        errors.ShouldBeEmpty();
        var options = (KubernetesOptions)settings.ShouldNotBeNull().Services.Single().Provider.Options;
        options.TokenFile.ShouldBe(Path.Combine(k8s, "token"));
        options.CaFile.ShouldBe(Path.Combine(k8s, "ca.crt"));
        options.NamespaceFile.ShouldBe(Path.Combine(k8s, "namespace"));
    }
}
