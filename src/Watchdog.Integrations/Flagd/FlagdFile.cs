using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Watchdog.Core.Ports;
using Watchdog.Integrations.Flags;

namespace Watchdog.Integrations.Flagd;

/// <summary>
/// Turns a flag off in a flagd flag file: its <c>defaultVariant</c> becomes its off variant, its <c>targeting</c> is
/// dropped and its <c>state</c> is <c>ENABLED</c>, so every evaluation returns the known off value (a <c>DISABLED</c> flag
/// would return whatever default each call site hard-codes). The file is replaced whole — written beside it, then
/// renamed over it — so flagd's watcher never reads half a file. Every other flag and key is kept as it was.
/// </summary>
/// <remarks>
/// It reads too (<see cref="IFlagStates"/>): a flag is on unless it is <c>DISABLED</c> or serves its off variant with no
/// targeting (what turning it off leaves); its version is a digest of its definition, and a change is dated by the
/// file's last write.
/// </remarks>
public sealed class FlagdFile : IFlagSwitch, IFlagStates
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
    private readonly FlagdOptions _options;
    private readonly ILogger _logger;

    /// <exception cref="ArgumentException">The options are invalid (see <see cref="FlagdOptionsValidator"/>).</exception>
    public FlagdFile(FlagdOptions options, ILogger<FlagdFile>? logger = null)
    {
        _options = ValidOptions.Require(options, FlagdOptionsValidator.Problems, "flagd");
        _logger = logger ?? NullLogger<FlagdFile>.Instance;
    }

    public string Name => _options.Name;

    public async Task<FlagOutcome> TurnOffAsync(string flag, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(flag);
        try
        {
            return (await RewriteAsync(flag, cancellationToken)).Logged(_logger, Name, flag);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return FlagOutcome.Refused($"{Name}: the flag file could not be changed ({e.GetType().Name}: {e.Message}); flag {flag} not turned off")
                .Logged(_logger, Name, flag);
        }
    }

    private async Task<FlagOutcome> RewriteAsync(string flag, CancellationToken ct)
    {
        var path = Target(_options.Path!);
        var info = new FileInfo(path);
        if (!info.Exists) return FlagOutcome.Refused($"{Name}: the flag file {path} does not exist; flag {flag} not turned off");
        if (info.Length > _options.MaxFileBytes)
            return FlagOutcome.Refused($"{Name}: the flag file {path} is over {_options.MaxFileBytes} bytes; flag {flag} not turned off");

        JsonObject root;
        try
        {
            root = JsonNode.Parse(await File.ReadAllTextAsync(path, ct)) as JsonObject ?? throw new JsonException("not an object");
        }
        catch (JsonException e)
        {
            return FlagOutcome.Refused($"{Name}: the flag file {path} is not a flag definition ({e.Message}); flag {flag} not turned off");
        }

        if (root["flags"] is not JsonObject flags || flags[flag] is not JsonObject definition)
            return FlagOutcome.Refused($"{Name}: the flag file {path} defines no flag {flag}");
        if (OffVariant(definition) is not { } off)
            return FlagOutcome.Refused($"{Name}: flag {flag} has no off variant ({(_options.OffVariant is { } named ? $"no variant '{named}'" : "no variant 'off' and not exactly one whose value is false")}); not turned off");

        if (definition["defaultVariant"]?.GetValueKind() == JsonValueKind.String && (string?)definition["defaultVariant"] == off
            && definition["targeting"] is null && (string?)definition["state"] == "ENABLED")
            return FlagOutcome.Off($"flag {flag} was already off in {Name} ({path}): default variant {off}, no targeting");

        definition["state"] = "ENABLED";
        definition["defaultVariant"] = off;
        definition.Remove("targeting");
        await ReplaceAsync(path, root.ToJsonString(Indented), ct);
        return FlagOutcome.Off($"flag {flag} turned off at {Name} ({path}): default variant {off}, targeting removed");
    }

    private string? OffVariant(JsonObject definition)
    {
        if (definition["variants"] is not JsonObject variants) return null;
        if (_options.OffVariant is { } named) return variants.ContainsKey(named) ? named : null;
        if (variants.ContainsKey("off")) return "off";
        var falses = variants.Where(v => v.Value?.GetValueKind() == JsonValueKind.False).Select(v => v.Key).ToList();
        return falses.Count == 1 ? falses[0] : null;
    }

    public async Task<PeerResult<IReadOnlyList<FlagState>>> ReadFlagsAsync(CancellationToken cancellationToken)
    {
        try
        {
            var path = Target(_options.Path!);
            var info = new FileInfo(path);
            if (!info.Exists) return Unread($"the flag file {path} does not exist");
            if (info.Length > _options.MaxFileBytes) return Unread($"the flag file {path} is over {_options.MaxFileBytes} bytes");
            var text = await File.ReadAllTextAsync(path, cancellationToken);
            if ((JsonNode.Parse(text) as JsonObject)?["flags"] is not JsonObject flags) return Unread($"the flag file {path} has no flags");
            DateTimeOffset written = info.LastWriteTimeUtc;
            return PeerResult.Of<IReadOnlyList<FlagState>>([.. flags.Where(f => f.Value is JsonObject).Select(f =>
            {
                var definition = (JsonObject)f.Value!;
                var off = OffVariant(definition);
                var on = (string?)definition["state"] == "ENABLED" && !(off is not null && definition["targeting"] is null
                    && definition["defaultVariant"]?.GetValueKind() == JsonValueKind.String && (string?)definition["defaultVariant"] == off);
                var version = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(definition.ToJsonString())))[..16];
                return new FlagState(f.Key, on, version, written);
            })]);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return Unread($"the flag file could not be read ({e.GetType().Name})");
        }
    }

    private PeerResult<IReadOnlyList<FlagState>> Unread(string why) => FlagRead.Failed($"{Name}: {why}", _logger, Name);

    /// <summary>The file itself: a symlink is followed to what it names, which is then replaced.</summary>
    private static string Target(string path) =>
        new FileInfo(path).LinkTarget is null ? path : File.ResolveLinkTarget(path, returnFinalTarget: true)?.FullName ?? path;

    /// <summary>Written beside the file (one file system, so the rename is atomic), flushed to disk, then renamed over it.</summary>
    private static async Task ReplaceAsync(string path, string json, CancellationToken ct)
    {
        var temp = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(path)!, $".{System.IO.Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous))
            {
                await stream.WriteAsync(Encoding.UTF8.GetBytes(json + "\n"), ct);
                stream.Flush(flushToDisk: true);
            }

            // The new file keeps the old one's permissions: flagd (another user, perhaps) must still read it.
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(temp, File.GetUnixFileMode(path));
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }
}
