using System.CommandLine;
using Microsoft.Extensions.Logging.Abstractions;
using Watchdog.Configuration;
using Watchdog.Core.Ports;
using Watchdog.Core.Reports;
using Watchdog.Core.Rules;
using Watchdog.Core.Runbook;
using Watchdog.Core.Signals;
using Watchdog.Hosting;
using Watchdog.Integrations.Commands;
using Watchdog.Integrations.Configuration;
using Watchdog.Integrations.Http;

namespace Watchdog.Cli;

/// <summary>
/// <c>evaluate --once</c>: reads every source of the configured services once and prints the readings and what each
/// rule makes of them now, without waiting out its <c>For</c>. It never acts, never notifies and never writes the
/// journal: the question it answers is "what would Watchdog see right now?". Exit 3 when a rule is breached now.
/// </summary>
public static class EvaluateCommand
{
    public const int Breached = 3;

    internal static Command Create(ConfigOptions config)
    {
        var once = new Option<bool>("--once") { Description = "Read every source once, print readings and verdicts, and exit (the only mode; required so the verb reads as what it does)." };
        var service = new Option<string>("--service") { Description = "Only this configured service (default: all)." };
        var command = config.AddTo(new Command("evaluate", "Read every source once and print the readings and each rule's verdict now; never acts. Exit 3 when a rule is breached.") { once, service });
        command.SetAction(async (result, ct) =>
        {
            var output = result.InvocationConfiguration.Output;
            if (!result.GetValue(once))
            {
                await result.InvocationConfiguration.Error.WriteLineAsync("evaluate: pass --once (it reads every source once and exits; it never watches)");
                return Usage.Invalid;
            }

            var settings = WatchdogApp.LoadSettings([], config.From(result), out var errors);
            if (settings is null) return Commands.Invalid(errors, result.InvocationConfiguration.Error);
            var name = result.GetValue(service);
            var services = settings.Services.Where(s => name is null || s.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).ToList();
            if (services.Count == 0)
            {
                await result.InvocationConfiguration.Error.WriteLineAsync($"no service named '{name}' (configured: {string.Join(", ", settings.Services.Select(s => s.Name))})");
                return 1;
            }

            var breached = false;
            using var http = StrictHttp.CreateClient();
            var context = Context(settings, http);
            foreach (var s in services) breached |= await EvaluateAsync(s, context, output, ct);
            return breached ? Breached : 0;
        });
        return command;
    }

    /// <returns>Whether a rule is breached now.</returns>
    private static async Task<bool> EvaluateAsync(ServiceSettings s, IntegrationContext context, TextWriter output, CancellationToken ct)
    {
        await output.WriteLineAsync($"{s.Name}:");
        // The intake's own read: each source under its deadline (the poll interval, or its own longer limit); one that throws is an Error reading.
        using var intake = new SignalIntake([.. s.Sources.Select(x => x.Create(context))], int.MaxValue, s.PollInterval, context.Time);
        var readings = await intake.ReadNowAsync(ct);
        foreach (var r in readings) await output.WriteLineAsync($"  {r.Source,-12} {context.Redactor.Redact(r.ToString())}");

        var breached = false;
        var now = context.Time.GetUtcNow();
        foreach (var rule in s.Rules)
        {
            var baseline = s.Baselines.TryGetValue(rule.Name, out var b) ? Baseline.Configured(b) : null;
            var verdict = RuleSet.JudgeNow(rule, readings, now, baseline);
            var word = verdict.Status switch
            {
                RuleStatus.Firing => "BREACHED now (it fires once this holds for " + SignalFormat.Duration(rule.For) + ")",
                RuleStatus.Inconclusive => "inconclusive: " + verdict.Inconclusive(),
                _ => "clear",
            };
            breached |= verdict.Status == RuleStatus.Firing;
            await output.WriteLineAsync($"  rule {rule.Name} ({rule.Describe()}): {context.Redactor.Redact(word)}");
        }

        return breached;
    }

    /// <summary>Sources get clients without retries, as polling does, and a ledger that keeps nothing: evaluating writes no journal.</summary>
    private static IntegrationContext Context(WatchdogSettings settings, HttpClient http) => new()
    {
        Outbound = () => http,
        Probe = () => http,
        Resilience = Polly.ResiliencePipeline<HttpResponseMessage>.Empty,
        Time = TimeProvider.System,
        Logs = NullLoggerFactory.Instance,
        Redactor = new Redactor(settings.Secrets),
        Ledger = new ForgetfulLedger(),
        Commands = new CommandRunner(TimeProvider.System, NullLogger<CommandRunner>.Instance),
    };

    private sealed class ForgetfulLedger : ILedger
    {
        public Task<string?> GetAsync(string scope, string key, CancellationToken cancellationToken) => Task.FromResult<string?>(null);

        public Task SetAsync(string scope, string key, string value, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<bool> TryAddAsync(string scope, string key, string value, CancellationToken cancellationToken) => Task.FromResult(true);

        public Task<IReadOnlyList<KeyValuePair<string, string>>> EntriesAsync(string scope, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<KeyValuePair<string, string>>>([]);

        public Task<bool> RemoveAsync(string scope, string key, CancellationToken cancellationToken) => Task.FromResult(false);

        public Task<IReadOnlySet<string>> ScopesAsync(string prefix, CancellationToken cancellationToken) => Task.FromResult<IReadOnlySet<string>>(new HashSet<string>());
    }
}
