using Watchdog.Core.Decisions;
using Watchdog.Core.Rules;
using Watchdog.Core.Signals;
using Watchdog.Integrations.Alerts;
using static Watchdog.Integrations.Tests.Alerts.AlertmanagerPayloads;

namespace Watchdog.Integrations.Tests.Alerts;

public sealed class AlertmanagerWebhookTests
{
    private static AlertParseResult Parse(byte[] body, AlertMappingOptions? mapping = null) =>
        AlertmanagerWebhook.Parse(body, mapping ?? new AlertMappingOptions());

    private static PushedAlert Single(byte[] body, AlertMappingOptions? mapping = null)
    {
        var result = Parse(body, mapping);
        result.Rejection.ShouldBeNull();
        result.Ignored.ShouldBeEmpty();
        return result.Alerts.ShouldHaveSingleItem();
    }

    private static IgnoredAlert SingleIgnored(byte[] body, AlertMappingOptions? mapping = null)
    {
        var result = Parse(body, mapping);
        result.Rejection.ShouldBeNull();
        result.Alerts.ShouldBeEmpty();
        return result.Ignored.ShouldHaveSingleItem();
    }

    [Fact]
    public void Parse_GroupedFiringAndResolved_GivesOneAlertEachWithItsOwnStatus()
    {
        var result = Parse(Bytes(Grouped));

        result.IsRejected.ShouldBeFalse();
        result.Alerts.Count.ShouldBe(2);
        var firing = result.Alerts[0];
        firing.ShouldBe(new PushedAlert("checkout", "1a2b3c4d5e6f7a8b", "alertmanager", AlertStatus.Firing, Meaning.UsersAffected,
            "HighErrorRate: Error rate above 10% on checkout", new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero))
        {
            Value = 0.23,
            Signal = Signal.ErrorRate,
            Rule = "HighErrorRate",
        });
        var resolved = result.Alerts[1];
        resolved.Status.ShouldBe(AlertStatus.Resolved);
        resolved.Key.ShouldBe("0f0e0d0c0b0a0908");
        resolved.Service.ShouldBe("search");
        resolved.Meaning.ShouldBe(Meaning.CoreBroken);
        resolved.Summary.ShouldBe("HighErrorRate: Error rate back under 10% on search");
    }

    [Fact]
    public void Parse_GoNanosecondStartsAt_KeepsTheTimeToTheTick() =>
        Parse(Bytes(Grouped)).Alerts[1].StartsAt.ShouldBe(new DateTimeOffset(2025, 12, 31, 23, 40, 0, TimeSpan.Zero).AddTicks(1_234_567));

    [Fact]
    public void Parse_OffsetStartsAt_IsReadAsTheSameInstant() =>
        Single(WithAlert("""{"status":"firing","labels":{"service":"api"},"startsAt":"2026-01-01T02:00:00+02:00","endsAt":"0001-01-01T00:00:00Z"}"""))
            .StartsAt.ShouldBe(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Parse_ReleaseLabel_NamesTheReleaseTheAlertIsAbout() =>
        // An alert about another release than the live one never opens an incident (AlertAdmission).
        Single(WithAlert("""{"status":"firing","labels":{"service":"api","release":" v41 "},"startsAt":"2026-01-01T00:00:00Z"}""")).Release.ShouldBe("v41");

    [Fact]
    public void Parse_TruncatedAlerts_IsReportedAlongside() => Parse(Bytes(Grouped)).TruncatedAlerts.ShouldBe(1);

    [Fact]
    public void Parse_WithoutOptionalFields_StillReads() =>
        // No endsAt, fingerprint, annotations or generatorURL: what a hand-made or older sender may post.
        Single(WithAlert("""{"status":"firing","labels":{"service":"api"},"startsAt":"2026-01-01T00:00:00Z"}""")).Service.ShouldBe("api");

    [Fact]
    public void Parse_EmptyGroup_ReadsAsNothingToDo()
    {
        var result = Parse(Bytes("""{"version":"4","status":"resolved","alerts":[]}"""));

        result.IsRejected.ShouldBeFalse();
        result.Alerts.ShouldBeEmpty();
        result.Ignored.ShouldBeEmpty();
    }

    [Fact]
    public void Parse_ConfiguredSource_NamesTheTrigger()
    {
        var alert = Single(FiringWith("""{"service":"api"}"""), new AlertMappingOptions { Source = "am-eu" });

        alert.Source.ShouldBe("am-eu");
        alert.ToTrigger(DateTimeOffset.UnixEpoch).Source.ShouldBe("am-eu:aaaabbbbccccdddd");
    }

    [Fact]
    public void Parse_Summary_FallsBackToDescriptionThenAlertnameThenKey()
    {
        Single(FiringWith("""{"service":"api","alertname":"ApiDown"}""", """{"description":"No answer from api"}""")).Summary.ShouldBe("ApiDown: No answer from api");
        Single(FiringWith("""{"service":"api","alertname":"ApiDown"}""")).Summary.ShouldBe("ApiDown");
        Single(FiringWith("""{"service":"api"}""", """{"summary":"api is down"}""")).Summary.ShouldBe("api is down");
        Single(FiringWith("""{"service":"api"}""")).Summary.ShouldBe("Alertmanager alert aaaabbbbccccdddd");
    }

    [Fact]
    public void Parse_LongMultilineSummary_IsOneBoundedLine()
    {
        var summary = string.Concat(Enumerable.Repeat("line\\nbreak\\t", 200));

        var text = Single(FiringWith("""{"service":"api","alertname":"Noisy"}""", $$"""{"summary":"{{summary}}"}""")).Summary;

        text.Length.ShouldBeLessThanOrEqualTo(300);
        text.ShouldNotContain("\n");
        text.ShouldNotContain("\t");
        text.ShouldStartWith("Noisy: line break");
        text.ShouldEndWith("…");
    }

    [Theory]
    [InlineData("0.23", 0.23)]
    [InlineData("23%", 0.23)]
    [InlineData("1e-3", 0.001)]
    [InlineData(" 42 ", 42.0)]
    public void Parse_ValueAnnotation_BecomesTheValue(string annotation, double expected) =>
        Single(FiringWith("""{"service":"api"}""", $$"""{"value":"{{annotation}}"}""")).Value!.Value.ShouldBe(expected, 1e-12);

    [Theory]
    [InlineData("n/a")]
    [InlineData("NaN")]
    [InlineData("+Inf")]
    [InlineData("1,5")]
    [InlineData("")]
    public void Parse_ValueThatIsNotANumber_LeavesTheValueUnknown(string annotation) =>
        Single(FiringWith("""{"service":"api"}""", $$"""{"value":"{{annotation}}"}""")).Value.ShouldBeNull();

    [Fact]
    public void Parse_ValueAnnotationOff_IgnoresIt() =>
        Single(FiringWith("""{"service":"api"}""", """{"value":"0.5"}"""), new AlertMappingOptions { ValueAnnotation = "" }).Value.ShouldBeNull();

    [Theory]
    [InlineData("error_rate", Signal.ErrorRate)]
    [InlineData("Availability", Signal.Availability)]
    [InlineData("latency-p95", Signal.LatencyP95)]
    [InlineData("crash_free_rate", Signal.CrashFreeRate)]
    public void Parse_SignalLabel_NamesTheSignal(string label, Signal expected) =>
        Single(FiringWith($$"""{"service":"api","signal":"{{label}}"}""")).Signal.ShouldBe(expected);

    [Theory]
    [InlineData("disk_full")]
    [InlineData("0")]
    public void Parse_UnknownSignal_IsDroppedNotFatal(string label) =>
        Single(FiringWith($$"""{"service":"api","signal":"{{label}}"}""")).Signal.ShouldBeNull();

    [Theory]
    [InlineData("data_at_risk", Meaning.DataAtRisk)]
    [InlineData("DataAtRisk", Meaning.DataAtRisk)]
    [InlineData("core-broken", Meaning.CoreBroken)]
    [InlineData("SECURITY", Meaning.Security)]
    [InlineData("service_down", Meaning.ServiceDown)]
    [InlineData("performance", Meaning.Performance)]
    [InlineData("users_affected", Meaning.UsersAffected)]
    public void Parse_MeaningLabel_NamesTheMeaningInAnyCommonSpelling(string label, Meaning expected) =>
        Single(FiringWith($$"""{"service":"api","meaning":"{{label}}"}""")).Meaning.ShouldBe(expected);

    [Fact]
    public void Parse_MeaningLabel_BeatsSeverity() =>
        Single(FiringWith("""{"service":"api","severity":"critical","meaning":"performance"}""")).Meaning.ShouldBe(Meaning.Performance);

    [Theory]
    [InlineData("data at risk!")]
    [InlineData("1")]
    [InlineData("CoreBroken, Security")]
    public void Parse_FiringWithUnknownMeaning_IsIgnoredNotGuessed(string label)
    {
        var ignored = SingleIgnored(FiringWith($$"""{"service":"api","severity":"critical","meaning":"{{label}}"}"""));

        ignored.Key.ShouldBe("aaaabbbbccccdddd");
        ignored.Reason.ShouldContain("label meaning=");
        ignored.Reason.ShouldContain("DataAtRisk");
    }

    [Fact]
    public void Parse_ResolvedWithUnknownMeaning_StillWithdraws()
    {
        var alert = Single(WithAlert("""
            {"status":"resolved","labels":{"service":"api","meaning":"typo"},"startsAt":"2026-01-01T00:00:00Z",
             "endsAt":"2026-01-01T00:10:00Z","fingerprint":"ffff000011112222"}
            """));

        alert.Status.ShouldBe(AlertStatus.Resolved);
        alert.Key.ShouldBe("ffff000011112222");
    }

    [Theory]
    [InlineData("critical", Meaning.CoreBroken)]
    [InlineData("CRITICAL", Meaning.CoreBroken)]
    [InlineData("page", Meaning.CoreBroken)]
    [InlineData("warning", Meaning.UsersAffected)]
    [InlineData("info", Meaning.UsersAffected)]
    public void Parse_Severity_MapsByDefaults(string severity, Meaning expected) =>
        Single(FiringWith($$"""{"service":"api","severity":"{{severity}}"}""")).Meaning.ShouldBe(expected);

    [Fact]
    public void Parse_NoMeaningNorSeverity_TakesTheDefaultMeaning() =>
        Single(FiringWith("""{"service":"api"}""")).Meaning.ShouldBe(Meaning.UsersAffected);

    [Fact]
    public void Parse_ConfiguredSeverityMap_IsUsed()
    {
        var mapping = new AlertMappingOptions { SeverityMeanings = new() { ["sev1"] = Meaning.ServiceDown } };

        Single(FiringWith("""{"service":"api","severity":"SEV1"}"""), mapping).Meaning.ShouldBe(Meaning.ServiceDown);
    }

    [Fact]
    public void Parse_UnmappedSeverityWithoutDefault_IsIgnoredWithTheSeverity()
    {
        var ignored = SingleIgnored(FiringWith("""{"service":"api","severity":"warning"}"""), new AlertMappingOptions { DefaultMeaning = null });

        ignored.Reason.ShouldContain("severity 'warning' is not mapped");
    }

    [Fact]
    public void Parse_MeaningLabelOff_FallsToSeverity() =>
        Single(FiringWith("""{"service":"api","severity":"critical","meaning":"security"}"""), new AlertMappingOptions { MeaningLabel = "" })
            .Meaning.ShouldBe(Meaning.CoreBroken);

    [Fact]
    public void Parse_ServiceLabel_BeatsJob() =>
        Single(FiringWith("""{"job":"api-scrape","service":"api"}""")).Service.ShouldBe("api");

    [Fact]
    public void Parse_OnlyJob_IsTheServiceByDefault() =>
        Single(FiringWith("""{"alertname":"ApiDown","job":"api"}""")).Service.ShouldBe("api");

    [Fact]
    public void Parse_EmptyServiceLabel_CountsAsAbsent() =>
        Single(FiringWith("""{"service":"","job":"api"}""")).Service.ShouldBe("api");

    [Fact]
    public void Parse_ServiceWithControlCharacters_IsOneBoundedLine()
    {
        var service = Single(FiringWith($$"""{"service":"api\nINFO forged log line {{new string('x', 500)}}"}""")).Service;

        service.ShouldNotContain("\n");
        service.Length.ShouldBe(128);
    }

    [Fact]
    public void Parse_ServiceLabelsConfiguredWithoutJob_IgnoresJobOnlyAlerts()
    {
        var ignored = SingleIgnored(FiringWith("""{"job":"api"}"""), new AlertMappingOptions { ServiceLabels = ["service"] });

        ignored.Reason.ShouldBe("no service: none of the labels service is set");
    }

    [Fact]
    public void Parse_CustomServiceLabel_IsRead() =>
        Single(FiringWith("""{"app":"billing","job":"node"}"""), new AlertMappingOptions { ServiceLabels = ["app", "service"] }).Service.ShouldBe("billing");

    [Fact]
    public void Parse_AlertWithoutService_IsIgnoredWhileTheRestOfTheGroupIsRead()
    {
        var body = Bytes("""
            {"version":"4","status":"firing","alerts":[
              {"status":"firing","labels":{"alertname":"DiskFull","instance":"db1"},"startsAt":"2026-01-01T00:00:00Z","fingerprint":"d15cf011d15cf011"},
              {"status":"firing","labels":{"alertname":"ApiDown","service":"api"},"startsAt":"2026-01-01T00:00:00Z","fingerprint":"a91d0a91d0a91d0a"}]}
            """);

        var result = Parse(body);

        result.IsRejected.ShouldBeFalse();
        result.Alerts.ShouldHaveSingleItem().Service.ShouldBe("api");
        var ignored = result.Ignored.ShouldHaveSingleItem();
        ignored.Key.ShouldBe("d15cf011d15cf011");
        ignored.Reason.ShouldBe("no service: none of the labels service, job is set");
    }

    [Fact]
    public void Parse_NoFingerprint_KeysByTheLabelsInAnyOrder()
    {
        var one = Single(WithAlert("""{"status":"firing","labels":{"service":"api","alertname":"ApiDown"},"startsAt":"2026-01-01T00:00:00Z"}"""));
        var same = Single(WithAlert("""{"status":"resolved","labels":{"alertname":"ApiDown","service":"api"},"startsAt":"2026-01-01T00:00:00Z","fingerprint":""}"""));
        var other = Single(WithAlert("""{"status":"firing","labels":{"service":"api","alertname":"ApiSlow"},"startsAt":"2026-01-01T00:00:00Z"}"""));

        one.Key.ShouldMatch("^[0-9a-f]{16}$");
        same.Key.ShouldBe(one.Key);
        other.Key.ShouldNotBe(one.Key);
    }

    [Fact]
    public void Parse_NoFingerprint_LabelBoundariesMatter()
    {
        var a = Single(WithAlert("""{"status":"firing","labels":{"service":"api","x":"bc"},"startsAt":"2026-01-01T00:00:00Z"}"""));
        var b = Single(WithAlert("""{"status":"firing","labels":{"service":"api","xb":"c"},"startsAt":"2026-01-01T00:00:00Z"}"""));

        a.Key.ShouldNotBe(b.Key);
    }

    [Fact]
    public void Parse_ManyAlerts_AreAllRead()
    {
        var alerts = string.Join(",", Enumerable.Range(0, 5_000).Select(i =>
            $$"""{"status":"firing","labels":{"service":"api","n":"{{i}}"},"startsAt":"2026-01-01T00:00:00Z"}"""));

        var result = AlertmanagerWebhook.Parse(Bytes($$"""{"version":"4","alerts":[{{alerts}}]}"""), new AlertMappingOptions());

        result.Alerts.Count.ShouldBe(5_000);
        result.Alerts.Select(a => a.Key).Distinct().Count().ShouldBe(5_000);
    }

    [Fact]
    public void VerifyBearer_TheToken_Accepts()
    {
        AlertmanagerWebhook.VerifyBearer("am-t0ken", "Bearer am-t0ken").ShouldBeTrue();
        AlertmanagerWebhook.VerifyBearer("am-t0ken", "bearer am-t0ken").ShouldBeTrue();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("am-t0ken")]
    [InlineData("Bearer am-t0ke")]
    [InlineData("Bearer am-t0kenX")]
    [InlineData("Bearer ")]
    [InlineData("Basic YW06YW0tdDBrZW4=")]
    public void VerifyBearer_AnythingElse_Rejects(string? header) =>
        AlertmanagerWebhook.VerifyBearer("am-t0ken", header).ShouldBeFalse();
}
