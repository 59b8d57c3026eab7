using Watchdog.Integrations.Alerts;
using static Watchdog.Integrations.Tests.Alerts.AlertmanagerPayloads;

namespace Watchdog.Integrations.Tests.Alerts;

/// <summary>Bodies that are not Alertmanager's v4 webhook: refused whole, with a bounded reason, never an exception.</summary>
public sealed class AlertmanagerWebhookRejectionTests
{
    private static string Rejection(byte[] body)
    {
        var result = AlertmanagerWebhook.Parse(body, new AlertMappingOptions());

        result.IsRejected.ShouldBeTrue();
        result.Alerts.ShouldBeEmpty();
        result.Ignored.ShouldBeEmpty();
        result.Rejection!.Length.ShouldBeLessThanOrEqualTo(300);
        result.Rejection.ShouldNotContain("\n");
        return result.Rejection;
    }

    private static string AlertRejection(string alertJson) => Rejection(WithAlert(alertJson));

    [Theory]
    [InlineData("")]
    [InlineData("<html>502 Bad Gateway</html>")]
    [InlineData("""{"version":"4","alerts":[""")]
    [InlineData("""{"version":"4","alerts":[]} trailing""")]
    [InlineData("""{"version":"4","alerts":[],}""")]
    [InlineData("""{"version":"4", /* note */ "alerts":[]}""")]
    public void Parse_NotJson_IsRejected(string body) =>
        Rejection(Bytes(body)).ShouldStartWith("body is not valid JSON");

    [Fact]
    public void Parse_DeepNesting_IsRejectedBeforeItCosts()
    {
        var bomb = "{\"version\":\"4\",\"x\":" + new string('[', 100_000) + new string(']', 100_000) + ",\"alerts\":[]}";

        Rejection(Bytes(bomb)).ShouldContain("depth");
    }

    [Fact]
    public void Parse_DuplicateField_IsRejected() =>
        Rejection(Bytes("""{"version":"4","alerts":[],"alerts":[{"status":"firing"}]}""")).ShouldStartWith("body is not valid JSON");

    [Theory]
    [InlineData("[]", "an array")]
    [InlineData("\"4\"", "a string")]
    [InlineData("null", "null")]
    public void Parse_NotAnObject_IsRejected(string body, string kind) =>
        Rejection(Bytes(body)).ShouldBe($"body must be a JSON object (was {kind})");

    [Fact]
    public void Parse_OtherVersion_IsRejected() =>
        Rejection(Bytes("""{"version":"3","alerts":[]}""")).ShouldBe("version must be \"4\" (was '3')");

    [Fact]
    public void Parse_VersionAsNumber_IsRejected() =>
        Rejection(Bytes("""{"version":4,"alerts":[]}""")).ShouldBe("version must be a string (was a number)");

    [Fact]
    public void Parse_NoVersion_IsRejected() =>
        Rejection(Bytes("""{"alerts":[]}""")).ShouldBe("version is required");

    [Fact]
    public void Parse_NoAlerts_IsRejected() =>
        Rejection(Bytes("""{"version":"4","status":"firing"}""")).ShouldBe("alerts is required");

    [Fact]
    public void Parse_AlertsNotAnArray_IsRejected() =>
        Rejection(Bytes("""{"version":"4","alerts":{"status":"firing"}}""")).ShouldBe("alerts must be an array (was an object)");

    [Fact]
    public void Parse_AlertNotAnObject_IsRejected() =>
        Rejection(Bytes("""{"version":"4","alerts":["firing"]}""")).ShouldBe("alerts[0] must be an object (was a string)");

    [Theory]
    [InlineData("-1", "a number")]
    [InlineData("1.5", "a number")]
    [InlineData("\"1\"", "a string")]
    public void Parse_BadTruncatedAlerts_IsRejected(string value, string kind) =>
        Rejection(Bytes($$"""{"version":"4","truncatedAlerts":{{value}},"alerts":[]}"""))
            .ShouldBe($"truncatedAlerts must be a non-negative integer (was {kind})");

    [Fact]
    public void Parse_LabelOfWrongType_NamesItsPath() =>
        AlertRejection("""{"status":"firing","labels":{"service":"api","severity":5},"startsAt":"2026-01-01T00:00:00Z"}""")
            .ShouldBe("alerts[0].labels.severity must be a string (was a number)");

    [Fact]
    public void Parse_AnnotationOfWrongType_NamesItsPath() =>
        AlertRejection("""{"status":"firing","labels":{"service":"api"},"annotations":{"value":0.5},"startsAt":"2026-01-01T00:00:00Z"}""")
            .ShouldBe("alerts[0].annotations.value must be a string (was a number)");

    [Fact]
    public void Parse_NoLabels_IsRejected() =>
        AlertRejection("""{"status":"firing","startsAt":"2026-01-01T00:00:00Z"}""").ShouldBe("alerts[0].labels is required");

    [Fact]
    public void Parse_LabelsAsArray_IsRejected() =>
        AlertRejection("""{"status":"firing","labels":[["service","api"]],"startsAt":"2026-01-01T00:00:00Z"}""")
            .ShouldBe("alerts[0].labels must be an object (was an array)");

    [Theory]
    [InlineData("\"pending\"", "alerts[0].status must be \"firing\" or \"resolved\" (was 'pending')")]
    [InlineData("true", "alerts[0].status must be a string (was a boolean)")]
    public void Parse_BadStatus_IsRejected(string status, string expected) =>
        AlertRejection($$"""{"status":{{status}},"labels":{"service":"api"},"startsAt":"2026-01-01T00:00:00Z"}""").ShouldBe(expected);

    [Fact]
    public void Parse_NoStatus_IsRejected() =>
        AlertRejection("""{"labels":{"service":"api"},"startsAt":"2026-01-01T00:00:00Z"}""").ShouldBe("alerts[0].status is required");

    [Theory]
    [InlineData("\"yesterday\"")]
    [InlineData("\"2026-01-01T00:00:00\"")]
    [InlineData("\"2026-01-01\"")]
    [InlineData("\"01/01/2026 00:00:00 +00:00\"")]
    [InlineData("\"0001-01-01T00:00:00+01:00\"")]
    public void Parse_StartsAtNotRfc3339_IsRejected(string startsAt) =>
        AlertRejection($$"""{"status":"firing","labels":{"service":"api"},"startsAt":{{startsAt}}}""").ShouldStartWith("alerts[0].startsAt must be an RFC 3339 time");

    [Fact]
    public void Parse_StartsAtAsNumber_IsRejected() =>
        AlertRejection("""{"status":"firing","labels":{"service":"api"},"startsAt":1767225600}""").ShouldBe("alerts[0].startsAt must be a string (was a number)");

    [Fact]
    public void Parse_NoStartsAt_IsRejected() =>
        AlertRejection("""{"status":"firing","labels":{"service":"api"}}""").ShouldBe("alerts[0].startsAt is required");

    [Fact]
    public void Parse_BadEndsAt_IsRejected() =>
        AlertRejection("""{"status":"firing","labels":{"service":"api"},"startsAt":"2026-01-01T00:00:00Z","endsAt":"never"}""")
            .ShouldStartWith("alerts[0].endsAt must be an RFC 3339 time");

    [Fact]
    public void Parse_FingerprintOfWrongType_IsRejected() =>
        AlertRejection("""{"status":"firing","labels":{"service":"api"},"startsAt":"2026-01-01T00:00:00Z","fingerprint":123}""")
            .ShouldBe("alerts[0].fingerprint must be a string (was a number)");

    [Fact]
    public void Parse_OneBadAlertInTheGroup_RejectsTheWholeBody()
    {
        var body = Bytes("""
            {"version":"4","alerts":[
              {"status":"firing","labels":{"service":"api"},"startsAt":"2026-01-01T00:00:00Z"},
              {"status":"firing","labels":{"service":"api"},"startsAt":"soon"}]}
            """);

        Rejection(body).ShouldStartWith("alerts[1].startsAt");
    }

    [Fact]
    public void Parse_InvalidUtf8InALabel_IsRejected()
    {
        var body = WithAlert("""{"status":"firing","labels":{"service":"api","x":"@@"},"startsAt":"2026-01-01T00:00:00Z"}""");
        var at = Array.IndexOf(body, (byte)'@');
        body[at] = 0xC3; // a lead byte followed by '@' is not UTF-8
        Rejection(body).ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public void Parse_LoneSurrogateEscape_IsRejected() =>
        AlertRejection("""{"status":"firing","labels":{"service":"\ud800"},"startsAt":"2026-01-01T00:00:00Z"}""")
            .ShouldBe("alerts[0].labels.service is not valid UTF-8 text");

    [Fact]
    public void Parse_HugeLabelNameOfWrongType_GivesABoundedReason()
    {
        var name = new string('n', 50_000);

        var reason = AlertRejection($$"""{"status":"firing","labels":{"{{name}}":[]},"startsAt":"2026-01-01T00:00:00Z"}""");

        reason.ShouldStartWith("alerts[0].labels.nnnn");
        reason.Length.ShouldBeLessThanOrEqualTo(300);
    }

    [Fact]
    public void Parse_HugeVersion_GivesABoundedReason() =>
        Rejection(Bytes($$"""{"version":"{{new string('9', 100_000)}}","alerts":[]}""")).Length.ShouldBeLessThan(120);
}
