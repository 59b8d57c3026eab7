using System.CommandLine;
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
        command.SetAction((result, ct) => WatchdogApi.RunAsync(result, url, async call =>
        {
            using var response = await call.Http.PostAsJsonAsync($"api/incidents/{Uri.EscapeDataString(result.GetValue(id)!)}/{action}", new { by = result.GetValue(by) }, call.Ct);
            if (await call.ReadAsync(response) is not { } body) return 1;
            if (!response.IsSuccessStatusCode)
            {
                await call.Error.WriteLineAsync($"{(int)response.StatusCode}: {WatchdogApi.Message(body)}");
                return 1;
            }

            // {"incident", "action", "detail"}: the detail ("approved by alice: Rollback under way") is what a person reads.
            await call.Out.WriteLineAsync(WatchdogApi.Message(body));
            return 0;
        }, ct, tokenFrom: config, needs: "approvals and vetoes"));
        return command;
    }
}
