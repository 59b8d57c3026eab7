using System.Text;
using Watchdog.Integrations.Health;

namespace Watchdog.Integrations.Tests.Health;

public sealed class TopLevelFieldTests
{
    [Theory]
    [InlineData("""{"status":"ok"}""", true, "Found", "ok")]
    [InlineData("""{"Status":"Degraded"}""", true, "Found", "Degraded")]
    [InlineData("""{"status":1}""", true, "Found", "1")]
    [InlineData("""{"status":false}""", true, "Found", "false")]
    [InlineData("""{"status":null}""", true, "NotScalar", "")]
    [InlineData("""{"status":{"db":"ok"}}""", true, "NotScalar", "")]
    [InlineData("""{"db":{"status":"down"}}""", true, "Missing", "")]
    [InlineData("""{"status":"degraded","pad":"xxxxx""", false, "Found", "degraded")]
    [InlineData("""{"pad":"xxxxx""", false, "Missing", "")]
    [InlineData("""{"pad":"x","sta""", false, "Missing", "")]
    [InlineData("""["status","down"]""", true, "NotJson", "")]
    [InlineData("OK", true, "NotJson", "")]
    [InlineData("""{"status": ok}""", true, "NotJson", "")]
    [InlineData("", true, "NotJson", "")]
    [InlineData("\uFEFF{\"status\":\"up\"}", true, "Found", "up")]
    public void Find_ReadsOnlyTheTopLevelScalar(string body, bool complete, string expected, string value)
    {
        var lookup = TopLevelField.Find(Encoding.UTF8.GetBytes(body), complete, "status", out var seen);

        lookup.ToString().ShouldBe(expected);
        seen.ShouldBe(value);
    }

    [Theory]
    [InlineData("{\"na\xFFme\":\"x\",\"status\":\"degraded\"}", "Found", "degraded")] // a Latin-1 byte elsewhere does not hide the field
    [InlineData("{\"status\":\"ok\xFF\"}", "BadEncoding", "")]
    [InlineData("{\"pad\":\"\xC3\x28\",\"status\":\"ok\"}", "Found", "ok")]
    public void Find_InvalidUtf8_NeverThrows(string latin1, string expected, string value)
    {
        var bytes = Encoding.Latin1.GetBytes(latin1); // each char one byte: \xFF stays a lone 0xFF, not valid UTF-8

        var lookup = TopLevelField.Find(bytes, complete: true, "status", out var seen);

        lookup.ToString().ShouldBe(expected);
        seen.ShouldBe(value);
    }

    [Fact]
    public void Printable_StripsControlCharactersAndCapsLength()
    {
        TopLevelField.Printable("v1\r\nX-Injected: yes").ShouldBe("v1  X-Injected: yes");
        TopLevelField.Printable(new string('a', 200)).Length.ShouldBe(80);
    }
}
