using System.Globalization;

namespace Watchdog.Core.Decisions;

/// <summary>How a rollback is verified: probes at 0, Interval, 2×Interval … up to Window, and the share allowed to fail.</summary>
public sealed record VerificationPlan(TimeSpan Window, TimeSpan Interval, double MaxErrorRate)
{
    public int Probes => (int)(Window.Ticks / Interval.Ticks) + 1;

    /// <summary>Failed probes allowed, rounded down to whole probes: with 1% and fewer than 100 probes, none.</summary>
    public int AllowedFailures => (int)Math.Floor(MaxErrorRate * Probes + 1e-9);
}

/// <summary>What the probes of one verification showed so far.</summary>
public readonly record struct ProbeTally(int Healthy, int Failed, string? FirstFailure)
{
    public int Probed => Healthy + Failed;

    /// <param name="failure">How the probe failed, in words; null for a healthy one.</param>
    public ProbeTally Add(string? failure) => failure is null
        ? this with { Healthy = Healthy + 1 }
        : this with { Failed = Failed + 1, FirstFailure = FirstFailure ?? $"probe {Probed + 1}: {failure}" };
}

/// <summary>
/// The judgement of a rollback's verification; the verifier only measures. It passes when failed probes stay
/// within the plan's allowance, the last probe was healthy (a service that ends the window failing is not
/// restored, whatever the allowance), and the version endpoint, where there is one, shows the target.
/// </summary>
public static class VerificationPolicy
{
    /// <summary>After a failed probe: why the verification has failed already (the allowance is spent), or null to go on.</summary>
    public static string? Spent(VerificationPlan plan, ProbeTally tally, string lastFailure) =>
        tally.Failed <= plan.AllowedFailures ? null
            : $"health probe {tally.Probed} of {plan.Probes} {lastFailure}; {tally.Healthy}/{tally.Probed} healthy so far; " +
              $"max error rate {Percent(plan.MaxErrorRate)} allows {plan.AllowedFailures} failed of {plan.Probes}";

    /// <summary>Once every probe ran: whether health passed, and the summary the journal keeps.</summary>
    /// <param name="lastFailure">How the last probe failed; null when it was healthy.</param>
    public static (bool Ok, string Detail) Health(VerificationPlan plan, ProbeTally tally, string? lastFailure, string p95)
    {
        if (lastFailure is not null) return (false, $"health {tally.Healthy}/{plan.Probes} healthy, but the last probe {lastFailure}");
        var health = $"health {tally.Healthy}/{plan.Probes} healthy over {Signals.SignalFormat.Duration(plan.Window)}, p95 {p95}";
        return (true, tally.Failed > 0 ? health + $" ({tally.Failed} failed within the {Percent(plan.MaxErrorRate)} budget; first {tally.FirstFailure})" : health);
    }

    /// <summary>Equal, or both git commit hashes of which one abbreviates the other (a short SHA against a full one).</summary>
    public static bool SameVersion(string seen, string expected)
    {
        seen = seen.Trim();
        expected = expected.Trim();
        if (string.Equals(seen, expected, StringComparison.Ordinal)) return true;
        if (seen.Length < 7 || expected.Length < 7 || !seen.All(char.IsAsciiHexDigit) || !expected.All(char.IsAsciiHexDigit)) return false;
        var (shorter, longer) = seen.Length <= expected.Length ? (seen, expected) : (expected, seen);
        return longer.StartsWith(shorter, StringComparison.OrdinalIgnoreCase);
    }

    private static string Percent(double rate) => (rate * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%";
}
