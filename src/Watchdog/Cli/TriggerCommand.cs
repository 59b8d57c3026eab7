using System.CommandLine;
using Watchdog.Http;
using System.Net.Http.Json;

namespace Watchdog.Cli;

/// <summary>
/// <c>trigger</c>: raises (or with --resolve withdraws) a manual trigger on a running Watchdog,
/// through its <c>POST /api/triggers</c>, with the token from the same configuration.
/// </summary>
public static class TriggerCommand
{
    internal static Command Create(ConfigOptions config)
    {
        var service = new Option<string>("--service") { Description = "The watched service.", Required = true };
        var meaning = new Option<string>("--meaning") { Description = "Security, DataAtRisk, ServiceDown, CoreBroken, UsersAffected or Performance.", Required = true };
        var summary = new Option<string>("--summary") { Description = "What is wrong, in a sentence people will read at 3 a.m. (required unless --resolve)." };
        var resolve = new Option<bool>("--resolve") { Description = "Withdraw a trigger raised earlier with the same --key." };
        var key = new Option<string?>("--key") { Description = "Names the trigger so --resolve can withdraw it (default: the meaning)." };
        var url = WatchdogApi.UrlOption();

        var command = new Command("trigger", "Raise a manual trigger (\"security breach\", \"data at risk\") on a running Watchdog.")
        {
            service, meaning, summary, resolve, key, url,
        };
        config.AddTo(command);
        // Withdrawing says nothing new: only a raised trigger needs its sentence.
        command.Validators.Add(r =>
        {
            if (!r.GetValue(resolve) && string.IsNullOrWhiteSpace(r.GetValue(summary)))
                r.AddError("Option '--summary' is required to raise a trigger (only --resolve goes without it).");
        });
        command.SetAction((result, ct) => WatchdogApi.RunAsync(result, url, async call =>
        {
            using var response = await call.Http.PostAsJsonAsync("api/triggers", new TriggerEndpoints.ManualTrigger(
                result.GetValue(service),
                result.GetValue(meaning),
                result.GetValue(summary),
                result.GetValue(resolve) ? "resolved" : "firing",
                result.GetValue(key),
                Environment.UserName), ApiJson.Default.ManualTrigger, call.Ct);
            await call.Out.WriteLineAsync($"{(int)response.StatusCode} {await call.ReadAsync(response)}");
            return response.IsSuccessStatusCode ? 0 : 1;
        }, ct, tokenFrom: config, needs: "manual triggers"));
        return command;
    }
}
