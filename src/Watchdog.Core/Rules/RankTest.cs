namespace Watchdog.Core.Rules;

/// <summary>
/// One Mann–Whitney U test, one-sided: are the newer samples stochastically greater (slower, more errors) than the
/// baseline's? <see cref="U"/> counts the pairs where the newer sample is greater, a tie as half. <see cref="P"/> is the
/// normal approximation with the tie correction of the variance and a continuity correction, which is close to the
/// exact distribution from about 20 samples a side (the judge requires at least that many). <see cref="Shift"/> is the
/// Hodges–Lehmann estimate of how much greater: the median of all pairwise differences newer − baseline, in the
/// signal's units (seconds, a fraction).
/// </summary>
public sealed record RankTest(double U, double Z, double P, double Shift, int NNew, int NBaseline)
{
    /// <summary>The probability that a newer sample is greater than a baseline one (ties half): U / (n·m), 0.5 when alike.</summary>
    public double Superiority => U / ((double)NNew * NBaseline);

    public static RankTest Greater(ReadOnlySpan<double> newer, ReadOnlySpan<double> baseline)
    {
        int n = newer.Length, m = baseline.Length, total = n + m;
        if (n == 0 || m == 0) throw new ArgumentException("both samples need values");

        // Ranks of the pooled samples, ties sharing their mean rank; the newer ones flagged.
        var pooled = new (double Value, bool Newer)[total];
        for (var i = 0; i < n; i++) pooled[i] = (newer[i], true);
        for (var j = 0; j < m; j++) pooled[n + j] = (baseline[j], false);
        Array.Sort(pooled, (a, b) => a.Value.CompareTo(b.Value));

        double rankSum = 0, ties = 0;
        for (var start = 0; start < total;)
        {
            var end = start;
            while (end + 1 < total && pooled[end + 1].Value == pooled[start].Value) end++;
            var rank = (start + end) / 2.0 + 1; // 1-based mean rank of the group
            for (var k = start; k <= end; k++)
                if (pooled[k].Newer) rankSum += rank;
            double t = end - start + 1;
            ties += t * t * t - t;
            start = end + 1;
        }

        var u = rankSum - n * (n + 1) / 2.0;
        var mean = (double)n * m / 2;
        var variance = (double)n * m / 12 * (total + 1 - ties / ((double)total * (total - 1)));
        // All values alike: no evidence either way.
        var z = variance > 0 ? (u - mean - 0.5) / Math.Sqrt(variance) : 0;
        var p = variance > 0 ? NormalTail.Above(z) : 1;
        return new RankTest(u, z, p, HodgesLehmann(newer, baseline), n, m);
    }

    private static double HodgesLehmann(ReadOnlySpan<double> newer, ReadOnlySpan<double> baseline)
    {
        var diffs = new double[newer.Length * baseline.Length];
        var k = 0;
        foreach (var x in newer)
            foreach (var y in baseline)
                diffs[k++] = x - y;
        Array.Sort(diffs);
        var mid = diffs.Length / 2;
        return diffs.Length % 2 == 1 ? diffs[mid] : (diffs[mid - 1] + diffs[mid]) / 2;
    }
}
