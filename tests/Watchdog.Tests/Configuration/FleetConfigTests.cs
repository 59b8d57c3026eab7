using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Watchdog.Configuration;

namespace Watchdog.Tests.Configuration;

/// <summary>Reading a fleet's configuration does work in proportion to it, not to the number of services times its size.</summary>
public class FleetConfigTests
{
    [Fact]
    public void Load_TwoThousandServices_KeysHandedOutPerServiceAsForTwoHundred()
    {
        var (small, smallKeys) = Load(200);
        var (large, largeKeys) = Load(2_000);

        // Every child-key question answered from the index: each section's children once for the unknown-key walk,
        // and a service's own lists and maps. The framework's provider looks at every key of the file for each.
        (large / 2_000.0).ShouldBeLessThanOrEqualTo(small / 200.0 * 1.05);
        large.ShouldBeLessThan(4L * largeKeys);
        smallKeys.ShouldBeGreaterThan(200 * 5);
    }

    [Fact]
    public void Load_IndexedFile_ReadsAsTheFrameworkDoes_UnknownKeysIncluded()
    {
        var file = Write(3, extra: s => s["Helath"] = new JsonObject { ["Url"] = "http://127.0.0.1:9/x" });
        try
        {
            var indexed = SettingsLoader.Load(Build(new IndexedJsonConfigurationSource { Path = file }), out var indexedErrors);
            var plain = SettingsLoader.Load(Build(new Microsoft.Extensions.Configuration.Json.JsonConfigurationSource { Path = file }), out var plainErrors);

            indexed.ShouldBeNull();
            plain.ShouldBeNull();
            indexedErrors.ShouldBe(plainErrors);
            indexedErrors.ShouldContain("Watchdog:Services:2:Helath:Url: unknown key (check its spelling against the README's configuration reference)");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Forget_Services_DropsTheirKeysAndKeepsTheRest()
    {
        var file = Write(3);
        try
        {
            var configuration = Build(new IndexedJsonConfigurationSource { Path = file });
            configuration.Providers.OfType<IndexedJsonConfigurationProvider>().ShouldHaveSingleItem().Forget("Watchdog:Services");

            configuration.GetSection("Watchdog:Services").Exists().ShouldBeFalse();
            configuration["Watchdog:Services:0:Name"].ShouldBeNull();
            configuration["Watchdog:Mode"].ShouldBe("DryRun");
            configuration.GetSection("Watchdog").GetChildren().Select(c => c.Key).ShouldBe(["DataDirectory", "Mode"]);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Build_FromAFile_KeepsNoServiceKeysInTheHostsConfiguration()
    {
        var file = Write(2);
        try
        {
            var app = Watchdog.Hosting.WatchdogApp.Build(["--urls", "http://127.0.0.1:0"], new Watchdog.Hosting.ConfigLocation(file), out var errors);

            errors.ShouldBeEmpty();
            await using var host = app.ShouldNotBeNull();
            host.Configuration.GetSection("Watchdog:Services").Exists().ShouldBeFalse();
            host.Configuration["Watchdog:Mode"].ShouldBe("DryRun");
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static (long HandedOut, int Keys) Load(int services)
    {
        var file = Write(services);
        try
        {
            var configuration = Build(new IndexedJsonConfigurationSource { Path = file });
            var provider = configuration.Providers.OfType<IndexedJsonConfigurationProvider>().ShouldHaveSingleItem();
            var settings = SettingsLoader.Load(configuration, out var errors);
            errors.ShouldBeEmpty();
            settings.ShouldNotBeNull().Services.Count.ShouldBe(services);
            return (provider.KeysHandedOut, configuration.AsEnumerable().Count(kv => kv.Value is not null));
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static IConfigurationRoot Build(Microsoft.Extensions.Configuration.Json.JsonConfigurationSource source)
    {
        source.ResolveFileProvider();
        return new ConfigurationBuilder().Add(source).Build();
    }

    private static string Write(int services, Action<JsonObject>? extra = null)
    {
        var list = new JsonArray();
        for (var n = 0; n < services; n++)
        {
            var s = new JsonObject
            {
                ["Name"] = $"svc-{n}",
                ["PollInterval"] = "10s",
                ["Health"] = new JsonObject { ["Url"] = $"http://127.0.0.1:9/svc/{n}/health", ["Timeout"] = "5s", ["Headers"] = new JsonObject { ["X-Fleet"] = "1" } },
                ["Provider"] = new JsonObject { ["List"] = "echo v1", ["Current"] = "echo v1", ["Rollback"] = "true", ["Environment"] = new JsonObject { ["A"] = "b" } },
                ["FeatureFlags"] = new JsonObject(),
            };
            if (n == services - 1) extra?.Invoke(s);
            list.Add(s);
        }

        var path = Path.Combine(Path.GetTempPath(), $"watchdog-fleet-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, new JsonObject { ["Watchdog"] = new JsonObject { ["Mode"] = "DryRun", ["DataDirectory"] = Path.GetTempPath(), ["Services"] = list } }.ToJsonString());
        return path;
    }
}
