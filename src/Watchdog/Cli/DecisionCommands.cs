using System.CommandLine;
using Watchdog.Http;
using System.Net.Http.Json;

namespace Watchdog.Cli;

/// <summary>
/// <c>approve ID</c> and <c>veto ID</c>: a person's decision on an incident waiting in Approve mode,
/// through <c>POST /api/incidents/{id}/approve|veto</c> with the token from the configuration.
/// Exit 0 when Watchdog took it, 1 otherwise.
/// </summary>
public static class DecisionCommands
{
    internal static IEnumerable<Command> Create(ConfigOptions config) =>
    [
        Decision("approve", "Approve the action Watchdog decided for an incident awaiting approval (it goes ahead).", config),
        Decision("veto", "Veto the action Watchdog decided for an incident awaiting approval (nothing is done; it keeps watching).", config),
    ];

    private static Command Decision(string action, string description, ConfigOptions config)
    {
        var id = new Argument<string>("ID") { Description = "The incident's id, as `incidents` lists it." };
        var by = new Option<string>("--by") { Description = "Who decides; it goes into the timeline (default: your user name).", DefaultValueFactory = _ => Environment.UserName };
        var url = WatchdogApi.UrlOption();
        var command = config.AddTo(new Command(action, description) { id, by, url });
        // The answer's detail ("approved by alice: Rollback under way") is what a person reads.
        command.SetAction((result, ct) => WatchdogApi.RunAsync(result, url,
            call => call.ActAsync($"api/incidents/{Uri.EscapeDataString(result.GetValue(id)!)}/{action}", new PersonBody(result.GetValue(by))),
            ct, tokenFrom: config, needs: "approvals and vetoes"));
        return command;
    }

    /// <summary><c>rollback --service S [--to ID]</c>: a person's rollback; <c>drill --service S</c>: a drill now, as scheduled ones run.</summary>
    internal static IEnumerable<Command> ForServices(ConfigOptions config)
    {
        var to = new Option<string>("--to") { Description = "The deployment (id or version) to roll back to (default: what Watchdog would choose)." };
        yield return ForService("rollback", "Roll a service back now: an incident of its own, journaled, verified and announced like any other.", config,
            (service, by, result) => ($"api/services/{Uri.EscapeDataString(service)}/rollback", new PersonBody(by, result.GetValue(to))), to);
        yield return ForService("drill", "Run a drill of a service now (it must be configured under Watchdog:Drills): a real rollback, verified, then rolled forward.", config,
            (service, by, _) => ($"api/drills/{Uri.EscapeDataString(service)}", new PersonBody(by)));
    }

    private static Command ForService(string verb, string description, ConfigOptions config, Func<string, string?, ParseResult, (string Path, PersonBody Body)> request, params Option[] more)
    {
        var service = new Option<string>("--service") { Description = "The configured service.", Required = true };
        var by = new Option<string>("--by") { Description = "Who asks; it goes into the timeline (default: your user name).", DefaultValueFactory = _ => Environment.UserName };
        var url = WatchdogApi.UrlOption();
        var command = config.AddTo(new Command(verb, description) { service, by, url });
        foreach (var option in more) command.Options.Add(option);
        command.SetAction((result, ct) => WatchdogApi.RunAsync(result, url, call =>
        {
            var (path, body) = request(result.GetValue(service)!, result.GetValue(by), result);
            return call.ActAsync(path, body);
        }, ct, tokenFrom: config, needs: verb == "drill" ? "drills on request" : "rollbacks on request"));
        return command;
    }
}
