using Watchdog.Core.Decisions;
using Watchdog.Core.Rules;
using Watchdog.Integrations.Alerts;
using static Watchdog.Integrations.Tests.Alerts.SentryPayloads;

namespace Watchdog.Integrations.Tests.Alerts;

public sealed class SentryWebhookTests
{
    private static readonly DateTimeOffset IncidentStarted = new(2020, 9, 13, 12, 26, 40, TimeSpan.Zero);

    private static AlertParseResult Parse(string resource, string body, SentryMappingOptions? mapping = null) =>
        SentryWebhook.Parse(resource, Bytes(body), mapping ?? new SentryMappingOptions());

    private static PushedAlert Single(string resource, string body, SentryMappingOptions? mapping = null)
    {
        var result = Parse(resource, body, mapping);
        result.Rejection.ShouldBeNull();
        result.Ignored.ShouldBeEmpty();
        return result.Alerts.ShouldHaveSingleItem();
    }

    private static IgnoredAlert SingleIgnored(string resource, string body, SentryMappingOptions? mapping = null)
    {
        var result = Parse(resource, body, mapping);
        result.Rejection.ShouldBeNull();
        result.Alerts.ShouldBeEmpty();
        return result.Ignored.ShouldHaveSingleItem();
    }

    [Fact]
    public void Parse_MetricAlertCritical_FiresOnTheProjectsService() =>
        Single("metric_alert", MetricAlert("critical")).ShouldBe(new PushedAlert(
            "bar", "metric:4", "sentry", AlertStatus.Firing, Meaning.CoreBroken,
            "Critical: Too many errors — 1000 events in the last 10 minutes Filter: level:error", IncidentStarted));

    [Fact]
    public void Parse_MetricAlertResolved_WithdrawsTheSameKey()
    {
        var alert = Single("metric_alert", MetricAlert("resolved", "Resolved: Too many errors"));

        alert.Status.ShouldBe(AlertStatus.Resolved);
        alert.Key.ShouldBe("metric:4");
        alert.Service.ShouldBe("bar");
        alert.Summary.ShouldStartWith("Resolved: Too many errors");
    }

    [Fact]
    public void Parse_MetricAlertWarning_FiresAsUsersAffected()
    {
        var alert = Single("metric_alert", MetricAlert("warning", "Warning: Too many errors"));

        alert.Status.ShouldBe(AlertStatus.Firing);
        alert.Meaning.ShouldBe(Meaning.UsersAffected);
    }

    [Fact]
    public void Parse_MetricAlertWarningWithWarningsOff_IsIgnored()
    {
        var ignored = SingleIgnored("metric_alert", MetricAlert("warning"), new SentryMappingOptions { WarningMeaning = null });

        ignored.Key.ShouldBe("metric:4");
        ignored.Reason.ShouldContain("WarningMeaning");
    }

    [Fact]
    public void Parse_MetricAlertUnknownAction_IsIgnoredNotRejected() =>
        SingleIgnored("metric_alert", MetricAlert("snoozed")).Reason.ShouldBe("action 'snoozed' is not critical, warning or resolved");

    [Fact]
    public void Parse_MetricAlertCriticalMeaningConfigured_IsUsed() =>
        Single("metric_alert", MetricAlert("critical"), new SentryMappingOptions { CriticalMeaning = Meaning.ServiceDown }).Meaning.ShouldBe(Meaning.ServiceDown);

    [Fact]
    public void Parse_RuleMeaning_BeatsTheActionDefault()
    {
        var mapping = new SentryMappingOptions { RuleMeanings = { ["TOO MANY ERRORS"] = Meaning.DataAtRisk } };

        Single("metric_alert", MetricAlert("critical"), mapping).Meaning.ShouldBe(Meaning.DataAtRisk);
        Single("metric_alert", MetricAlert("warning"), mapping).Meaning.ShouldBe(Meaning.DataAtRisk);
    }

    [Fact]
    public void Parse_ProjectServices_MapsTheSlug() =>
        Single("metric_alert", MetricAlert("critical"), new SentryMappingOptions { ProjectServices = { ["BAR"] = "checkout" } }).Service.ShouldBe("checkout");

    [Fact]
    public void Parse_SlugAsServiceOff_UnmappedProjectIsIgnored() =>
        SingleIgnored("metric_alert", MetricAlert("critical"), new SentryMappingOptions { UseProjectSlugAsService = false })
            .Reason.ShouldBe("no service for project 'bar': map it in ProjectServices");

    [Fact]
    public void Parse_SeveralUnmappedProjects_AreIgnoredNotGuessed() =>
        SingleIgnored("metric_alert", MetricAlert("critical", projects: """["bar","baz"]"""))
            .Reason.ShouldBe("no service for project 'bar', 'baz': map it in ProjectServices");

    [Fact]
    public void Parse_ManyLongUnmappedProjects_GiveABoundedReason()
    {
        var projects = "[" + string.Join(",", Enumerable.Range(0, 50).Select(i => $"\"{new string('p', 200)}{i}\"")) + "]";

        var reason = SingleIgnored("metric_alert", MetricAlert("critical", projects: projects)).Reason;

        reason.Length.ShouldBeLessThanOrEqualTo(300);
        reason.ShouldStartWith("no service for project 'ppp");
    }

    [Fact]
    public void Parse_SeveralProjectsOneMapped_TakesTheMappedService() =>
        Single("metric_alert", MetricAlert("critical", projects: """["bar","baz"]"""), new SentryMappingOptions { ProjectServices = { ["baz"] = "search" } })
            .Service.ShouldBe("search");

    [Fact]
    public void Parse_ProjectsMappedToDifferentServices_AreIgnored()
    {
        var mapping = new SentryMappingOptions { ProjectServices = { ["bar"] = "checkout", ["baz"] = "search" } };

        SingleIgnored("metric_alert", MetricAlert("critical", projects: """["bar","baz"]"""), mapping)
            .Reason.ShouldBe("projects map to several services ('checkout', 'search'); watchdog will not pick one");
    }

    [Fact]
    public void Parse_MetricAlertWithoutIncidentProjects_UsesTheRulesProjects()
    {
        var body = Edit(MetricAlert("critical"), root => root["data"]!["metric_alert"]!.AsObject().Remove("projects").ShouldBeTrue());

        Single("metric_alert", body, new SentryMappingOptions { ProjectServices = { ["bar"] = "checkout" } }).Service.ShouldBe("checkout");
    }

    [Fact]
    public void Parse_MetricAlertNumericId_IsTheSameKey() =>
        Single("metric_alert", MetricAlert("critical").Replace("\"id\":\"4\"", "\"id\":4", StringComparison.Ordinal)).Key.ShouldBe("metric:4");

    [Fact]
    public void Parse_IssueAlert_FiresOnTheEventsProject() =>
        Single("event_alert", IssueAlert).ShouldBe(new PushedAlert(
            "front-end", "issue:1117540176", "sentry", AlertStatus.Firing, Meaning.UsersAffected,
            "Very Important Alert Rule!: ReferenceError: heck is not defined",
            new DateTimeOffset(2019, 8, 19, 21, 6, 17, 677, TimeSpan.Zero)));

    [Fact]
    public void Parse_IssueAlert_CarriesTheEventsRelease() =>
        Single("event_alert", IssueAlert.Replace("\"release\":null", "\"release\":\"web@2.4.1\"", StringComparison.Ordinal)).Release.ShouldBe("web@2.4.1");

    [Fact]
    public void Parse_IssueAlert_MapsByProjectId() =>
        Single("event_alert", IssueAlert, new SentryMappingOptions { ProjectServices = { ["1"] = "web" } }).Service.ShouldBe("web");

    [Fact]
    public void Parse_IssueAlert_MapsBySlug() =>
        Single("event_alert", IssueAlert, new SentryMappingOptions { ProjectServices = { ["front-end"] = "web" } }).Service.ShouldBe("web");

    [Fact]
    public void Parse_IssueAlertMeaning_IsConfigurableOverallAndPerRule()
    {
        Single("event_alert", IssueAlert, new SentryMappingOptions { IssueAlertMeaning = Meaning.Performance }).Meaning.ShouldBe(Meaning.Performance);
        Single("event_alert", IssueAlert, new SentryMappingOptions { RuleMeanings = { ["very important alert rule!"] = Meaning.Security } })
            .Meaning.ShouldBe(Meaning.Security);
    }

    [Fact]
    public void Parse_IssueAlertWithoutIssueId_KeysByTheEvent() =>
        Single("event_alert", IssueAlert.Replace("\"issue_id\":\"1117540176\",", "", StringComparison.Ordinal)).Key.ShouldBe("event:e4874d664c3540c1a32eab185f12c5ab");

    [Fact]
    public void Parse_IssueAlertWithoutDatetime_UsesTheUnixTimestamp() =>
        Single("event_alert", IssueAlert.Replace("\"datetime\":\"2019-08-19T21:06:17.677000Z\",", "", StringComparison.Ordinal))
            .StartsAt.ShouldBe(new DateTimeOffset(2019, 8, 19, 21, 6, 17, 677, TimeSpan.Zero));

    [Fact]
    public void Parse_IssueAlertWithoutProjectUrlAndUnmapped_IsIgnored()
    {
        var body = IssueAlert.Replace("\"url\":\"https://sentry.io/api/0/projects/test-org/front-end/events/e4874d664c3540c1a32eab185f12c5ab/\",", "", StringComparison.Ordinal);

        SingleIgnored("event_alert", body).Reason.ShouldBe("no service for project '1': map it in ProjectServices");
    }

    [Theory]
    [InlineData("installation")]
    [InlineData("issue")]
    [InlineData("error")]
    [InlineData("comment")]
    public void Parse_OtherResource_IsIgnoredUnread(string resource)
    {
        var ignored = SingleIgnored(resource, "this is not even JSON");

        ignored.Key.ShouldBeNull();
        ignored.Reason.ShouldBe($"resource '{resource}' is not an alert; nothing to do");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Parse_NoResourceHeader_IsRejected(string? resource) =>
        SentryWebhook.Parse(resource, Bytes(IssueAlert), new SentryMappingOptions()).Rejection.ShouldBe("the Sentry-Hook-Resource header is missing");
}
