using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Watchdog.Configuration;

namespace Watchdog.Http;

/// <summary>
/// What a person's request to act carries: the API token, and a small JSON body saying who they are (it goes into
/// the timeline) and, for a rollback, where to. One reading for every endpoint a person acts through.
/// </summary>
public sealed record PersonRequest(string By, string? To)
{
    private const int MaxBytes = 4096;

    /// <param name="what">What is off without the token ("actions", "drills on request").</param>
    /// <returns>The request, or the answer that refuses it (401 without the token, 400 for a bad body).</returns>
    public static async Task<(PersonRequest? Request, IResult? Refusal)> ReadAsync(HttpRequest request, WatchdogSettings settings, string what, CancellationToken ct)
    {
        if (!BearerToken.Matches(request, settings.ApiToken))
            return (null, ApiResults.Error(settings.ApiToken is null ? $"{what} are off: set Watchdog:Api:Token" : "missing or wrong bearer token", StatusCodes.Status401Unauthorized));
        if (await RequestBody.ReadAsync(request, MaxBytes, ct) is not { } bytes)
            return (null, ApiResults.Error($"body larger than {MaxBytes} bytes", StatusCodes.Status413PayloadTooLarge));
        PersonBody? body;
        try
        {
            body = bytes.Length > 0 ? JsonSerializer.Deserialize(bytes, ApiJson.Default.PersonBody) : null;
        }
        catch (JsonException e)
        {
            return (null, ApiResults.BadRequest($"body is not valid JSON: {e.Message}"));
        }

        return body?.By is { Length: > 0 } by
            ? (new PersonRequest(by, body.To is { Length: > 0 } to ? to : null), null)
            : (null, ApiResults.BadRequest("say who you are: {\"by\": \"your name\"}; it goes into the timeline"));
    }
}
