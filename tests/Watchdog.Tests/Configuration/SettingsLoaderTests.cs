using Microsoft.Extensions.Configuration;
using Watchdog.Configuration;
using Watchdog.Core.Decisions;
using Watchdog.Core.Reports;
using Watchdog.Core.Rules;
using Watchdog.Core.Signals;
using Watchdog.Tests.Support;
using Watchdog.Core.Channels;
using Watchdog.Core.Incidents;

namespace Watchdog.Tests.Configuration;

public partial class SettingsLoaderTests
{
    private static Dictionary<string, string?> Valid() => new()
    {
        ["Watchdog:Services:0:Name"] = "api",
        ["Watchdog:Services:0:Health:Url"] = "http://127.0.0.1:3000/health",
        ["Watchdog:Services:0:Provider:List"] = "cat deployments",
        ["Watchdog:Services:0:Provider:Current"] = "cat live",
        ["Watchdog:Services:0:Provider:Rollback"] = "deploy {target}",
    };

    /// <summary>A valid one-service configuration with more keys of service 0 (relative to <c>Watchdog:Services:0:</c>).</summary>
    private static Dictionary<string, string?> Valid(params (string Key, string? Value)[] service)
    {
        var values = Valid();
        foreach (var (k, v) in service) values["Watchdog:Services:0:" + k] = v;
        return values;
    }

    /// <summary>Service 0 with only these keys: for providers other than the command one.</summary>
    private static Dictionary<string, string?> Service(params (string Key, string? Value)[] service) =>
        service.ToDictionary(kv => "Watchdog:Services:0:" + kv.Key, kv => kv.Value);

    private static (WatchdogSettings? Settings, IReadOnlyList<string> Errors) Load(Dictionary<string, string?> values)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var settings = SettingsLoader.Load(config, out var errors);
        return (settings, errors);
    }

    [Fact]
    public void Load_ChannelRoutes_AreReadPerChannelName()
    {
        var values = Valid();
        values["Watchdog:Notifications:Webhooks:0:Name"] = "oncall-hook";
        values["Watchdog:Notifications:Webhooks:0:Url"] = "https://hooks.example.com/watchdog";
        values["Watchdog:Notifications:Webhooks:0:Secret"] = "0123456789abcdef0123456789abcdef";
        values["Watchdog:Notifications:Webhooks:0:Events:0"] = "Escalation";
        values["Watchdog:Notifications:Webhooks:0:Events:1"] = "approvalneeded";
        values["Watchdog:Notifications:Webhooks:0:MinSeverity"] = "High";
        values["Watchdog:Notifications:Webhooks:0:Drills"] = "false";

        var (settings, errors) = Load(values);

        errors.ShouldBeEmpty();
        var route = settings!.Notifications.RouteOf("oncall-hook");
        route.Events.ShouldNotBeNull().ShouldBe([NotificationKind.Escalation, NotificationKind.ApprovalNeeded], ignoreOrder: true);
        route.MinSeverity.ShouldBe(Severity.High);
        route.Drills.ShouldBeFalse();
        settings.Notifications.RouteOf("unknown").ShouldBe(ChannelRoute.All);
    }

    [Fact]
    public void Load_UnknownEventAndDuplicateChannelName_AreErrorsNamingTheKeys()
    {
        var values = Valid();
        foreach (var i in new[] { 0, 1 })
        {
            values[$"Watchdog:Notifications:Webhooks:{i}:Name"] = "hook";
            values[$"Watchdog:Notifications:Webhooks:{i}:Url"] = "https://hooks.example.com/watchdog";
            values[$"Watchdog:Notifications:Webhooks:{i}:Secret"] = "0123456789abcdef0123456789abcdef";
        }

        values["Watchdog:Notifications:Webhooks:0:Events:0"] = "Exploded";

        var (_, errors) = Load(values);

        errors.Count.ShouldBe(2);
        errors.ShouldContain(e => e.StartsWith("Watchdog:Notifications:Webhooks:0:Events: 'Exploded' is not an event", StringComparison.Ordinal));
        errors.ShouldContain(e => e.StartsWith("Watchdog:Notifications:Webhooks:1:Name: channel name 'hook' is used by another channel", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_MinimalService_UsesTheSeedsDefaults()
    {
        var (settings, errors) = Load(Valid());

        errors.ShouldBeEmpty();
        settings!.Mode.ShouldBe(Mode.Auto);
        var service = settings.Services.ShouldHaveSingleItem();
        service.PollInterval.ShouldBe(TimeSpan.FromSeconds(10));
        service.Rules.ShouldBe(Rule.Defaults);
        service.Runbook.MonitorFor.ShouldBe(TimeSpan.FromHours(2));
        service.Runbook.Budget.ShouldBe(RollbackBudget.Default);
    }

    [Fact]
    public void Load_EveryProblemAtOnce_OneLineEachNamingItsKey()
    {
        var values = Valid();
        values["Watchdog:Mode"] = "Sometimes";
        values["Watchdog:Services:0:Health:Url"] = "not a url";
        values["Watchdog:Services:0:PollInterval"] = "soon";
        values["Watchdog:Services:0:Provider:Rollback"] = null;
        values["Watchdog:Budget:MaxPerDay"] = "2.5";
        values["Watchdog:Servies:0:Name"] = "typo";

        var (settings, errors) = Load(values);

        settings.ShouldBeNull();
        errors.ShouldContain(e => e.StartsWith("Watchdog:Mode: 'Sometimes' is not one of Auto, Approve, DryRun", StringComparison.Ordinal));
        errors.ShouldContain("Watchdog:Services:0:Health:Url: must be an absolute http(s) URL");
        errors.ShouldContain(e => e.StartsWith("Watchdog:Services:0:PollInterval: 'soon' is not a duration", StringComparison.Ordinal));
        errors.ShouldContain("Watchdog:Services:0:Provider:Rollback: is required and must not be blank");
        errors.ShouldContain("Watchdog:Budget:MaxPerDay: '2.5' is not a whole number");
        errors.ShouldContain(e => e.StartsWith("Watchdog:Servies:0:Name: unknown key", StringComparison.Ordinal));
        errors.Count.ShouldBe(6);
    }

    [Fact]
    public void Load_NoServices_SaysSo()
    {
        var (_, errors) = Load(new() { ["Watchdog:Mode"] = "DryRun" });

        errors.ShouldBe(["Watchdog:Services: is empty: configure at least one service to watch"]);
    }

    [Fact]
    public void Load_CustomRules_ParsedWithDurationsInEitherForm()
    {
        var values = Valid(
            ("Rules:0:Name", "slow"),
            ("Rules:0:Signal", "LatencyP95"),
            ("Rules:0:Comparison", "AboveBaselineBy"),
            ("Rules:0:Threshold", "0.5"),
            ("Rules:0:Baseline", "0.2"),
            ("Rules:0:For", "00:03:00"),
            ("Rules:0:Meaning", "Performance"),
            ("Rules:1:Name", "errors"),
            ("Rules:1:Signal", "ErrorRate"),
            ("Rules:1:Threshold", "0.2"),
            ("Rules:1:For", "90s"),
            ("FeatureFlags:errors", "FEATURE_NEW_CHECKOUT"));

        var (settings, errors) = Load(values);

        errors.ShouldBeEmpty();
        var service = settings!.Services[0];
        service.Rules.ShouldBe([
            new Rule("slow", Signal.LatencyP95, Comparison.AboveBaselineBy, 0.5, TimeSpan.FromMinutes(3), 1, Meaning.Performance),
            new Rule("errors", Signal.ErrorRate, Comparison.Above, 0.2, TimeSpan.FromSeconds(90), 1, Meaning.UsersAffected),
        ]);
        service.Baselines["slow"].ShouldBe(0.2);
        service.Runbook.FeatureFlags["errors"].ShouldBe("FEATURE_NEW_CHECKOUT");
    }

    [Fact]
    public void Load_FlagForUnknownRule_IsAnErrorButAConfiguredBaselineIsOptional()
    {
        var values = Valid(
            ("Rules:0:Name", "slow"),
            ("Rules:0:Signal", "LatencyP95"),
            ("Rules:0:Comparison", "AboveBaselineBy"),
            ("Rules:0:Threshold", "0.5"),
            ("FeatureFlags:error-rate", "FLAG"));

        var (_, errors) = Load(values);

        errors.ShouldNotContain(e => e.Contains("Baseline", StringComparison.Ordinal));
        errors.ShouldHaveSingleItem().ShouldStartWith("Watchdog:Services:0:FeatureFlags:error-rate: names no rule");
    }

    [Theory]
    [InlineData("0", true)]
    [InlineData("0s", true)]
    [InlineData("90", false)]
    public void Load_ABareZero_IsADurationButNoOtherBareNumber(string value, bool valid)
    {
        var (settings, errors) = Load(Valid(("LiveCheckInterval", value)));

        if (valid) settings!.Services[0].Runbook.LiveCheckInterval.ShouldBe(TimeSpan.Zero);
        else errors.ShouldBe([$"Watchdog:Services:0:LiveCheckInterval: '{value}' is not a duration (use 00:05:00, or 300s, 5m, 2h, 500ms)"]);
    }

    [Fact]
    public void Load_Autonomy_IsReadPerRule_AndABadValueOrAnUnknownRuleIsAnErrorNamingTheKey()
    {
        var (settings, errors) = Load(Valid(("Autonomy:error-rate", "earned"), ("Autonomy:availability", "Notify"), ("EarnAfter", "5")));
        errors.ShouldBeEmpty();
        var runbook = settings!.Services[0].Runbook;
        runbook.Autonomy["error-rate"].ShouldBe(Watchdog.Core.Decisions.Autonomy.Earned);
        runbook.Autonomy["availability"].ShouldBe(Watchdog.Core.Decisions.Autonomy.Notify);
        runbook.EarnAfter.ShouldBe(5);

        var (_, bad) = Load(Valid(("Autonomy:error-rate", "Always"), ("Autonomy:nonesuch", "Act"), ("EarnAfter", "0")));
        bad.Count.ShouldBe(3);
        bad.ShouldContain("Watchdog:Services:0:Autonomy:error-rate: 'Always' is not one of Notify, Ask, Act, Earned");
        bad.ShouldContain(e => e.StartsWith("Watchdog:Services:0:Autonomy:nonesuch: names no rule of this service"));
        bad.ShouldContain(e => e.StartsWith("Watchdog:Services:0:EarnAfter:"));
    }

    [Fact]
    public void Load_VetoWindow_IsReadInApproveModeAndAnErrorInAnyOther()
    {
        var approve = Valid(("Mode", "Approve"), ("VetoWindow", "5m"));
        approve["Watchdog:Notifications:Webhooks:0:Url"] = "https://hooks.example.com/watchdog";
        approve["Watchdog:Notifications:Webhooks:0:Secret"] = "0123456789abcdef0123456789abcdef";
        var (settings, errors) = Load(approve);
        errors.ShouldBeEmpty();
        settings!.Services[0].Runbook.VetoWindow.ShouldBe(TimeSpan.FromMinutes(5));

        var (_, auto) = Load(Valid(("Mode", "Auto"), ("VetoWindow", "5m")));
        auto.ShouldBe(["Watchdog:Services:0:VetoWindow: applies in Approve mode only; this service is in Auto mode"]);
    }

    [Fact]
    public void Load_Baselines_AreReadAndCheckedPerKey()
    {
        var (settings, _) = Load(Valid(("Baselines:Window", "3h"), ("Baselines:MinReadings", "60")));
        settings!.Services[0].BaselineSettings.ShouldBe(new Watchdog.Core.Rules.BaselineSettings { Window = TimeSpan.FromHours(3), MinReadings = 60 });

        var (_, errors) = Load(Valid(("Baselines:Window", "10s"), ("Baselines:MinReadings", "0")));
        errors.Count.ShouldBe(2);
        errors.ShouldContain(e => e.StartsWith("Watchdog:Services:0:Baselines:Window:", StringComparison.Ordinal));
        errors.ShouldContain(e => e.StartsWith("Watchdog:Services:0:Baselines:MinReadings:", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_ErrorRateThresholdAbove100Percent_IsOutOfRange()
    {
        var values = Valid(
            ("Rules:0:Name", "errors"),
            ("Rules:0:Signal", "ErrorRate"),
            ("Rules:0:Threshold", "10"));

        var (_, errors) = Load(values);

        errors.ShouldHaveSingleItem().ShouldStartWith("Watchdog:Services:0:Rules:0:Threshold: 10 is out of range");
    }

    [Fact]
    public void Load_SecretFromFile_ReadsAndTrimsIt()
    {
        var file = Path.GetTempFileName();
        File.WriteAllText(file, "s3cr3t-from-file\n");
        var values = Valid();
        values["Watchdog:Notifications:Webhooks:0:Url"] = "https://hooks.example.com/w";
        values["Watchdog:Notifications:Webhooks:0:SecretFile"] = file;

        var (settings, errors) = Load(values);

        errors.ShouldBeEmpty();
        settings!.Notifications.Of<Watchdog.Integrations.Webhooks.WebhookOptions>()[0].Secret.ShouldBe("s3cr3t-from-file");
        settings.Secrets.ShouldContain("s3cr3t-from-file");
        File.Delete(file);
    }

    [Fact]
    public void Load_Statuspage_ReadsItsKeysOverTheDefaultsAndTheApiKeyIsASecret()
    {
        var values = Valid();
        values["Watchdog:Notifications:Statuspage:0:ApiKey"] = "sp-key-0123456789";
        values["Watchdog:Notifications:Statuspage:0:PageId"] = "kctbh9vrtdwd";
        values["Watchdog:Notifications:Statuspage:0:Components:api"] = "cmp-api";
        values["Watchdog:Notifications:Statuspage:0:Impact:Critical"] = "major";
        values["Watchdog:Notifications:Statuspage:0:ComponentStatus:warning"] = "partial_outage";
        values["Watchdog:Notifications:Statuspage:0:DeliverNotifications"] = "false";

        var (settings, errors) = Load(values);

        errors.ShouldBeEmpty();
        var page = settings!.Notifications.Of<Watchdog.Integrations.Statuspage.StatuspageOptions>().ShouldHaveSingleItem();
        page.PageId.ShouldBe("kctbh9vrtdwd");
        page.Name.ShouldBe("statuspage");
        page.BaseUrl.ShouldBe(new Uri("https://api.statuspage.io/v1"));
        page.Components.ShouldBe(new Dictionary<string, string> { ["api"] = "cmp-api" });
        page.Impact[Severity.Critical].ShouldBe("major");
        page.Impact[Severity.High].ShouldBe("major");
        page.Impact[Severity.Info].ShouldBe("minor");
        page.ComponentStatus[Severity.Warning].ShouldBe("partial_outage");
        page.ComponentStatus[Severity.Critical].ShouldBe("major_outage");
        page.DeliverNotifications.ShouldBeFalse();
        settings.Secrets.ShouldContain("sp-key-0123456789");
    }

    [Fact]
    public void Load_StatuspageProblems_EachNamesItsKeyAndNeverTheApiKey()
    {
        var values = Valid();
        values["Watchdog:Notifications:Statuspage:0:ApiKey"] = "sp-key-0123456789";
        values["Watchdog:Notifications:Statuspage:0:BaseUrl"] = "http://statuspage.example.com/v1";
        values["Watchdog:Notifications:Statuspage:0:Components:checkout"] = "cmp-checkout";
        values["Watchdog:Notifications:Statuspage:0:Impact:Urgent"] = "critical";
        values["Watchdog:Notifications:Statuspage:0:ComponentStatus:High"] = "on_fire";
        values["Watchdog:Notifications:Statuspage:0:Colour"] = "red";

        var (_, errors) = Load(values);

        const string at = "Watchdog:Notifications:Statuspage:0:";
        errors.ShouldContain(at + "PageId: is required");
        errors.ShouldContain(e => e.StartsWith(at + "BaseUrl: must use https", StringComparison.Ordinal));
        errors.ShouldContain(at + "Impact:Urgent: is not a severity (Info, Warning, High, Critical)");
        errors.ShouldContain(e => e.StartsWith(at + "ComponentStatus:High: 'on_fire' is not one of", StringComparison.Ordinal));
        errors.ShouldContain(at + "Components:checkout: no service is named 'checkout'");
        errors.ShouldContain(e => e.StartsWith(at + "Colour: unknown key", StringComparison.Ordinal));
        errors.Count.ShouldBe(6);
        errors.ShouldAllBe(e => !e.Contains("sp-key-0123456789"));
    }

    [Fact]
    public void Load_StatuspageWithoutApiKeyOrTwiceTheSamePage_AreErrors()
    {
        var values = Valid();
        values["Watchdog:Notifications:Statuspage:0:PageId"] = "kctbh9vrtdwd";
        values["Watchdog:Notifications:Statuspage:1:ApiKey"] = "sp-key-0123456789";
        values["Watchdog:Notifications:Statuspage:1:PageId"] = "kctbh9vrtdwd";
        values["Watchdog:Notifications:Statuspage:1:Name"] = "statuspage-2";

        var (_, errors) = Load(values);

        errors.ShouldBe([
            "Watchdog:Notifications:Statuspage:0:ApiKey: is required",
            "Watchdog:Notifications:Statuspage: page 'kctbh9vrtdwd' is configured 2 times; each page takes one channel",
        ]);
    }

    [Fact]
    public void Load_DuplicateServiceNames_AreAnError()
    {
        var values = Valid();
        foreach (var (k, v) in Valid()) values[k.Replace(":0:", ":1:", StringComparison.Ordinal)] = v;

        var (_, errors) = Load(values);

        errors.ShouldBe(["Watchdog:Services: service name 'api' is used 2 times; names must be unique"]);
    }

    [Fact]
    public async Task CheckConfig_InvalidFile_ExitsWith2AndPrintsEachProblem()
    {
        var dir = Directory.CreateTempSubdirectory("watchdog-config-");
        var file = Path.Combine(dir.FullName, "bad.json");
        await File.WriteAllTextAsync(file, """
            { "Watchdog": { "Mode": "Yolo", "Services": [ { "Name": "api", "Health": { "Url": "ftp://x" },
              "Provider": { "List": "a", "Current": "b", "Rollback": "c" } } ] } }
            """);

        var (exit, output) = await WatchdogProcess.RunToExitAsync(dir.FullName, "check-config", "--config", file);

        exit.ShouldBe(2);
        output.ShouldContain("Watchdog:Mode: 'Yolo' is not one of Auto, Approve, DryRun");
        output.ShouldContain("Watchdog:Services:0:Health:Url: must be an absolute http(s) URL");
        dir.Delete(true);
    }

    [Fact]
    public void Load_SentryAndFallbacks_AreReadAndChecked()
    {
        var values = Valid(
            ("Sentry:Organization", "acme"),
            ("Sentry:Project", "4505"),
            ("Sentry:Token", "sntrys_token_0123456789"),
            ("Sentry:Environment", "production"),
            ("Fallbacks:0:Name", "git"),
            ("Fallbacks:0:List", "git tag -l 'deploy-*' --sort=-creatordate"),
            ("Fallbacks:0:Current", "cat .deployed-tag"),
            ("Fallbacks:0:Rollback", "./redeploy {target}"));

        var (settings, errors) = Load(values);

        errors.ShouldBeEmpty();
        var service = settings!.Services[0];
        service.SourceOptions<Watchdog.Integrations.Sentry.SentryOptions>().ShouldNotBeNull().Organization.ShouldBe("acme");
        service.Fallbacks.ShouldHaveSingleItem().Name.ShouldBe("git");
        settings.Secrets.ShouldContain("sntrys_token_0123456789");
    }

    [Theory]
    [InlineData(null, "FailureRate")]
    [InlineData("EventCount", "EventCount")]
    [InlineData("failurerate", "FailureRate")]
    public void Load_SentryErrorRateKind_DefaultsToTheFailureRate(string? kind, string expected)
    {
        var values = Valid(("Sentry:Organization", "acme"), ("Sentry:Project", "4505"), ("Sentry:Token", "sntrys_token_0123456789"));
        if (kind is not null) values["Watchdog:Services:0:Sentry:ErrorRateKind"] = kind;

        var (settings, errors) = Load(values);

        errors.ShouldBeEmpty();
        settings!.Services[0].SourceOptions<Watchdog.Integrations.Sentry.SentryOptions>()!.ErrorRateKind.ToString().ShouldBe(expected);
    }

    [Fact]
    public void Load_SentryErrorRateKindUnknownOrSampleRateWithTheFailureRate_OneErrorNamingEachKey()
    {
        var values = Valid(("Sentry:Organization", "acme"), ("Sentry:Project", "4505"), ("Sentry:Token", "sntrys_token_0123456789"),
            ("Sentry:ErrorRateKind", "Events"));
        var sampled = Valid(("Sentry:Organization", "acme"), ("Sentry:Project", "4505"), ("Sentry:Token", "sntrys_token_0123456789"),
            ("Sentry:TransactionSampleRate", "0.2"));

        var (_, unknown) = Load(values);
        var (_, pointless) = Load(sampled);

        unknown.ShouldHaveSingleItem().ShouldBe("Watchdog:Services:0:Sentry:ErrorRateKind: 'Events' is not one of FailureRate, EventCount");
        pointless.ShouldHaveSingleItem().ShouldStartWith("Watchdog:Services:0:Sentry:TransactionSampleRate", Case.Sensitive);
    }

    [Fact]
    public void Load_SentryWithoutOrganizationAndAFallbackNamedLikeThePrimary_AreErrors()
    {
        var values = Valid(
            ("Sentry:Project", "4505"),
            ("Sentry:Token", "sntrys_token_0123456789"),
            ("Fallbacks:0:List", "a"),
            ("Fallbacks:0:Current", "b"),
            ("Fallbacks:0:Rollback", "c"));

        var (_, errors) = Load(values);

        errors.ShouldContain(e => e.StartsWith("Watchdog:Services:0:Sentry:Organization:", StringComparison.Ordinal));
        errors.ShouldContain(e => e.StartsWith("Watchdog:Services:0:Fallbacks: provider name 'command' is used 2 times", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_RailwayMetrics_BindsItsKeysAndReadsTheTokenFromItsFile()
    {
        var tokenFile = Path.GetTempFileName();
        File.WriteAllText(tokenFile, "rw-metrics-token-0123456789\n");
        var values = Valid(
            ("RailwayMetrics:TokenFile", tokenFile),
            ("RailwayMetrics:TokenKind", "Project"),
            ("RailwayMetrics:ServiceId", "svc-api"),
            ("RailwayMetrics:EnvironmentId", "env-prod"),
            ("RailwayMetrics:Window", "10m"),
            ("RailwayMetrics:Timeout", "5s"));

        var (settings, errors) = Load(values);
        File.Delete(tokenFile);

        errors.ShouldBeEmpty();
        var service = settings!.Services[0];
        var options = service.SourceOptions<Watchdog.Integrations.RailwayMetrics.RailwayMetricsOptions>().ShouldNotBeNull();
        options.Token.ShouldBe("rw-metrics-token-0123456789");
        options.TokenKind.ShouldBe(Watchdog.Integrations.Railway.RailwayTokenKind.Project);
        (options.ServiceId, options.EnvironmentId).ShouldBe(("svc-api", "env-prod"));
        (options.Window, options.Timeout, options.MinInterval).ShouldBe((TimeSpan.FromMinutes(10), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30)));
        service.Sources.ShouldContain(s => s.Type == "RailwayMetrics" && s.Name == "railway");
        settings.Secrets.ShouldContain("rw-metrics-token-0123456789");
    }

    [Fact]
    public void Load_RailwayMetricsBadKeys_EachErrorNamesItsKey()
    {
        var values = Valid(
            ("RailwayMetrics:Token", "rw-metrics-token-0123456789"),
            ("RailwayMetrics:EnvironmentId", "env-prod"),
            ("RailwayMetrics:Window", "10s"),
            ("RailwayMetrics:Windw", "5m"));

        var (_, errors) = Load(values);

        errors.Count.ShouldBe(3);
        errors.ShouldContain("Watchdog:Services:0:RailwayMetrics:ServiceId: is required");
        errors.ShouldContain(e => e.StartsWith("Watchdog:Services:0:RailwayMetrics:Window: ", StringComparison.Ordinal));
        errors.ShouldContain(e => e.StartsWith("Watchdog:Services:0:RailwayMetrics:Windw: unknown key", StringComparison.Ordinal));
        errors.ShouldAllBe(e => !e.Contains("rw-metrics-token"));
    }

    [Fact]
    public void Load_RailwayPrimaryWithVercelAndCommandFallbacks_EachBoundToItsOwnOptions()
    {
        var values = Service(
            ("Name", "api"),
            ("Health:Url", "http://127.0.0.1:3000/health"),
            ("Provider:Type", "Railway"),
            ("Provider:Token", "railway-token-0123456789"),
            ("Provider:TokenKind", "Project"),
            ("Provider:ProjectId", "prj"),
            ("Provider:EnvironmentId", "env"),
            ("Provider:ServiceId", "svc"),
            ("Fallbacks:0:Type", "Vercel"),
            ("Fallbacks:0:Token", "vercel-token-0123456789"),
            ("Fallbacks:0:ProjectId", "prj_web"),
            ("Fallbacks:1:Name", "git"),
            ("Fallbacks:1:List", "cat tags"),
            ("Fallbacks:1:Current", "cat current"),
            ("Fallbacks:1:Rollback", "./redeploy {target}"));

        var (settings, errors) = Load(values);

        errors.ShouldBeEmpty();
        var service = settings!.Services[0];
        service.Provider.Options.ShouldBeOfType<Watchdog.Integrations.Railway.RailwayOptions>().TokenKind.ShouldBe(Watchdog.Integrations.Railway.RailwayTokenKind.Project);
        service.Fallbacks.Select(f => f.Type).ShouldBe(["Vercel", "Command"]);
        settings.Secrets.ShouldContain("railway-token-0123456789");
        settings.Secrets.ShouldContain("vercel-token-0123456789");
    }

    [Fact]
    public void Load_UnknownProviderTypeAndARailwayWithoutIds_SayWhatIsWrong()
    {
        var values = Valid(
            ("Provider:Type", "Heroku"));
        values["Watchdog:Services:1:Name"] = "web";
        values["Watchdog:Services:1:Health:Url"] = "http://127.0.0.1:3001/health";
        values["Watchdog:Services:1:Provider:Type"] = "Railway";
        values["Watchdog:Services:1:Provider:Token"] = "railway-token-0123456789";

        var (_, errors) = Load(values);

        errors.ShouldContain("Watchdog:Services:0:Provider:Type: 'Heroku' is not one of Command, Railway, Vercel, Kubernetes");
        errors.ShouldContain(e => e.StartsWith("Watchdog:Services:1:Provider:ProjectId:", StringComparison.Ordinal));
        errors.ShouldNotContain(e => e.Contains("unknown key", StringComparison.Ordinal), "the keys of a provider of unknown type are not reported again");
    }

    [Fact]
    public void Load_KubernetesOutsideACluster_TakesApiUrlTokenAndNoCaFile()
    {
        var values = Service(
            ("Name", "api"),
            ("Health:Url", "http://127.0.0.1:3000/health"),
            ("Provider:Type", "Kubernetes"),
            ("Provider:ApiUrl", "https://k8s.example.com:6443"),
            ("Provider:Token", "k8s-token-0123456789"),
            ("Provider:TokenFile", ""),
            ("Provider:CaFile", ""),
            ("Provider:Namespace", "shop"),
            ("Provider:Deployment", "shop-api"));

        var (settings, errors) = Load(values);

        errors.ShouldBeEmpty();
        var k8s = settings!.Services[0].Provider.Options.ShouldBeOfType<Watchdog.Integrations.Kubernetes.KubernetesOptions>();
        k8s.CaFile.ShouldBeNull();
        k8s.Deployment.ShouldBe("shop-api");
    }

    [Fact]
    public void Load_KubernetesTokenFileSetOutright_IsKeptAsAFileToReRead_NeverReadOnceAsAFixedToken()
    {
        var token = Path.GetTempFileName();
        File.WriteAllText(token, "projected-token-0123456789");
        try
        {
            var values = Service(
                ("Name", "api"),
                ("Health:Url", "http://127.0.0.1:3000/health"),
                ("Provider:Type", "Kubernetes"),
                ("Provider:ApiUrl", "https://k8s.example.com:6443"),
                ("Provider:TokenFile", token),
                ("Provider:CaFile", ""),
                ("Provider:Namespace", "shop"),
                ("Provider:Deployment", "shop-api"));

            var (settings, errors) = Load(values);

            errors.ShouldBeEmpty();
            var k8s = settings!.Services[0].Provider.Options.ShouldBeOfType<Watchdog.Integrations.Kubernetes.KubernetesOptions>();
            k8s.Token.ShouldBeNull(); // a fixed token would outlive the projected one's rotation
            k8s.TokenFile.ShouldBe(token);
        }
        finally
        {
            File.Delete(token);
        }
    }

    [Fact]
    public void Load_KubernetesWithTheDefaultCaFileMissing_SaysHowToTurnItOff()
    {
        var values = Service(
            ("Name", "api"),
            ("Health:Url", "http://127.0.0.1:3000/health"),
            ("Provider:Type", "Kubernetes"),
            ("Provider:ApiUrl", "https://k8s.example.com:6443"),
            ("Provider:Token", "k8s-token-0123456789"),
            ("Provider:Namespace", "shop"),
            ("Provider:Deployment", "shop-api"));

        var (_, errors) = Load(values);

        errors.ShouldContain(e => e.StartsWith("Watchdog:Services:0:Provider:CaFile: '/var/run/secrets/kubernetes.io/serviceaccount/ca.crt' does not exist", StringComparison.Ordinal));
    }

    private const string LinkSecret = "link-secret-0123456789abcdef0123456789";

    private static Dictionary<string, string?> WithApi(params (string Key, string? Value)[] api)
    {
        var values = Valid();
        foreach (var (k, v) in api) values["Watchdog:Api:" + k] = v;
        return values;
    }

    [Fact]
    public void Load_PublicUrlAndLinkSecret_TurnLinksOnWithAnHoursLifetimeAndTheSecretRedacted()
    {
        var (settings, errors) = Load(WithApi(("PublicUrl", "https://watchdog.internal"), ("LinkSecret", LinkSecret)));

        errors.ShouldBeEmpty();
        settings!.Links.ShouldNotBeNull();
        settings.Links.PublicUrl.ShouldBe(new Uri("https://watchdog.internal"));
        settings.Links.Lifetime.ShouldBe(TimeSpan.FromHours(1));
        settings.Secrets.ShouldContain(LinkSecret);
    }

    [Fact]
    public void Load_NoPublicUrl_LinksAreOff()
    {
        var (settings, errors) = Load(Valid());

        errors.ShouldBeEmpty();
        settings!.Links.ShouldBeNull();
    }

    [Fact]
    public void Load_LinkLifetime_IsRead()
    {
        var (settings, errors) = Load(WithApi(("PublicUrl", "https://watchdog.internal"), ("LinkSecret", LinkSecret), ("LinkLifetime", "15m")));

        errors.ShouldBeEmpty();
        settings!.Links!.Lifetime.ShouldBe(TimeSpan.FromMinutes(15));
    }

    [Theory]
    [InlineData(null, "Watchdog:Api:LinkSecret: is required")]
    [InlineData("too-short-0123456789", "Watchdog:Api:LinkSecret: must be at least 32 characters")]
    public void Load_PublicUrlWithoutAGoodLinkSecret_OneErrorNamingLinkSecret(string? secret, string error)
    {
        var (settings, errors) = Load(WithApi(("PublicUrl", "https://watchdog.internal"), ("LinkSecret", secret)));

        settings.ShouldBeNull();
        errors.ShouldHaveSingleItem().ShouldStartWith(error);
        errors[0].ShouldNotContain("too-short");
    }

    [Theory]
    [InlineData("PublicUrl", "watchdog.internal", "Watchdog:Api:PublicUrl: must be an absolute http(s) URL")]
    [InlineData("PublicUrl", "https://watchdog.internal/?x=1", "Watchdog:Api:PublicUrl: must not have a query or fragment")]
    [InlineData("LinkLifetime", "soon", "Watchdog:Api:LinkLifetime: 'soon' is not a duration")]
    [InlineData("LinkLifetime", "30d", "Watchdog:Api:LinkLifetime: 30d is out of range")]
    public void Load_BadLinkKey_OneErrorNamingIt(string key, string value, string error)
    {
        var values = WithApi(("PublicUrl", "https://watchdog.internal"), ("LinkSecret", LinkSecret));
        values["Watchdog:Api:" + key] = value;

        var (_, errors) = Load(values);

        errors.ShouldHaveSingleItem().ShouldStartWith(error);
    }

    [Fact]
    public void Load_LinkSecretWithoutPublicUrl_SaysLinksNeedTheUrl()
    {
        var (_, errors) = Load(WithApi(("LinkSecret", LinkSecret)));

        errors.ShouldHaveSingleItem().ShouldStartWith("Watchdog:Api:PublicUrl: is required when LinkSecret is set");
        errors[0].ShouldNotContain(LinkSecret);
    }

    [Fact]
    public void Load_TeamsAndPagerDuty_AreReadWithDefaultsAndTheirSecretsRedacted()
    {
        const string teamsUrl = "https://prod-12.westus.logic.azure.com:443/workflows/4f6c/triggers/manual/paths/invoke?api-version=2016-06-01&sig=Qm9vbVNpZ25hdHVyZQ";
        const string routingKey = "e93facc04764012d7bfb002500d5d1a6";
        var file = Path.GetTempFileName();
        File.WriteAllText(file, routingKey + "\n");
        var values = Valid();
        values["Watchdog:Notifications:Teams:0:WebhookUrl"] = teamsUrl;
        values["Watchdog:Notifications:PagerDuty:0:RoutingKeyFile"] = file;
        values["Watchdog:Notifications:PagerDuty:1:RoutingKey"] = routingKey;
        values["Watchdog:Notifications:PagerDuty:1:BaseUrl"] = "https://events.eu.pagerduty.com";
        values["Watchdog:Notifications:PagerDuty:1:Name"] = "pagerduty-eu";

        var (settings, errors) = Load(values);

        errors.ShouldBeEmpty();
        var teams = settings!.Notifications.Of<Watchdog.Integrations.Teams.TeamsOptions>().ShouldHaveSingleItem();
        teams.Name.ShouldBe("teams");
        teams.WebhookUrl!.OriginalString.ShouldBe(teamsUrl);
        settings.Notifications.Of<Watchdog.Integrations.PagerDuty.PagerDutyOptions>().Select(p => (p.Name, p.RoutingKey, p.BaseUrl.AbsoluteUri)).ShouldBe([
            ("pagerduty", routingKey, "https://events.pagerduty.com/"),
            ("pagerduty-eu", routingKey, "https://events.eu.pagerduty.com/"),
        ]);
        settings.Secrets.ShouldContain(teamsUrl);
        settings.Secrets.ShouldContain(routingKey);
        File.Delete(file);
    }

    [Fact]
    public void Load_PagerDutyRoutingKeyOfTheWrongLength_OneErrorNamingTheKeyNotTheValue()
    {
        var values = Valid();
        values["Watchdog:Notifications:PagerDuty:0:RoutingKey"] = "u+abcdefgh";

        var (_, errors) = Load(values);

        errors.ShouldBe(["Watchdog:Notifications:PagerDuty:0:RoutingKey: must be the 32-character Events API v2 integration key (it has 10)"]);
    }

    [Theory]
    [InlineData("http://prod-12.westus.logic.azure.com/workflows/4f6c/triggers/manual/paths/invoke?sig=Qm9vbVNpZ25hdHVyZQ", "must use https (plain http only on a loopback host): the URL is the secret")]
    [InlineData("prod-12.westus.logic.azure.com/workflows/4f6c?sig=Qm9vbVNpZ25hdHVyZQ", "must be an absolute https URL")]
    public void Load_BadTeamsWebhookUrl_OneErrorNamingTheKeyNotTheValue(string url, string problem)
    {
        var values = Valid();
        values["Watchdog:Notifications:Teams:0:WebhookUrl"] = url;

        var (_, errors) = Load(values);

        errors.ShouldBe([$"Watchdog:Notifications:Teams:0:WebhookUrl: {problem}"]);
    }

    [Fact]
    public void Load_MisspelledTeamsKey_IsReportedAlongsideTheMissingOne()
    {
        var values = Valid();
        values["Watchdog:Notifications:Teams:0:WebHookURI"] = "https://example.webhook.office.com/webhookb2/x";

        var (_, errors) = Load(values);

        errors.ShouldBe([
            "Watchdog:Notifications:Teams:0:WebhookUrl: is required",
            "Watchdog:Notifications:Teams:0:WebHookURI: unknown key (check its spelling against the README's configuration reference)",
        ]);
    }
}
