using Microsoft.Extensions.Configuration;
using Watchdog.Configuration;
using Watchdog.Tests.Support;

namespace Watchdog.Tests.Configuration;

/// <summary>Every configuration the repository ships passes Watchdog's own validator and starts.</summary>
public sealed class ShippedConfigTests
{
    public static TheoryData<string> ShippedFiles => new()
    {
        "appsettings.json",
        "deploy/compose/appsettings.json",
        "deploy/compose/ha/appsettings.json",
        "deploy/examples/railway-vercel.json",
        KubernetesConfigMapFile("deploy/kubernetes"),
        KubernetesConfigMapFile("deploy/kubernetes/ha"),
    };

    // kustomization.yaml's configMapGenerator builds the ConfigMap from this file; the test reads
    // the name from there, so a ConfigMap pointed at another file is checked instead.
    private static string KubernetesConfigMapFile(string dir)
    {
        var yaml = File.ReadAllLines(Path.Combine(RepoRoot, dir, "kustomization.yaml"));
        var files = Array.FindIndex(yaml, l => l.Trim() == "files:");
        var name = yaml[files + 1].Trim().TrimStart('-').Trim();
        return Path.Combine(dir, name);
    }

    [Theory]
    [MemberData(nameof(ShippedFiles))]
    public async Task CheckConfig_ShippedFile_IsValid(string file)
    {
        var secrets = Directory.CreateTempSubdirectory("watchdog-secrets-");
        try
        {
            string[] args = ["check-config", "--config", Path.Combine(RepoRoot, file), .. MountedSecrets(Path.Combine(RepoRoot, file), secrets)];
            var (exit, output) = await WatchdogProcess.RunToExitAsync(RepoRoot, args);

            output.ShouldContain("Configuration is valid");
            exit.ShouldBe(0);
        }
        finally
        {
            secrets.Delete(true);
        }
    }

    /// <summary>
    /// The deploy files name secrets the platform mounts (<c>WebhookUrlFile: /run/secrets/…</c>, a PostgreSQL <c>ConnectionStringFile</c>);
    /// each becomes a temporary file and a command-line override, as the mount would provide.
    /// </summary>
    private static IEnumerable<string> MountedSecrets(string file, DirectoryInfo dir)
    {
        var configuration = new ConfigurationBuilder().AddJsonFile(file).Build();
        foreach (var (key, value) in configuration.AsEnumerable())
        {
            if (value is null || !key.EndsWith("File", StringComparison.Ordinal) || !value.StartsWith('/')) continue;
            var secret = Path.Combine(dir.FullName, Path.GetFileName(value));
            File.WriteAllText(secret, key switch
            {
                _ when key.Contains("Url", StringComparison.Ordinal) => "https://hooks.example.com/T0/B0/x",
                // check-config validates the connection string's shape; it does not connect.
                _ when key.Contains("ConnectionString", StringComparison.Ordinal) => "Host=postgres;Port=5432;Database=watchdog;Username=watchdog;Password=placeholder",
                _ => "a-secret-of-at-least-32-characters-long",
            });
            yield return $"--{key}";
            yield return secret;
        }
    }

    [Fact]
    public void Load_EmptyListsAndMaps_AreNotUnknownKeys()
    {
        var configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream("""
            { "Watchdog": { "Notifications": { "Slack": [], "Webhooks": [] }, "Services": [ {
              "Name": "api", "Health": { "Url": "http://127.0.0.1:1/health" }, "Rules": [], "Stabilization": [], "FeatureFlags": {},
              "Provider": { "List": "a", "Current": "b", "Rollback": "c" } } ] } }
            """u8.ToArray())).Build();

        var settings = SettingsLoader.Load(configuration, out var errors);

        errors.ShouldBeEmpty();
        settings.ShouldNotBeNull();
    }

    [Fact]
    public async Task Run_RootAppSettings_AnswersReadyz()
    {
        var data = Directory.CreateTempSubdirectory("watchdog-root-");
        try
        {
            await using var watchdog = WatchdogProcess.Start(RepoRoot, "--config", Path.Combine(RepoRoot, "appsettings.json"),
                "--Watchdog:DataDirectory", data.FullName);
            var ready = await watchdog.WaitUntilReadyAsync();

            ready.ShouldBeTrue(watchdog.Output);
            File.Exists(Path.Combine(data.FullName, "watchdog.db")).ShouldBeTrue();
        }
        finally
        {
            data.Delete(true);
        }
    }

    internal static string RepoRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Watchdog.sln"))) return dir.FullName;
            throw new InvalidOperationException("no Watchdog.sln above " + AppContext.BaseDirectory);
        }
    }
}
