using Trigger = Watchdog.Core.Incidents.Trigger;
using Watchdog.Core.Incidents;
using Watchdog.Core.Rules;
using Watchdog.Core.Signals;
using Watchdog.Core.Releases;

namespace Watchdog.Core.Tests.Fakes;

/// <summary>Values the tests share: a start time, the seeds' rules, triggers and incidents built the way production builds them.</summary>
public static class TestData
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 21, 3, 0, 0, TimeSpan.Zero);

    public static Rule ErrorRate => Rule.Defaults.Single(r => r.Name == "error-rate");

    public static Rule Availability => Rule.Defaults.Single(r => r.Name == "availability");

    public static Rule ServiceDown => Rule.Defaults.Single(r => r.Name == "service-down");

    /// <summary>A firing trigger as <see cref="Trigger.From"/> makes one from a real verdict.</summary>
    public static Trigger Firing(Rule rule, double value, DateTimeOffset since, DateTimeOffset at, double? baseline = null) =>
        Trigger.From(new Verdict(rule, RuleStatus.Firing, Reading.Of(rule.Signal, value, 100, at), since, Inconclusion.None, baseline is { } b ? Baseline.Configured(b) : null));

    /// <summary>Error rate of 23% since T0, firing at T0+5m.</summary>
    public static Trigger ErrorRateTrigger() => Firing(ErrorRate, 0.23, T0, T0.AddMinutes(5));

    public static Trigger Tripped(Meaning meaning, Signal? signal = null, double? value = null, string source = "rule") =>
        new(source, meaning, $"{source} tripped", T0, T0.AddMinutes(5), signal, value, 0.1, TimeSpan.FromMinutes(5));

    /// <summary>A decided incident, as <c>ServiceWatch</c> hands it to the executor.</summary>
    public static Incident DecidedIncident(DateTimeOffset at, RunbookAction action = RunbookAction.Rollback, string? flag = null, Mode mode = Mode.Auto, string id = "inc-1")
    {
        var trigger = Firing(ErrorRate, 0.23, at.AddMinutes(-5), at);
        var incident = new Incident(id, "api", mode, trigger, at);
        incident.Decide(new Decision(action, "test decision", trigger, flag), at);
        return incident;
    }

    public static Deployment Deploy(string version, int minutesAgo, bool canRollback = true, bool succeeded = true) =>
        new("dep-" + version, version, T0.AddMinutes(-minutesAgo), canRollback, succeeded);

    /// <summary>v3 live (newest), v2 and v1 earlier and good.</summary>
    public static Deployment[] ThreeReleases() => [Deploy("v3", 10), Deploy("v2", 60), Deploy("v1", 120)];
}
