using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Watchdog.Integrations.Tests.Http;
using Watchdog.Testing;

namespace Watchdog.Integrations.Tests.Notifiers;

/// <summary>
/// A Slack incoming webhook on Kestrel. It parses each body and checks it against Block Kit's limits the way
/// Slack does (400 <c>invalid_payload</c> when broken), then answers <c>ok</c> or the error it was told to play.
/// </summary>
internal sealed class SlackPeer : IAsyncDisposable
{
    /// <summary>The part of a webhook URL that is the credential; it must never show in errors or logs.</summary>
    public const string SecretToken = "s3cr3tW3bh00kT0k3nXyZ";

    private const string Path = "services/T0WATCHDOG/B0ALERTS/" + SecretToken;

    private readonly List<JsonObject> _accepted = [];
    private readonly List<string> _problems = [];
    private TestPeer _peer = null!;

    public Uri WebhookUrl => _peer.Url(Path);

    public IReadOnlyList<JsonObject> Accepted
    {
        get { lock (_accepted) return [.. _accepted]; }
    }

    /// <summary>Why the last bodies were refused as invalid_payload; empty when every body was well formed.</summary>
    public IReadOnlyList<string> Problems
    {
        get { lock (_problems) return [.. _problems]; }
    }

    public static async Task<SlackPeer> StartAsync(int status = 200, string answer = "ok", PeerFront? front = null)
    {
        var slack = new SlackPeer();
        slack._peer = await TestPeer.StartAsync(app => app.MapPost("/" + Path, async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            var raw = await reader.ReadToEndAsync();
            var problems = new List<string>();
            if (request.ContentType?.StartsWith("application/json", StringComparison.Ordinal) != true)
                problems.Add("content type " + request.ContentType);
            JsonObject? body = null;
            try
            {
                body = JsonNode.Parse(raw) as JsonObject;
            }
            catch (System.Text.Json.JsonException e)
            {
                problems.Add("not JSON: " + e.Message);
            }

            if (body is null) problems.Add("body is not a JSON object");
            else problems.AddRange(Check(body));

            if (problems.Count > 0)
            {
                lock (slack._problems) slack._problems.AddRange(problems);
                return Results.Text("invalid_payload", "text/plain", statusCode: 400);
            }

            if (status == 200 && answer == "ok")
            {
                lock (slack._accepted) slack._accepted.Add(body!);
            }

            return Results.Text(answer, "text/plain", statusCode: status);
        }), front?.Middleware);
        return slack;
    }

    /// <summary>Block Kit's documented limits for the blocks Watchdog sends.</summary>
    private static IEnumerable<string> Check(JsonObject body)
    {
        if (body["text"]?.GetValue<string>() is not { Length: > 0 })
            yield return "text missing or empty";
        if (body["blocks"] is not JsonArray blocks)
        {
            yield return "blocks missing";
            yield break;
        }

        if (blocks.Count is 0 or > 50) yield return $"{blocks.Count} blocks";
        foreach (var block in blocks.OfType<JsonObject>())
        {
            var type = block["type"]?.GetValue<string>();
            switch (type)
            {
                case "header":
                    if (block["text"]?["type"]?.GetValue<string>() != "plain_text") yield return "header text is not plain_text";
                    if (block["text"]?["text"]?.GetValue<string>() is not { Length: > 0 and <= 150 }) yield return "header text empty or over 150";
                    break;
                case "section":
                    var text = block["text"];
                    var fields = block["fields"] as JsonArray;
                    if (text is null && fields is null) yield return "section without text or fields";
                    if (text is not null && (text["type"]?.GetValue<string>() is not ("mrkdwn" or "plain_text") || text["text"]?.GetValue<string>() is not { Length: > 0 and <= 3000 }))
                        yield return "section text bad type or length";
                    if (fields is not null)
                    {
                        if (fields.Count is 0 or > 10) yield return $"section with {fields.Count} fields";
                        foreach (var f in fields)
                        {
                            if (f?["type"]?.GetValue<string>() is not ("mrkdwn" or "plain_text") || f["text"]?.GetValue<string>() is not { Length: > 0 and <= 2000 })
                                yield return "field bad type or length";
                        }
                    }

                    break;
                case "actions":
                    if (block["elements"] is not JsonArray { Count: > 0 and <= 25 } buttons) yield return "actions elements count";
                    else if (buttons.Any(b => b?["type"]?.GetValue<string>() != "button" || b["text"]?["type"]?.GetValue<string>() != "plain_text"
                        || b["text"]?["text"]?.GetValue<string>() is not { Length: > 0 and <= 75 } || b["url"]?.GetValue<string>() is not { Length: > 0 and <= 3000 }))
                        yield return "actions button";
                    break;
                case "context":
                    if (block["elements"] is not JsonArray { Count: > 0 and <= 10 } elements) yield return "context elements count";
                    else if (elements.Any(e => e?["text"]?.GetValue<string>() is not { Length: > 0 and <= 2000 })) yield return "context element text";
                    break;
                default:
                    yield return $"unexpected block type {type}";
                    break;
            }
        }
    }

    public ValueTask DisposeAsync() => _peer.DisposeAsync();
}
