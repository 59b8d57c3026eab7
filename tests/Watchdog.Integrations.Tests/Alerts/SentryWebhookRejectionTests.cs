using Watchdog.Integrations.Alerts;
using static Watchdog.Integrations.Tests.Alerts.SentryPayloads;

namespace Watchdog.Integrations.Tests.Alerts;

/// <summary>Alert deliveries that are not what API-NOTES §1.5 says: refused whole, with a bounded reason.</summary>
public sealed class SentryWebhookRejectionTests
{
    private static string Rejection(string resource, string body)
    {
        var result = SentryWebhook.Parse(resource, Bytes(body), new SentryMappingOptions());

        result.IsRejected.ShouldBeTrue();
        result.Alerts.ShouldBeEmpty();
        result.Ignored.ShouldBeEmpty();
        result.Rejection!.Length.ShouldBeLessThanOrEqualTo(300);
        return result.Rejection;
    }

    private static string Without(string body, string fragment)
    {
        var cut = body.Replace(fragment, "", StringComparison.Ordinal);
        cut.ShouldNotBe(body, "the fragment must be in the payload");
        return cut;
    }

    [Theory]
    [InlineData("metric_alert")]
    [InlineData("event_alert")]
    public void Parse_NotJson_IsRejected(string resource) => Rejection(resource, "{\"action\":").ShouldStartWith("body is not valid JSON");

    [Fact]
    public void Parse_DeepNesting_IsRejected() =>
        Rejection("event_alert", "{\"data\":" + new string('[', 50_000) + new string(']', 50_000) + "}").ShouldContain("depth");

    [Fact]
    public void Parse_NoAction_IsRejected() => Rejection("metric_alert", """{"data":{}}""").ShouldBe("action is required");

    [Fact]
    public void Parse_ActionNotAString_IsRejected() =>
        Rejection("metric_alert", MetricAlert("critical").Replace("\"action\":\"critical\"", "\"action\":2", StringComparison.Ordinal))
            .ShouldBe("action must be a string (was a number)");

    [Fact]
    public void Parse_NoData_IsRejected() => Rejection("metric_alert", """{"action":"critical"}""").ShouldBe("data is required");

    [Fact]
    public void Parse_NoMetricAlert_IsRejected() =>
        Rejection("metric_alert", """{"action":"critical","data":{"description_title":"x"}}""").ShouldBe("data.metric_alert is required");

    [Fact]
    public void Parse_MetricAlertWithoutId_IsRejected() =>
        Rejection("metric_alert", Without(MetricAlert("critical"), "\"id\":\"4\",")).ShouldBe("data.metric_alert.id is required");

    [Fact]
    public void Parse_MetricAlertIdAsObject_IsRejected() =>
        Rejection("metric_alert", MetricAlert("critical").Replace("\"id\":\"4\"", "\"id\":{}", StringComparison.Ordinal))
            .ShouldBe("data.metric_alert.id must be a string (was an object)");

    [Fact]
    public void Parse_ProjectsOfWrongType_IsRejected() =>
        Rejection("metric_alert", MetricAlert("critical", projects: "[7]")).ShouldBe("data.metric_alert.projects[0] must be a string (was a number)");

    [Fact]
    public void Parse_BadDateStarted_IsRejected() =>
        Rejection("metric_alert", MetricAlert("critical").Replace("\"date_started\":\"2020-09-13T12:26:40.000000Z\"", "\"date_started\":\"last tuesday\"", StringComparison.Ordinal))
            .ShouldBe("data.metric_alert.date_started must be an RFC 3339 time (was 'last tuesday')");

    [Fact]
    public void Parse_NoIncidentTimes_IsRejected()
    {
        var body = Edit(MetricAlert("critical"), root =>
        {
            var incident = root["data"]!["metric_alert"]!.AsObject();
            incident.Remove("date_started");
            incident.Remove("date_detected");
            incident["date_created"] = null;
        });

        Rejection("metric_alert", body).ShouldBe("data.metric_alert.date_started is required");
    }

    [Fact]
    public void Parse_NoEvent_IsRejected() =>
        Rejection("event_alert", """{"action":"triggered","data":{"triggered_rule":"x"}}""").ShouldBe("data.event is required");

    [Fact]
    public void Parse_EventWithoutAnyId_IsRejected()
    {
        var body = Without(Without(IssueAlert, "\"issue_id\":\"1117540176\","), "\"event_id\":\"e4874d664c3540c1a32eab185f12c5ab\",");

        Rejection("event_alert", body).ShouldBe("data.event.issue_id or data.event.event_id is required");
    }

    [Fact]
    public void Parse_EventTimestampOfWrongType_IsRejected()
    {
        var body = Without(IssueAlert, "\"datetime\":\"2019-08-19T21:06:17.677000Z\",").Replace("\"timestamp\":1566248777.677", "\"timestamp\":true", StringComparison.Ordinal);

        Rejection("event_alert", body).ShouldBe("data.event.timestamp must be Unix seconds or an RFC 3339 time (was a boolean)");
    }

    [Fact]
    public void Parse_EventTimestampOutOfRange_IsRejected()
    {
        var body = Without(IssueAlert, "\"datetime\":\"2019-08-19T21:06:17.677000Z\",").Replace("\"timestamp\":1566248777.677", "\"timestamp\":1e300", StringComparison.Ordinal);

        Rejection("event_alert", body).ShouldStartWith("data.event.timestamp must be");
    }

    [Fact]
    public void Parse_EventWithoutAnyTime_IsRejected()
    {
        var body = Without(Without(IssueAlert, "\"datetime\":\"2019-08-19T21:06:17.677000Z\","), "\"timestamp\":1566248777.677,");

        Rejection("event_alert", body).ShouldBe("data.event.datetime is required");
    }

    [Fact]
    public void Parse_TriggeredRuleOfWrongType_IsRejected() =>
        Rejection("event_alert", IssueAlert.Replace("\"triggered_rule\":\"Very Important Alert Rule!\"", "\"triggered_rule\":[]", StringComparison.Ordinal))
            .ShouldBe("data.triggered_rule must be a string (was an array)");
}
