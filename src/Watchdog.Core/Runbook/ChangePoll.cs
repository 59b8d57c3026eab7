using System.Globalization;
using Watchdog.Core.Decisions;
using Watchdog.Core.Ports;

namespace Watchdog.Core.Runbook;

/// <summary>
/// Reads a service's flag service (<see cref="IFlagStates"/>) and its platform's variables (<see cref="IVariableStates"/>)
/// for what changed since the last look, each at most once per its interval. It rides on the service's tick, as the live
/// check does, but never holds it up: a poll runs beside the tick, one at a time, and a tick that finds one running
/// starts none. A read that fails (the integration logs why) changes nothing and is tried at the next interval.
/// </summary>
/// <remarks>
/// The first look is a baseline, not a change. The flags' last state is kept in the ledger (no value in it is a secret),
/// so a restart does not report every flag as changed. Variables' digests are kept in memory only (values are secrets,
/// and even keyed digests are not written): after a restart the first look is a baseline again, and a variable the
/// platform dates within <see cref="Suspects.Lookback"/> is still a change, dated by the platform.
/// </remarks>
internal sealed class ChangePoll(ServiceRunbook runbook, ILedger? ledger, TimeProvider time)
{
    /// <summary>Where the flags' last state is kept: one key per service, every flag a line.</summary>
    public const string FlagStateScope = "flag-state";

    private Task _running = Task.CompletedTask;
    private DateTimeOffset? _flagsAt;
    private DateTimeOffset? _variablesAt;
    private Dictionary<string, FlagState>? _flags;
    private bool _flagsLoaded;
    private Dictionary<string, VariableState>? _variables;

    private Exception? _failed;

    /// <summary>The poll under way (or the last one): tests wait on it.</summary>
    public Task Running => _running;

    /// <summary>Why the last poll failed off the tick's path (the journal refused what it found), once: the host logs it.</summary>
    public Exception? TakeFailure() => Interlocked.Exchange(ref _failed, null);

    /// <summary>Starts a poll when one is due and none is running, and returns at once; what it finds goes to <paramref name="record"/>.</summary>
    public void Start(Func<IReadOnlyList<Change>, CancellationToken, Task> record, CancellationToken ct)
    {
        var settings = runbook.Settings;
        if ((settings.FlagPollInterval <= TimeSpan.Zero && settings.VariablePollInterval <= TimeSpan.Zero) || !_running.IsCompleted) return;
        var now = time.GetUtcNow();
        var flags = Due(runbook.Settings.FlagPollInterval, _flagsAt, now) ? runbook.Flags as IFlagStates : null;
        var variables = Due(runbook.Settings.VariablePollInterval, _variablesAt, now) ? runbook.Provider as IVariableStates : null;
        if (flags is null && variables is null) return;
        if (flags is not null) _flagsAt = now;
        if (variables is not null) _variablesAt = now;
        _running = Task.Run(async () =>
        {
            try
            {
                var found = new List<Change>();
                if (flags is not null) found.AddRange(await FlagsAsync(flags, ct));
                if (variables is not null) found.AddRange(await VariablesAsync(variables, ct));
                if (found.Count > 0) await record(found, ct);
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                // The journal failed under the poll: the tick goes on, the next interval looks again, and the host says so.
                _failed = e;
            }
        }, ct);
    }

    private static bool Due(TimeSpan every, DateTimeOffset? last, DateTimeOffset now) =>
        every > TimeSpan.Zero && (last is not { } at || now - at >= every);

    private async Task<IReadOnlyList<Change>> FlagsAsync(IFlagStates flags, CancellationToken ct)
    {
        var read = await flags.ReadFlagsAsync(ct);
        if (!read.Ok || read.Value is not { } states) return [];
        if (!_flagsLoaded)
        {
            _flags = ledger is not null && await ledger.GetAsync(FlagStateScope, runbook.Service, ct) is { } saved ? ReadStates(saved) : null;
            _flagsLoaded = true;
        }

        var now = time.GetUtcNow();
        var changes = _flags is null ? [] : FlagChanges(_flags, states, runbook.Flags!.Name, now);
        var next = states.GroupBy(s => s.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var moved = _flags is null || changes.Count > 0 || next.Count != _flags.Count || next.Keys.Any(k => !_flags.ContainsKey(k));
        _flags = next;
        if (moved && ledger is not null) await ledger.SetAsync(FlagStateScope, runbook.Service, WriteStates(next.Values), ct);
        return changes;
    }

    /// <summary>
    /// What changed between two looks at the flags: turned on or off, or otherwise changed (a new version), or a flag
    /// that appeared already on. A flag gone is no change a flag switch could undo, and is forgotten. Dated by the flag
    /// service's time when it gives a newer one, else by the poll's, and the description says which.
    /// </summary>
    public static IReadOnlyList<Change> FlagChanges(IReadOnlyDictionary<string, FlagState> before, IReadOnlyList<FlagState> now, string service, DateTimeOffset polledAt)
    {
        var changes = new List<Change>();
        foreach (var flag in now)
        {
            var was = before.GetValueOrDefault(flag.Key);
            var known = before.ContainsKey(flag.Key);
            string? what = !known ? (flag.On ? "added, on," : null)
                : was.On != flag.On ? (flag.On ? "turned on" : "turned off")
                : was.Version != flag.Version && flag.Version is not null ? $"changed (version {was.Version ?? "?"} to {flag.Version})"
                : null;
            if (what is null) continue;
            var (at, dated) = Dated(flag.ChangedAt, known ? was.ChangedAt : null, polledAt, service);
            changes.Add(new Change(SuspectKind.Flag, $"flag {flag.Key} {what} at {service} (found by polling{dated})", at, Flag: flag.Key,
                TurnedOn: flag.On && (!known || !was.On), Polled: true));
        }

        return changes;
    }

    private async Task<IReadOnlyList<Change>> VariablesAsync(IVariableStates platform, CancellationToken ct)
    {
        var read = await platform.ReadVariablesAsync(ct);
        if (!read.Ok || read.Value is not { } states) return [];
        var now = time.GetUtcNow();
        var next = states.GroupBy(s => s.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var changes = VariableChanges(_variables, next, runbook.Provider.Name, now);
        _variables = next;
        return changes;
    }

    /// <summary>
    /// Which variable names changed, were added or removed between two looks; without a look before (the first since
    /// Watchdog started), only those the platform dates within <see cref="Suspects.Lookback"/>.
    /// </summary>
    public static IReadOnlyList<Change> VariableChanges(IReadOnlyDictionary<string, VariableState>? before, IReadOnlyDictionary<string, VariableState> now,
        string platform, DateTimeOffset polledAt)
    {
        if (before is null)
        {
            return [.. now.Values.Where(v => v.ChangedAt is { } at && at <= polledAt && polledAt - at <= Suspects.Lookback)
                .Select(v => Variable(v.Name, "changed", platform, v.ChangedAt!.Value, $" (dated by {platform}; found at Watchdog's first look since it started)"))];
        }

        var changes = new List<Change>();
        foreach (var (name, state) in now)
        {
            var known = before.TryGetValue(name, out var was);
            if (known && was.Digest == state.Digest) continue;
            var (at, dated) = Dated(state.ChangedAt, known ? was.ChangedAt : null, polledAt, platform);
            changes.Add(Variable(name, known ? "changed" : "added", platform, at, $" (found by polling{dated})"));
        }

        foreach (var gone in before.Keys.Where(k => !now.ContainsKey(k)))
            changes.Add(Variable(gone, "removed", platform, polledAt, " (found by polling)"));
        return changes;
    }

    private static Change Variable(string name, string what, string platform, DateTimeOffset at, string note) =>
        new(SuspectKind.Variable, $"variable {name} {what} at {platform}{note}", at);

    /// <summary>The service's time of the change when it gives one newer than the last look's (and not in the future), else the poll's.</summary>
    private static (DateTimeOffset At, string Note) Dated(DateTimeOffset? said, DateTimeOffset? before, DateTimeOffset polledAt, string service) =>
        said is { } at && (before is not { } b || at > b) && at <= polledAt + TimeSpan.FromMinutes(1)
            ? (at, "")
            : (polledAt, $"; {service} gives no newer time of change, so it is dated by the poll at {polledAt.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture)}Z");

    private static string WriteStates(IEnumerable<FlagState> states) => string.Join('\n', states
        .Where(s => !s.Key.Contains('\t', StringComparison.Ordinal) && !s.Key.Contains('\n', StringComparison.Ordinal))
        .Select(s => string.Join('\t', s.Key, s.On ? "1" : "0", Clean(s.Version), s.ChangedAt?.UtcTicks.ToString(CultureInfo.InvariantCulture) ?? "")));

    private static string Clean(string? s) => s is null ? "" : s.Replace('\t', ' ').Replace('\n', ' ');

    private static Dictionary<string, FlagState> ReadStates(string saved)
    {
        var states = new Dictionary<string, FlagState>(StringComparer.Ordinal);
        foreach (var line in saved.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Split('\t') is not [var key, var on, var version, var at]) continue;
            states[key] = new FlagState(key, on == "1", version.Length > 0 ? version : null,
                long.TryParse(at, NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) ? new DateTimeOffset(ticks, TimeSpan.Zero) : null);
        }

        return states;
    }
}
