namespace Watchdog.Core.Rules;

/// <summary>A baseline the release can be tested against: which one, for people, and its samples.</summary>
public readonly record struct BaselineSample(string Against, IReadOnlyList<double> Values);

/// <summary>
/// One look: the release's samples against every baseline with enough of them. Pure: the caller decides when a look
/// is due and counts the looks spent.
/// </summary>
public static class RegressionJudge
{
    /// <param name="look">This look's number, 1-based; a look only counts as spent when a test ran.</param>
    /// <param name="missing">Why each baseline left out has too little, for the reason when none is left.</param>
    public static Judgement Look(IReadOnlyList<double> newer, IReadOnlyList<BaselineSample> baselines, IReadOnlyList<string> missing,
        JudgeSettings settings, int look, string release)
    {
        var usable = baselines.Where(b => b.Values.Count >= settings.MinReadings).ToArray();
        var unusable = missing.Concat(baselines.Where(b => b.Values.Count < settings.MinReadings)
            .Select(b => $"{b.Against} has {b.Values.Count} readings, needs {settings.MinReadings}"));
        if (usable.Length == 0)
            return Judgement.Inconclusive(release, look - 1, settings, $"no baseline to compare {release} with: {string.Join("; ", unusable)}", missingBaseline: true);
        if (newer.Count < settings.MinReadings)
            return Judgement.Inconclusive(release, look - 1, settings, $"only {newer.Count} readings of {release} so far, needs {settings.MinReadings}");

        var mine = newer.ToArray();
        var tests = usable.Select(b => new JudgedAgainst(b.Against, RankTest.Greater(mine, b.Values.ToArray()))).ToArray();
        // Intersection–union: regressed only against every baseline, each at the look's level; that keeps the level.
        var regressed = tests.All(t => t.Test.P <= settings.AlphaPerLook && t.Test.Shift >= settings.MinEffect);
        return new Judgement(regressed ? JudgeOutcome.Regressed : JudgeOutcome.NotRegressed, release, tests, look, settings.MaxLooks,
            settings.AlphaPerLook, settings.MinEffect, null);
    }
}
