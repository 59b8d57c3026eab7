using Watchdog.Core.Rules;

namespace Watchdog.Core.Tests.Rules.Judge;

public sealed class NormalTailTests
{
    /// <summary>0.5 · erfc(z/√2) from Python's math.erfc, on both sides of the switch from series to continued fraction.</summary>
    [Theory]
    [InlineData(0, 0.5)]
    [InlineData(1.96, 0.024997895148220435)]
    [InlineData(-1, 0.8413447460685429)]
    [InlineData(2.9, 0.0018658133003840384)]
    [InlineData(3.1, 0.0009676032132183562)]
    [InlineData(5, 2.866515718791946e-07)]
    [InlineData(10, 7.619853024160593e-24)]
    [InlineData(-4, 0.9999683287581669)]
    public void Above_MatchesTheReference_ToTwelveDigits(double z, double expected) =>
        NormalTail.Above(z).ShouldBe(expected, Math.Abs(expected) * 1e-12);
}
