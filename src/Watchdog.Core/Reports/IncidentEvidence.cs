using Watchdog.Core.Decisions;
using Watchdog.Core.Rules;
using Watchdog.Core.Signals;
using Watchdog.Core.Releases;

namespace Watchdog.Core.Reports;

/// <summary>What every source and rule showed when an incident opened, kept with it for the post-mortem.</summary>
public static class IncidentEvidence
{
    public static string Describe(IReadOnlyList<Reading> readings, IReadOnlyList<Verdict> verdicts, IReadOnlyList<PushedAlert> pushed, Deployment? live) =>
        "readings: " + string.Join("; ", readings.Select(r => r.Source is { } s ? $"{r} [{s}]" : r.ToString())) +
        " | rules: " + string.Join("; ", verdicts.Select(v => $"{v.Rule.Name} {v.Status.ToString().ToLowerInvariant()}")) +
        (pushed.Count > 0 ? " | pushed: " + string.Join("; ", pushed.Select(a => $"{a.Source}:{a.Key} {a.Meaning}")) : "") +
        (live is { } l ? $" | live: {l}" : "");
}
