using System.Globalization;
using Watchdog.Core.Signals;

namespace Watchdog.Core.Rules;

public enum JudgeOutcome
{
    /// <summary>Not enough data to test: never a pass and never a fail.</summary>
    Inconclusive,

    /// <summary>Tested, and not worse than every baseline by the confidence and the minimum effect.</summary>
    NotRegressed,

    /// <summary>Worse than every baseline it could be tested against, significantly and by at least the minimum effect.</summary>
    Regressed,
}

/// <summary>One test of the release's samples against one baseline; <paramref name="Against"/> says which, for people.</summary>
public sealed record JudgedAgainst(string Against, RankTest Test);

/// <summary>
/// What the judge concluded about the live release. With two baselines (the previous release, the same hours a week
/// earlier) the release is regressed only when worse than both, so a slow hour of the week is not blamed on a
/// release; <see cref="Deciding"/> is the test the outcome rests on (the weakest evidence of the ones run).
/// Plain values only, so the journal, a message or a later shadow record can keep it as it is.
/// </summary>
/// <param name="Release">The release judged, "v1.2 (dep-c)"; null while none is known live.</param>
/// <param name="Look">The looks spent on this release so far (tests run), out of <paramref name="MaxLooks"/>.</param>
/// <param name="Alpha">The level each look is tested at: (1 − confidence) / MaxLooks.</param>
/// <param name="Reason">Why nothing could be concluded, when <see cref="Outcome"/> is Inconclusive.</param>
/// <param name="MissingBaseline">Inconclusive for want of a baseline (which may never come), not of the release's own readings.</param>
public sealed record Judgement(
    JudgeOutcome Outcome,
    string? Release,
    IReadOnlyList<JudgedAgainst> Tests,
    int Look,
    int MaxLooks,
    double Alpha,
    double MinEffect,
    string? Reason,
    bool MissingBaseline = false)
{
    public static Judgement Inconclusive(string? release, int look, JudgeSettings s, string reason, bool missingBaseline = false) =>
        new(JudgeOutcome.Inconclusive, release, [], look, s.MaxLooks, s.AlphaPerLook, s.MinEffect, reason, missingBaseline);

    /// <summary>By value, tests included: a trigger read back from the journal equals the one written.</summary>
    public bool Equals(Judgement? other) => other is not null && Outcome == other.Outcome && Release == other.Release
        && Tests.SequenceEqual(other.Tests) && Look == other.Look && MaxLooks == other.MaxLooks && Alpha.Equals(other.Alpha)
        && MinEffect.Equals(other.MinEffect) && Reason == other.Reason && MissingBaseline == other.MissingBaseline;

    public override int GetHashCode() => HashCode.Combine(Outcome, Release, Tests.Count, Look, Alpha, Reason);

    /// <summary>The test the outcome rests on: the largest p-value of those run; null when none was.</summary>
    public JudgedAgainst? Deciding => Tests.Count == 0 ? null : Tests.MaxBy(t => t.Test.P);

    /// <summary>
    /// "U=1190, p=0.00041 ≤ 0.00333 (look 2 of 6), shift +62 ms, n=40 vs 120 (previous release v1.1 (dep-b))", each test
    /// run, or the reason nothing could be concluded.
    /// </summary>
    public string Describe(Signal signal) => Tests.Count == 0
        ? Reason ?? "not judged"
        : string.Join("; ", Tests.Select(t => Describe(signal, t)));

    private string Describe(Signal signal, JudgedAgainst t)
    {
        var inv = CultureInfo.InvariantCulture;
        var test = t.Test;
        var sign = test.Shift >= 0 ? "+" : "−";
        return $"U={test.U.ToString("0.#", inv)}, p={P(test.P)} {(test.P <= Alpha ? "≤" : ">")} {P(Alpha)} (look {Look} of {MaxLooks}), " +
               $"shift {sign}{SignalFormat.Value(signal, Math.Abs(test.Shift))}" +
               (MinEffect > 0 ? $" (min {SignalFormat.Value(signal, MinEffect)})" : "") +
               $", n={test.NNew} vs {test.NBaseline} ({t.Against})";
    }

    /// <summary>Three significant digits: a p-value is a magnitude, 0.000412 and 0.41 both matter.</summary>
    private static string P(double p) => p.ToString(p < 0.001 ? "0.00E+0" : "0.####", CultureInfo.InvariantCulture);
}
