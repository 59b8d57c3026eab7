using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Watchdog.Core.Signals;
using Watchdog.Http;

namespace Watchdog.Cli;

/// <summary>
/// The incident record of a running Watchdog, read through its API: <c>incidents</c> (a table),
/// <c>incident show ID</c> (facts, timeline and steps) and <c>postmortem ID</c> (the Markdown draft).
/// No configuration is read: with <c>Api:ReadToken</c> set, the token comes from <c>$WATCHDOG_TOKEN</c>.
/// </summary>
public static class IncidentCommands
{
    /// <summary>Step output is shown up to this many lines; <c>--json</c> has all of it.</summary>
    private const int OutputLines = 8;

    public static IEnumerable<Command> Create() => [List(), Incident(), PostMortem()];

    private static Command List()
    {
        var limit = new Option<int>("--limit") { Description = "How many, newest first (1–500).", DefaultValueFactory = _ => 50 };
        var json = JsonOption();
        var url = WatchdogApi.UrlOption();
        var command = new Command("incidents", "List the incidents of a running Watchdog, newest first.") { limit, json, url };
        command.SetAction((result, ct) => WatchdogApi.RunAsync(result, url, async call =>
        {
            if (await call.GetAsync($"api/incidents?limit={result.GetValue(limit).ToString(CultureInfo.InvariantCulture)}") is not { } body) return 1;
            if (result.GetValue(json))
            {
                await call.Out.WriteLineAsync(body);
                return 0;
            }

            var rows = JsonSerializer.Deserialize(body, ApiJson.Default.IncidentSummaryArray) ?? [];
            if (rows.Length == 0)
            {
                await call.Out.WriteLineAsync("No incidents.");
                return 0;
            }

            var now = TimeProvider.System.GetUtcNow();
            await Table(call.Out, ["ID", "SERVICE", "STATE", "OPENED (UTC)", "DURATION", "TRIGGER"], rows.Select(r => new[]
            {
                r.Id, r.Service, r.IsOpen ? $"{r.State} (open)" : r.State, Utc(r.OpenedAt),
                SignalFormat.Duration((r.ClosedAt ?? now) - r.OpenedAt) + (r.ClosedAt is null ? " so far" : ""), r.Rule ?? "",
            }));
            return 0;
        }, ct));
        return command;
    }

    private static Command Incident()
    {
        var id = new Argument<string>("ID") { Description = "The incident's id, as `incidents` lists it." };
        var json = JsonOption();
        var url = WatchdogApi.UrlOption();
        var show = new Command("show", "An incident's facts, its whole timeline and its steps.") { id, json, url };
        show.SetAction((result, ct) => WatchdogApi.RunAsync(result, url, async call =>
        {
            if (await call.GetAsync($"api/incidents/{Uri.EscapeDataString(result.GetValue(id)!)}") is not { } body) return 1;
            if (result.GetValue(json))
                await call.Out.WriteLineAsync(body);
            else
                await Print(call.Out, JsonSerializer.Deserialize(body, ApiJson.Default.IncidentDetail)!);
            return 0;
        }, ct));
        return new Command("incident", "One incident of a running Watchdog.") { show };
    }

    private static Command PostMortem()
    {
        var id = new Argument<string>("ID") { Description = "The incident's id." };
        var url = WatchdogApi.UrlOption();
        var command = new Command("postmortem", "Print an incident's post-mortem draft (Markdown; redirect it to a file).") { id, url };
        command.SetAction((result, ct) => WatchdogApi.RunAsync(result, url, async call =>
        {
            if (await call.GetAsync($"api/incidents/{Uri.EscapeDataString(result.GetValue(id)!)}/postmortem") is not { } markdown) return 1;
            await call.Out.WriteAsync(markdown);
            return 0;
        }, ct));
        return command;
    }

    private static Option<bool> JsonOption() => new("--json") { Description = "Print the API's JSON as it came." };

    private static async Task Print(TextWriter o, IncidentDetail i)
    {
        await o.WriteLineAsync($"Incident {i.Id}");
        List<string[]> facts =
        [
            ["service", i.Service],
            ["state", $"{i.State}{(i.IsOpen ? " (open)" : "")}, mode {i.Mode}"],
            ["trigger", $"{i.Trigger.Rule} ({i.Trigger.Meaning}): {i.Trigger.Summary}"],
        ];
        if (i.Decision is { } d) facts.Add(["decision", $"{d.Action}{(d.Flag is { } f ? $" {f}" : "")}: {d.Reason}"]);
        if (i.FromVersion is not null || i.ToVersion is not null) facts.Add(["versions", $"{i.FromVersion ?? "?"} → {i.ToVersion ?? "?"}"]);
        facts.Add(["opened", Utc(i.OpenedAt) + " UTC"]);
        if (i.ClosedAt is { } closed) facts.Add(["closed", $"{Utc(closed)} UTC after {SignalFormat.Duration(closed - i.OpenedAt)}"]);
        var m = i.Metrics;
        var metrics = new[] { ("time to detect", m.TimeToDetectSeconds), ("to initiate", m.TimeToInitiateSeconds), ("to restore", m.TimeToRestoreSeconds), ("impact", m.ImpactDurationSeconds) }
            .Where(x => x.Item2 is not null).Select(x => $"{x.Item1} {SignalFormat.Duration(TimeSpan.FromSeconds(x.Item2!.Value))}").ToList();
        if (metrics.Count > 0) facts.Add(["metrics", string.Join(", ", metrics)]);
        await Table(o, null, facts, indent: "  ");

        await o.WriteLineAsync();
        await o.WriteLineAsync("Timeline (UTC)");
        await Table(o, null, i.Timeline.Select(e => new[] { Utc(e.At, precise: true), e.Kind, e.Message }), indent: "  ");

        await o.WriteLineAsync();
        await o.WriteLineAsync(i.Steps.Count == 0 ? "Steps: none" : "Steps");
        foreach (var s in i.Steps)
        {
            var took = s.EndedAt is { } end ? $" in {SignalFormat.Duration(end - s.StartedAt)}" : " (not finished)";
            await o.WriteLineAsync($"  {s.Key}: {s.Status}, attempt {s.Attempt}, started {Utc(s.StartedAt, precise: true)}{took}");
            var lines = (s.Output ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries);
            foreach (var line in lines.Take(OutputLines)) await o.WriteLineAsync($"    | {line.TrimEnd('\r')}");
            if (lines.Length > OutputLines) await o.WriteLineAsync($"    | … {lines.Length - OutputLines} more line(s); --json has them all");
        }
    }

    /// <summary>Columns padded to their widest cell; the last column is not padded, and its further lines are indented under it.</summary>
    private static async Task Table(TextWriter o, string[]? header, IEnumerable<string[]> rows, string indent = "")
    {
        var all = (header is null ? rows : rows.Prepend(header)).ToList();
        var widths = Enumerable.Range(0, all.Max(r => r.Length)).Select(c => all.Max(r => c < r.Length ? r[c].Length : 0)).ToArray();
        foreach (var row in all)
        {
            var lines = row[^1].Split('\n');
            await o.WriteLineAsync(indent + string.Concat(row[..^1].Select((cell, c) => cell.PadRight(widths[c]) + "  ")) + lines[0].TrimEnd('\r'));
            var under = new string(' ', indent.Length + row[..^1].Select((_, c) => widths[c] + 2).Sum());
            foreach (var more in lines.Skip(1)) await o.WriteLineAsync(under + more.TrimEnd('\r'));
        }
    }

    private static string Utc(DateTimeOffset at, bool precise = false) =>
        at.UtcDateTime.ToString(precise ? "yyyy-MM-dd HH:mm:ss.fff" : "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
