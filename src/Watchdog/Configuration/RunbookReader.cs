using Microsoft.Extensions.Configuration;
using Watchdog.Core.Decisions;
using Watchdog.Core.Runbook;
using Watchdog.Integrations.Configuration;
using Watchdog.Core.Incidents;

namespace Watchdog.Configuration;

/// <summary>
/// The runbook's keys, at the top level (<c>Mode</c>, <c>Budget</c>, <c>MonitorFor</c>: defaults for every service) and
/// per service. Defaults are <see cref="RunbookSettings"/>' own; the limits are here, each once.
/// </summary>
internal static class RunbookReader
{
    private static readonly TimeSpan MaxMonitorFor = TimeSpan.FromDays(7);

    /// <summary>The top level's keys, as the defaults each service starts from.</summary>
    public static RunbookSettings ReadGlobal(ConfigReader r, IConfigurationSection root)
    {
        var d = new RunbookSettings();
        r.ReadsInto(root, typeof(RunbookSettings));
        var budget = root.GetSection("Budget");
        return d with
        {
            Mode = r.Enum(root, "Mode", d.Mode),
            Budget = new RollbackBudget(
                r.Duration(budget, "Cooldown", d.Budget.Cooldown),
                r.Integer(budget, "MaxPerDay", d.Budget.MaxPerDay, 0, 1000)),
            MonitorFor = r.Duration(root, "MonitorFor", d.MonitorFor, TimeSpan.Zero, MaxMonitorFor),
        };
    }

    public static RunbookSettings Read(ConfigReader r, IConfigurationSection s, RunbookSettings global, TimeSpan poll, IReadOnlyDictionary<string, string> flags)
    {
        var d = global;
        r.ReadsInto(s, typeof(RunbookSettings));
        var runbook = d with
        {
            Mode = r.Enum(s, "Mode", d.Mode),
            FeatureFlags = flags,
            RollbackTimeout = r.Duration(s, "RollbackTimeout", d.RollbackTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromHours(2)),
            RollbackAttempts = r.Integer(s, "RollbackAttempts", d.RollbackAttempts, 1, 10),
            MinHealthyFor = r.Duration(s, "MinHealthyFor", d.MinHealthyFor, TimeSpan.Zero, TimeSpan.FromDays(7)),
            RollbackRetryDelay = r.Duration(s, "RollbackRetryDelay", d.RollbackRetryDelay, TimeSpan.Zero, TimeSpan.FromMinutes(10)),
            LivePollInterval = r.Duration(s, "LivePollInterval", d.LivePollInterval, TimeSpan.FromMilliseconds(50), TimeSpan.FromMinutes(5)),
            MonitorFor = r.Duration(s, "MonitorFor", d.MonitorFor, TimeSpan.Zero, MaxMonitorFor),
            BlindAfter = r.Integer(s, "BlindAfter", d.BlindAfter, 1, 1000),
            MonitorUpdateEvery = r.Duration(s, "MonitorUpdateEvery", d.MonitorUpdateEvery, TimeSpan.Zero, TimeSpan.FromDays(1)),
            VetoWindow = r.Duration(s, "VetoWindow", d.VetoWindow, TimeSpan.Zero, TimeSpan.FromHours(24)),
            LiveCheckInterval = r.Duration(s, "LiveCheckInterval", d.LiveCheckInterval, TimeSpan.Zero, TimeSpan.FromDays(1)),
            PushedAlertTtl = r.Duration(s, "PushedAlertTtl", d.PushedAlertTtl, TimeSpan.FromMinutes(1), TimeSpan.FromDays(7)),
            EarnAfter = r.Integer(s, "EarnAfter", d.EarnAfter, 1, 100),
            PollInterval = poll,
        };

        if (runbook.VetoWindow > TimeSpan.Zero && runbook.Mode != Mode.Approve)
            r.Error(s, "VetoWindow", $"applies in Approve mode only; this service is in {runbook.Mode} mode");
        return runbook;
    }
}
