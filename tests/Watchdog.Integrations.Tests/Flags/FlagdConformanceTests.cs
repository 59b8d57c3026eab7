using System.Text.Json.Nodes;
using Watchdog.Core.Ports;
using Watchdog.Integrations.Flagd;

namespace Watchdog.Integrations.Tests.Flags;

/// <summary>The flag suite against a real flagd flag file in a temp directory, and what a file adds: other flags kept, atomic replace, symlinks.</summary>
public sealed class FlagdConformanceTests : FlagConformance, IDisposable
{
    private const string File0 = """
        {
          "$schema": "https://flagd.dev/schema/v0/flags.json",
          "flags": {
            "new-checkout": {
              "state": "ENABLED",
              "variants": { "on": true, "off": false },
              "defaultVariant": "on",
              "targeting": { "if": [ { "in": [ "@example.com", { "var": "email" } ] }, "on", "off" ] }
            },
            "banner-color": {
              "state": "ENABLED",
              "variants": { "red": "#f00", "blue": "#00f" },
              "defaultVariant": "red",
              "targeting": { "fractional": [ [ "red", 50 ], [ "blue", 50 ] ] }
            },
            "dark-mode": {
              "state": "DISABLED",
              "variants": { "enabled": true, "disabled": false },
              "defaultVariant": "enabled"
            }
          },
          "metadata": { "owner": "web" }
        }
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("watchdog-flagd-").FullName;
    private string _path = null!;
    private string _lastWritten = "";
    private int _changes;

    protected override int Changes => _changes;

    protected override bool IsOffAtThePeer(string flag)
    {
        var f = Flags()[flag]!.AsObject();
        return f["defaultVariant"]!.GetValue<string>() is "off" or "disabled" && f["targeting"] is null && f["state"]!.GetValue<string>() == "ENABLED";
    }

    protected override Task<IFlagSwitch> StartAsync()
    {
        _path = Path.Combine(_dir, "flags.json");
        File.WriteAllText(_path, File0);
        _lastWritten = File0;
        return Task.FromResult<IFlagSwitch>(Counting(new FlagdFile(new FlagdOptions { Path = _path })));
    }

    private JsonObject Flags() => JsonNode.Parse(File.ReadAllText(_path))!["flags"]!.AsObject();

    /// <summary>Counts the turns that changed the file's content.</summary>
    private IFlagSwitch Counting(IFlagSwitch inner) => new CountingSwitch(inner, () =>
    {
        var now = File.ReadAllText(_path);
        if (now != _lastWritten) _changes++;
        _lastWritten = now;
    });

    private sealed class CountingSwitch(IFlagSwitch inner, Action after) : IFlagSwitch
    {
        public string Name => inner.Name;

        public async Task<FlagOutcome> TurnOffAsync(string flag, CancellationToken cancellationToken)
        {
            var outcome = await inner.TurnOffAsync(flag, cancellationToken);
            after();
            return outcome;
        }
    }

    [Fact]
    public async Task TurnOff_KeepsEveryOtherFlagAndKeyAsItWas()
    {
        var before = JsonNode.Parse(File0)!.AsObject();

        await Switch.TurnOffAsync(KnownFlag, CancellationToken.None);

        var after = JsonNode.Parse(File.ReadAllText(_path))!.AsObject();
        JsonNode.DeepEquals(after["flags"]!["banner-color"], before["flags"]!["banner-color"]).ShouldBeTrue();
        JsonNode.DeepEquals(after["flags"]!["dark-mode"], before["flags"]!["dark-mode"]).ShouldBeTrue();
        JsonNode.DeepEquals(after["metadata"], before["metadata"]).ShouldBeTrue();
        after["$schema"]!.GetValue<string>().ShouldBe("https://flagd.dev/schema/v0/flags.json");
        after["flags"]![KnownFlag]!["variants"]!.ToJsonString().ShouldBe("""{"on":true,"off":false}""");
    }

    [Fact]
    public async Task TurnOff_ReplacesTheFileByRenameAndLeavesNoTempFileBehind()
    {
        using var watcher = new FileSystemWatcher(_dir) { EnableRaisingEvents = true };
        var renamed = new TaskCompletionSource<RenamedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        watcher.Renamed += (_, e) => renamed.TrySetResult(e);

        await Switch.TurnOffAsync(KnownFlag, CancellationToken.None);

        var rename = await renamed.Task.WaitAsync(TimeSpan.FromSeconds(5));
        rename.Name.ShouldBe("flags.json");
        rename.OldName!.ShouldEndWith(".tmp");
        Directory.GetFiles(_dir).ShouldBe([_path]);
    }

    [Fact]
    public async Task TurnOff_ThroughASymlink_ReplacesWhatItPointsToAndKeepsTheLink()
    {
        var link = Path.Combine(_dir, "current.json");
        File.CreateSymbolicLink(link, _path);

        var outcome = await new FlagdFile(new FlagdOptions { Path = link }).TurnOffAsync(KnownFlag, CancellationToken.None);

        outcome.TurnedOff.ShouldBeTrue(outcome.Detail);
        new FileInfo(link).LinkTarget.ShouldBe(_path);
        IsOffAtThePeer(KnownFlag).ShouldBeTrue();
    }

    [Fact]
    public async Task TurnOff_DisabledFlagWithoutAnOffVariantName_UsesItsFalseVariantAndEnablesIt()
    {
        var outcome = await Switch.TurnOffAsync("dark-mode", CancellationToken.None);

        outcome.TurnedOff.ShouldBeTrue(outcome.Detail);
        Flags()["dark-mode"]!["defaultVariant"]!.GetValue<string>().ShouldBe("disabled");
        IsOffAtThePeer("dark-mode").ShouldBeTrue();
    }

    [Fact]
    public async Task TurnOff_FlagWithoutAnOffVariant_RefusedAndTheFileUntouched()
    {
        var outcome = await Switch.TurnOffAsync("banner-color", CancellationToken.None);

        outcome.Result.ShouldBe(FlagResult.Refused);
        outcome.Detail.ShouldContain("no off variant");
        File.ReadAllText(_path).ShouldBe(File0);
    }

    [Fact]
    public async Task TurnOff_MissingOrBrokenFile_Refused()
    {
        File.WriteAllText(_path, "{ not json");
        (await Switch.TurnOffAsync(KnownFlag, CancellationToken.None)).Detail.ShouldContain("not a flag definition");

        File.Delete(_path);
        var missing = await new FlagdFile(new FlagdOptions { Path = _path }).TurnOffAsync(KnownFlag, CancellationToken.None);
        missing.Result.ShouldBe(FlagResult.Refused);
        missing.Detail.ShouldContain("does not exist");
    }

    [Fact]
    public async Task TurnOff_Cancelled_ThrowsAndLeavesTheFile()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(Switch.TurnOffAsync(KnownFlag, cts.Token));
        File.ReadAllText(_path).ShouldBe(File0);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
