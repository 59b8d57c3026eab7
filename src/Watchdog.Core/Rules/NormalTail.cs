namespace Watchdog.Core.Rules;

/// <summary>
/// The standard normal distribution's upper tail, P(Z &gt; z), accurate to about 1e-14 relative: .NET has no erfc,
/// and a p-value far in the tail is printed in every message, so a rough approximation would show.
/// </summary>
public static class NormalTail
{
    public static double Above(double z) => double.IsNaN(z) ? double.NaN : 0.5 * Erfc(z / Math.Sqrt(2));

    /// <summary>The complementary error function: a power series near zero, a continued fraction in the tails.</summary>
    internal static double Erfc(double x)
    {
        if (x < 0) return 2 - Erfc(-x);
        if (x < 3) return 1 - ErfSeries(x);
        if (x > 27) return 0; // exp(-x²) underflows
        // erfc(x) = exp(-x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))), evaluated from the far end.
        var f = x;
        for (var n = 80; n >= 1; n--) f = x + n / 2.0 / f;
        return Math.Exp(-x * x) / (Math.Sqrt(Math.PI) * f);
    }

    /// <summary>erf(x) = 2/√π Σ (−1)ⁿ x²ⁿ⁺¹ / (n! (2n+1)); below 3 the terms fall under 1e-17 within 60.</summary>
    private static double ErfSeries(double x)
    {
        double sum = 0, term = x; // term = (−1)ⁿ x²ⁿ⁺¹ / n!
        for (var n = 0; n < 100; n++)
        {
            var add = term / (2 * n + 1);
            sum += add;
            if (Math.Abs(add) < 1e-17 * Math.Abs(sum)) break;
            term *= -x * x / (n + 1);
        }

        return 2 / Math.Sqrt(Math.PI) * sum;
    }
}
