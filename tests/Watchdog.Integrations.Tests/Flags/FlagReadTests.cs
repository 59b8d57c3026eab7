using Watchdog.Core.Ports;
using Watchdog.Integrations.Flagd;
using Watchdog.Integrations.LaunchDarkly;
using Watchdog.Integrations.Tests.Http;
using Watchdog.Integrations.Unleash;
using Watchdog.Testing;

namespace Watchdog.Integrations.Tests.Flags;

/// <summary>
/// The flag services read for polling (<see cref="IFlagStates"/>), against peers speaking the documented API: LaunchDarkly's
/// listing in pages, Unleash's project features in one call, a flagd file; refusals and oversize answers as reasons.
/// </summary>
public sealed class FlagReadTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 3, 18, 0, 0, TimeSpan.Zero);
    private readonly ManualTimeProvider _clock = new(T0);

    private LaunchDarklyFlags LaunchDarkly(Uri url, string token = LaunchDarklyPeer.Token) => new(new HttpClient(),
        new LaunchDarklyOptions { BaseUrl = url, Token = token, ProjectKey = LaunchDarklyPeer.Project, EnvironmentKey = LaunchDarklyPeer.Environment }, _clock);

    [Fact]
    public async Task LaunchDarkly_ListsEveryFlagPageByPage_WithItsEnvironmentsOnVersionAndLastModified()
    {
        var front = new PeerFront();
        var flags = Enumerable.Range(0, 230).Select(i => $"flag-{i:000}").ToArray();
        await using var ld = await LaunchDarklyPeer.StartAsync(front, flags);
        ld.Set("flag-150", false, T0.AddMinutes(-7));

        var read = await LaunchDarkly(ld.BaseUrl).ReadFlagsAsync(CancellationToken.None);

        read.Ok.ShouldBeTrue(read.Error);
        read.Value!.Count.ShouldBe(230);
        read.Value.Single(f => f.Key == "flag-150").ShouldBe(new FlagState("flag-150", false, "2", T0.AddMinutes(-7)));
        read.Value.Single(f => f.Key == "flag-003").On.ShouldBeTrue();
        ld.ListCalls.ShouldBe(3);
        front.Received.Select(r => r.Target).ShouldBe([
            "/api/v2/flags/shop?env=production&summary=true&limit=100&offset=0",
            "/api/v2/flags/shop?env=production&summary=true&limit=100&offset=100",
            "/api/v2/flags/shop?env=production&summary=true&limit=100&offset=200"]);
        front.Received[0].Headers.Single(h => h.Key == "Authorization").Value.ShouldBe(LaunchDarklyPeer.Token);
        front.Received[0].Headers.Single(h => h.Key == "LD-API-Version").Value.ShouldBe("20240415");
    }

    [Fact]
    public async Task LaunchDarkly_ARefusal_IsAReasonWithoutTheToken_NeverAPartialList()
    {
        var front = new PeerFront();
        await using var ld = await LaunchDarklyPeer.StartAsync(front, "a");

        var read = await LaunchDarkly(ld.BaseUrl, "api-wrong-token-0000").ReadFlagsAsync(CancellationToken.None);

        read.Ok.ShouldBeFalse();
        read.Error!.ShouldContain("HTTP 401");
        read.Error!.ShouldNotContain("api-wrong-token-0000");
    }

    [Fact]
    public async Task Unleash_ReadsTheProjectsFeatures_EnabledInTheConfiguredEnvironment()
    {
        var front = new PeerFront();
        await using var unleash = await UnleashPeer.StartAsync(front, "new-checkout", "dark-mode");
        unleash.Set("dark-mode", false);
        var flags = new UnleashFlags(new HttpClient(), new UnleashOptions
        {
            BaseUrl = unleash.BaseUrl, Token = UnleashPeer.Token, ProjectId = UnleashPeer.Project, Environment = UnleashPeer.Environment,
        }, _clock);

        var read = await flags.ReadFlagsAsync(CancellationToken.None);

        read.Ok.ShouldBeTrue(read.Error);
        read.Value!.OrderBy(f => f.Key).ShouldBe([new FlagState("dark-mode", false, null, null), new FlagState("new-checkout", true, null, null)]);
        front.Received.ShouldHaveSingleItem().Target.ShouldBe("/api/admin/projects/default/features");
    }

    [Fact]
    public async Task Flagd_OnUnlessDisabledOrServingItsOffVariant_VersionedByItsDefinition_DatedByTheFilesWrite()
    {
        var dir = Directory.CreateTempSubdirectory("watchdog-flagd-read-").FullName;
        try
        {
            var path = Path.Combine(dir, "flags.json");
            await File.WriteAllTextAsync(path, """
                {"flags": {
                  "on-flag": {"state": "ENABLED", "variants": {"on": true, "off": false}, "defaultVariant": "on"},
                  "off-flag": {"state": "ENABLED", "variants": {"on": true, "off": false}, "defaultVariant": "off"},
                  "disabled": {"state": "DISABLED", "variants": {"on": true, "off": false}, "defaultVariant": "on"}
                }}
                """);
            File.SetLastWriteTimeUtc(path, T0.UtcDateTime);
            var file = new FlagdFile(new FlagdOptions { Path = path });

            var first = (await file.ReadFlagsAsync(CancellationToken.None)).Value!;
            await file.TurnOffAsync("on-flag", CancellationToken.None);
            var second = (await file.ReadFlagsAsync(CancellationToken.None)).Value!;

            first.ToDictionary(f => f.Key, f => f.On).ShouldBe(new Dictionary<string, bool> { ["on-flag"] = true, ["off-flag"] = false, ["disabled"] = false });
            first[0].ChangedAt.ShouldBe(T0);
            second.Single(f => f.Key == "on-flag").On.ShouldBeFalse();
            second.Single(f => f.Key == "on-flag").Version.ShouldNotBe(first.Single(f => f.Key == "on-flag").Version);
            second.Single(f => f.Key == "off-flag").Version.ShouldBe(first.Single(f => f.Key == "off-flag").Version);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
