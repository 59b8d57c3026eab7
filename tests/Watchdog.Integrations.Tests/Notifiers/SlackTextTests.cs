using Watchdog.Integrations.Slack;

namespace Watchdog.Integrations.Tests.Notifiers;

public sealed class SlackTextTests
{
    [Fact]
    public void Pack_LineOfAmpersands_NeverCutsAnEntity()
    {
        var chunks = SlackText.Pack([new string('&', 2000)], 3000);

        chunks.ShouldAllBe(c => c.Length <= 3000);
        chunks.ShouldAllBe(c => c.Replace("&amp;", "", StringComparison.Ordinal).Length == 0);
        chunks.Sum(c => c.Length).ShouldBe(2000 * 5);
    }

    [Fact]
    public void Pack_LineOfEmoji_NeverCutsASurrogatePair()
    {
        var chunks = SlackText.Pack([string.Concat(Enumerable.Repeat("🚨", 2001))], 3001);

        chunks.Count.ShouldBe(2);
        foreach (var c in chunks) (char.IsHighSurrogate(c[^1]) || char.IsLowSurrogate(c[0])).ShouldBeFalse();
        string.Concat(chunks).ShouldBe(string.Concat(Enumerable.Repeat("🚨", 2001)));
    }

    [Fact]
    public void Pack_ShortLines_KeepsThemTogetherAndDropsBlankOnes()
    {
        SlackText.Pack(["a", "b", ""], 3000).ShouldBe(["a\nb\n"]);
        SlackText.Pack(["", " "], 3000).ShouldBeEmpty();
    }

    [Fact]
    public void EscapeWithin_TooLong_CutsBeforeAnEntityAndEndsWithEllipsis()
    {
        SlackText.EscapeWithin("ab&cd", 6).ShouldBe("ab…");
        SlackText.EscapeWithin("ab&cd", 9).ShouldBe("ab&amp;cd");
    }
}
