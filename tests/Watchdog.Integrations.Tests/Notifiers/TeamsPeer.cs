using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Watchdog.Integrations.Tests.Http;
using Watchdog.Testing;

namespace Watchdog.Integrations.Tests.Notifiers;

/// <summary>
/// A Teams webhook on Kestrel, at a Workflows-style trigger URL whose <c>sig</c> is the credential. It parses each
/// body and checks the Adaptive Card message shape API-NOTES.md §6.2 documents (400 when it is broken), then answers as it was told:
/// Workflows' 202, the legacy connector's 200 <c>1</c>, the connector's throttle inside a 200, an error, or worse.
/// </summary>
internal sealed class TeamsPeer : IAsyncDisposable
{
    /// <summary>The part of the webhook URL that is the credential; it must never show in errors or logs.</summary>
    public const string Signature = "Qm9vbVNpZ25hdHVyZUZvclRlYW1zV2ViaG9vaw";

    private const string Path = "workflows/4f6c2b0e1fa7d94d/triggers/manual/paths/invoke";

    public static readonly PeerReply Workflows = new(202);
    public static readonly PeerReply LegacyOk = new(200, "1");

    /// <summary>The legacy connector's way of saying 429: an HTTP 200 carrying the error text.</summary>
    public static readonly PeerReply ThrottledIn200 = new(200,
        "Webhook message delivery failed with error: Microsoft Teams endpoint returned HTTP error 429 with ContextId tcid=0,server=msgapi-production-eus-azsc2-4-170,cv=8QyIqA.");

    private readonly List<Delivery> _received = [];
    private readonly List<string> _problems = [];
    private readonly TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TestPeer _peer = null!;

    public sealed record Delivery(JsonObject Body, int Bytes, string? Sig);

    public Uri WebhookUrl => _peer.Url(Path + "?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=" + Signature);

    /// <summary>Every well-formed card received, whatever it was answered.</summary>
    public IReadOnlyList<Delivery> Received
    {
        get { lock (_received) return [.. _received]; }
    }

    /// <summary>What was wrong with the bodies received; empty when each was a well-formed card message.</summary>
    public IReadOnlyList<string> Problems
    {
        get { lock (_problems) return [.. _problems]; }
    }

    /// <summary>Completes when the first request has been read, before it is answered.</summary>
    public Task FirstRequest => _arrived.Task;

    /// <param name="replies">The answer to each request in turn; the last one repeats. Default: Workflows' 202.</param>
    public static Task<TeamsPeer> StartAsync(params PeerReply[] replies) => StartAsync(null, replies);

    public static async Task<TeamsPeer> StartAsync(PeerFront? front, params PeerReply[] replies)
    {
        if (replies.Length == 0) replies = [Workflows];
        var teams = new TeamsPeer();
        var count = 0;
        teams._peer = await TestPeer.StartAsync(app => app.MapPost("/" + Path, async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var raw = await reader.ReadToEndAsync();
            var problems = new List<string>();
            if (context.Request.ContentType?.StartsWith("application/json", StringComparison.Ordinal) != true)
                problems.Add("content type " + context.Request.ContentType);
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

            lock (teams._problems) teams._problems.AddRange(problems);
            if (problems.Count == 0)
            {
                lock (teams._received) teams._received.Add(new Delivery(body!, System.Text.Encoding.UTF8.GetByteCount(raw), context.Request.Query["sig"]));
            }

            teams._arrived.TrySetResult();
            if (problems.Count > 0)
            {
                await new PeerReply(400, "Bad payload: the card could not be parsed").WriteAsync(context.Response);
                return;
            }

            var reply = replies[Math.Min(Interlocked.Increment(ref count), replies.Length) - 1];
            await reply.WriteAsync(context.Response);
        }), front?.Middleware);
        return teams;
    }

    /// <summary>The message and card shape of API-NOTES.md §6.2, and the parts of Adaptive Cards 1.2 Watchdog uses.</summary>
    private static IEnumerable<string> Check(JsonObject body)
    {
        if (Text(body["type"]) != "message") yield return "type is not message";
        if (body["attachments"] is not JsonArray { Count: 1 } attachments || attachments[0] is not JsonObject attachment)
        {
            yield return "attachments is not one object";
            yield break;
        }

        if (Text(attachment["contentType"]) != "application/vnd.microsoft.card.adaptive") yield return "contentType";
        if (!attachment.ContainsKey("contentUrl") || attachment["contentUrl"] is not null) yield return "contentUrl is not null";
        if (attachment["content"] is not JsonObject card)
        {
            yield return "content missing";
            yield break;
        }

        if (Text(card["$schema"]) != "http://adaptivecards.io/schemas/adaptive-card.json") yield return "$schema";
        if (Text(card["type"]) != "AdaptiveCard") yield return "card type";
        if (Text(card["version"]) != "1.2") yield return "card version";
        if (card["body"] is not JsonArray { Count: > 0 } elements)
        {
            yield return "card body empty";
            yield break;
        }

        foreach (var element in elements)
        {
            switch (Text(element?["type"]))
            {
                case "TextBlock":
                    if (Text(element!["text"]) is not { Length: > 0 }) yield return "TextBlock without text";
                    break;
                case "FactSet":
                    if (element!["facts"] is not JsonArray { Count: > 0 } facts) yield return "FactSet without facts";
                    else if (facts.Any(f => Text(f?["title"]) is null || Text(f?["value"]) is null)) yield return "fact without title or value";
                    break;
                case var other:
                    yield return $"unexpected element {other}";
                    break;
            }
        }

        if (card["actions"] is JsonArray actions)
        {
            foreach (var action in actions)
            {
                if (Text(action?["type"]) != "Action.OpenUrl") yield return $"unsupported action {Text(action?["type"])}";
                if (!Uri.TryCreate(Text(action?["url"]), UriKind.Absolute, out _) || Text(action?["title"]) is not { Length: > 0 }) yield return "action without url or title";
            }
        }
    }

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public ValueTask DisposeAsync() => _peer.DisposeAsync();
}
