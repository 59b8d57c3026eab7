using Watchdog.Core.Signals;

namespace Watchdog.Core.Tests.Signals;

public class SignalFormatTests
{
    [Theory]
    [InlineData(Signal.ErrorRate, 0.1, "10%")]
    [InlineData(Signal.ErrorRate, 0.1001, "10.01%")]
    [InlineData(Signal.Availability, 0.95, "95%")]
    [InlineData(Signal.LatencyP95, 0.3004, "300 ms")]
    [InlineData(Signal.Up, 1, "1")]
    public void Value_RendersAsPeopleReadIt(Signal signal, double value, string expected)
    {
        SignalFormat.Value(signal, value).ShouldBe(expected);
    }

    [Theory]
    [InlineData(0.25, "250ms")]
    [InlineData(5, "5s")]
    [InlineData(59.5, "59.5s")]
    [InlineData(60, "1m")]
    [InlineData(299, "4m59s")]
    [InlineData(7200, "2h00m")]
    [InlineData(5400, "1h30m")]
    public void Duration_RendersShortHumanForm(double seconds, string expected)
    {
        SignalFormat.Duration(TimeSpan.FromSeconds(seconds)).ShouldBe(expected);
    }

    [Fact]
    public void Reading_ToStringSaysValueOrWhyNot()
    {
        var at = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        Reading.Of(Signal.ErrorRate, 0.2, 50, at).ToString().ShouldBe("ErrorRate=20% (n=50)");
        Reading.Error(Signal.ErrorRate, at, "timeout").ToString().ShouldBe("ErrorRate: Error (timeout)");
    }
}
