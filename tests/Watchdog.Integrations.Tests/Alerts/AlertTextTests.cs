using Watchdog.Integrations.Alerts;

namespace Watchdog.Integrations.Tests.Alerts;

public sealed class AlertTextTests
{
    [Fact]
    public void Bounded_ControlCharacters_BecomeSpaces() => AlertText.Bounded("a\r\nb\u0007c", 64).ShouldBe("a  b c");

    [Fact]
    public void Bounded_ShortText_IsKeptWhole() => AlertText.Bounded("  checkout  ", 8).ShouldBe("checkout");

    [Fact]
    public void Bounded_LongText_EndsInAnEllipsisAtTheLimit() => AlertText.Bounded("abcdefghij", 5).ShouldBe("abcd…");

    [Fact]
    public void Bounded_CutInsideASurrogatePair_DropsTheHalf()
    {
        var text = AlertText.Bounded("abc\U0001F525\U0001F525", 5); // "abc" + two 2-char emoji

        text.ShouldBe("abc…");
        text.ShouldNotContain("\uD83D");
    }

    [Fact]
    public void Summary_JoinsOrFallsBack()
    {
        AlertText.Summary("Name", "detail", "fallback").ShouldBe("Name: detail");
        AlertText.Summary(" ", null, "fallback").ShouldBe("fallback");
        AlertText.Summary("Title", "text", "fallback", " — ").ShouldBe("Title — text");
    }
}
