namespace Watchdog.Core.Rules;

/// <summary>
/// How a <see cref="Comparison.RegressedFrom"/> rule judges; bound from the rule's own keys. The test is run at no
/// more than <see cref="MaxLooks"/> looks per release, each at <see cref="AlphaPerLook"/> (a Bonferroni bound), so
/// the chance that a release no worse than its baseline is ever called regressed stays at most 1 − Confidence.
/// </summary>
public sealed record JudgeSettings
{
    /// <summary>1 − the false-alarm rate allowed per release over all its looks (Kayenta's default, 98%).</summary>
    public double Confidence { get; init; } = 0.98;

    /// <summary>The smallest shift worth calling a regression, in the signal's units (seconds, a fraction): the Hodges–Lehmann estimate must reach it.</summary>
    public double MinEffect { get; init; }

    /// <summary>Samples each side needs before a test is run, and the step between looks: at 20, 40, … of the release's.</summary>
    public int MinReadings { get; init; } = 20;

    /// <summary>The most tests run on one release; after the last one its verdict stands until the next release.</summary>
    public int MaxLooks { get; init; } = 6;

    /// <summary>The level each look is tested at.</summary>
    public double AlphaPerLook => (1 - Confidence) / MaxLooks;

    /// <summary>The normal approximation of U is trusted from this many samples a side; fewer are refused at configuration.</summary>
    public const int LeastReadings = 20;
}
