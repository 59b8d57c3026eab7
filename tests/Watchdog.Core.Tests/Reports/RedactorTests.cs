using Watchdog.Core.Reports;

namespace Watchdog.Core.Tests.Reports;

public class RedactorTests
{
    [Fact]
    public void Redact_ReplacesEveryOccurrence()
    {
        new Redactor(["hunter22"]).Redact("a=hunter22&b=hunter22").ShouldBe("a=***&b=***");
    }

    [Fact]
    public void Redact_LongerSecretFirst_SoNoTailIsLeft()
    {
        new Redactor(["abcd", "abcdefgh"]).Redact("key abcdefgh").ShouldBe("key ***");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("abc")]
    public void Redact_MissingOrShortSecrets_AreIgnored(string? secret)
    {
        new Redactor([secret]).Redact("abc abcd").ShouldBe("abc abcd");
    }

    [Theory]
    [InlineData(null, "")]
    [InlineData("", "")]
    public void Redact_NullOrEmpty_IsEmpty(string? text, string expected)
    {
        new Redactor(["secret"]).Redact(text).ShouldBe(expected);
    }

    [Fact]
    public void Redact_IsCaseSensitive()
    {
        new Redactor(["Token1234"]).Redact("token1234 Token1234").ShouldBe("token1234 ***");
    }
}
