using System.Net.Http.Json;
using System.CommandLine;
using Watchdog.Http;
using System.Net.Http.Headers;
using System.Text.Json;
using Watchdog.Hosting;
using Watchdog.Integrations.Http;

namespace Watchdog.Cli;

/// <summary>
/// What the verbs that talk to a running Watchdog share: the <c>--url</c> option, the bearer token
/// from the same configuration for the endpoints that need one, the writers to print to, and one
/// answer when Watchdog cannot be reached.
/// </summary>
internal static class WatchdogApi
{
    public const string DefaultUrl = "http://127.0.0.1:8080";

    /// <summary>Answers are read up to this; an incident with a long step output is far below it.</summary>
    public const int MaxAnswerBytes = 16 * 1024 * 1024;

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static Option<string> UrlOption() => new("--url") { Description = "The running Watchdog.", DefaultValueFactory = _ => DefaultUrl };

    /// <summary>A connection to the running Watchdog, and where the verb prints.</summary>
    public sealed record Call(HttpClient Http, TextWriter Out, TextWriter Error, CancellationToken Ct)
    {
        /// <summary>The answer's body, bounded; null (and said on stderr) when it is larger than <see cref="MaxAnswerBytes"/>.</summary>
        public async Task<string?> ReadAsync(HttpResponseMessage response)
        {
            var (text, truncated) = await BoundedContent.ReadAsStringAsync(response, MaxAnswerBytes, Ct);
            if (!truncated) return text;
            await Error.WriteLineAsync($"Watchdog's answer is larger than {MaxAnswerBytes / 1024 / 1024} MB; not printed");
            return null;
        }

        /// <summary>A person's action: POSTs <paramref name="body"/> and prints what Watchdog said; 0 when it took it, 1 otherwise.</summary>
        public async Task<int> ActAsync(string path, PersonBody body)
        {
            using var response = await Http.PostAsJsonAsync(path, body, ApiJson.Default.PersonBody, Ct);
            if (await ReadAsync(response) is not { } answer) return 1;
            await (response.IsSuccessStatusCode ? Out : Error).WriteLineAsync(response.IsSuccessStatusCode ? Message(answer) : $"{(int)response.StatusCode}: {Message(answer)}");
            return response.IsSuccessStatusCode ? 0 : 1;
        }

        /// <summary>GETs <paramref name="path"/>; on an error answer prints the server's message on stderr and returns null.</summary>
        public async Task<string?> GetAsync(string path)
        {
            using var response = await Http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, Ct);
            var body = await ReadAsync(response);
            if (body is null) return null;
            if (response.IsSuccessStatusCode) return body;
            await Error.WriteLineAsync($"{(int)response.StatusCode}: {Message(body)}");
            return null;
        }
    }

    /// <summary>The token read verbs send when it is set; with <c>Api:ReadToken</c>, the incidents API needs one.</summary>
    public const string ReadTokenVariable = "WATCHDOG_TOKEN";

    /// <summary>
    /// Runs <paramref name="call"/> against the Watchdog at <c>--url</c>. With <paramref name="tokenFrom"/>
    /// the configuration is loaded and its <c>Watchdog:Api:Token</c> is sent; <paramref name="needs"/> names
    /// what is off without it.
    /// </summary>
    public static async Task<int> RunAsync(ParseResult result, Option<string> url, Func<Call, Task<int>> call, CancellationToken ct,
        ConfigOptions? tokenFrom = null, string needs = "actions")
    {
        var output = result.InvocationConfiguration.Output;
        var error = result.InvocationConfiguration.Error;
        var address = result.GetValue(url)!;
        if (!Uri.TryCreate(address.EndsWith('/') ? address : address + "/", UriKind.Absolute, out var baseAddress) || baseAddress.Scheme is not ("http" or "https"))
        {
            await error.WriteLineAsync($"--url: '{address}' is not an absolute http(s) URL");
            return 1;
        }

        // Reads send $WATCHDOG_TOKEN when set: with Api:ReadToken the incidents API needs it.
        var token = Environment.GetEnvironmentVariable(ReadTokenVariable) is { Length: > 0 } read ? read : null;
        if (tokenFrom is not null)
        {
            Configuration.WatchdogSettings? settings;
            IReadOnlyList<string> errors;
            try
            {
                settings = WatchdogApp.LoadSettings([], tokenFrom.From(result), out errors);
            }
            catch (InvalidDataException e)
            {
                return Commands.Invalid([Commands.Unparsable(e)], error);
            }

            if (settings is null) return Commands.Invalid(errors, error);
            if (settings.ApiToken is null)
            {
                await error.WriteLineAsync($"Watchdog:Api:Token is not set: {needs} are off.");
                return 1;
            }

            token = settings.ApiToken;
        }

        // Strict: the bearer token goes to the address given and nowhere a redirect points.
        using var http = new HttpClient(Integrations.Http.StrictHttp.CreateHandler()) { BaseAddress = baseAddress, Timeout = Timeout };
        if (token is not null) http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        try
        {
            return await call(new Call(http, output, error, ct));
        }
        catch (HttpRequestException e)
        {
            await error.WriteLineAsync($"cannot reach Watchdog at {address}: {e.Message}");
            return 1;
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            await error.WriteLineAsync($"cannot reach Watchdog at {address}: no answer within {Timeout.TotalSeconds:0}s");
            return 1;
        }
    }

    /// <summary>What a JSON answer says: its <c>error</c>, else its <c>detail</c>, else the body itself.</summary>
    public static string Message(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            foreach (var name in (string[])["error", "detail"])
            {
                if (json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String)
                    return value.GetString()!;
            }
        }
        catch (JsonException)
        {
        }

        return body.Trim();
    }
}
