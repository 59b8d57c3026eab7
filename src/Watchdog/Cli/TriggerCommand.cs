using System.CommandLine;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Watchdog.Hosting;

namespace Watchdog.Cli;

/// <summary>
/// <c>trigger</c>: raises (or with --resolve withdraws) a manual trigger on a running Watchdog,
/// through its <c>POST /api/triggers</c>, with the token from the same configuration.
/// </summary>
public static class TriggerCommand
{
    public static Command Create(Option<FileInfo?> config)
    {
        var service = new Option<string>("--service") { Description = "The watched service.", Required = true };
        var meaning = new Option<string>("--meaning") { Description = "Security, DataAtRisk, ServiceDown, CoreBroken, UsersAffected or Performance.", Required = true };
        var summary = new Option<string>("--summary") { Description = "What is wrong, in a sentence people will read at 3 a.m.", Required = true };
        var resolve = new Option<bool>("--resolve") { Description = "Withdraw a trigger raised earlier with the same --key." };
        var key = new Option<string?>("--key") { Description = "Names the trigger so --resolve can withdraw it (default: the meaning)." };
        var url = new Option<string>("--url") { Description = "The running Watchdog.", DefaultValueFactory = _ => "http://127.0.0.1:8080" };

        var command = new Command("trigger", "Raise a manual trigger (\"security breach\", \"data at risk\") on a running Watchdog.")
        {
            service, meaning, summary, resolve, key, url, config,
        };
        command.SetAction(async (result, ct) =>
        {
            var settings = WatchdogApp.LoadSettings([], result.GetValue(config)?.FullName, out var errors);
            if (settings is null) return Commands.Invalid(errors);
            if (settings.ApiToken is null)
            {
                Console.Error.WriteLine("Watchdog:Api:Token is not set: manual triggers are off.");
                return 1;
            }

            using var http = new HttpClient { BaseAddress = new Uri(result.GetValue(url)!), Timeout = TimeSpan.FromSeconds(30) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", settings.ApiToken);
            try
            {
                using var response = await http.PostAsJsonAsync("api/triggers", new
                {
                    service = result.GetValue(service),
                    meaning = result.GetValue(meaning),
                    summary = result.GetValue(summary),
                    status = result.GetValue(resolve) ? "resolved" : "firing",
                    key = result.GetValue(key),
                    by = Environment.UserName,
                }, ct);
                Console.Out.WriteLine($"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
                return response.IsSuccessStatusCode ? 0 : 1;
            }
            catch (HttpRequestException e)
            {
                Console.Error.WriteLine($"cannot reach Watchdog at {result.GetValue(url)}: {e.Message}");
                return 1;
            }
        });
        return command;
    }
}
