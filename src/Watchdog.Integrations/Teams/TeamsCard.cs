using System.Text.Json.Nodes;
using Watchdog.Core.Reports;
using Watchdog.Integrations.Http;

namespace Watchdog.Integrations.Teams;

/// <summary>
/// Renders a <see cref="Notification"/> as the Adaptive Card message a Teams webhook takes (API-NOTES.md §6.2):
/// a bold title coloured by severity, one wrapping TextBlock per line, a FactSet with the facts, and an
/// <c>Action.OpenUrl</c> per link (Teams webhooks do not support <c>Action.Submit</c>). A message over
/// <see cref="MaxBytes"/> is cut, facts first kept, and the card says what was left out.
/// </summary>
internal static class TeamsCard
{
    /// <summary>
    /// The whole request body's limit in UTF-8 bytes. Teams' limit is quoted as 28 KB (API-NOTES.md §7.9,
    /// secondary source), so this stays under 28,000 rather than 28 KiB.
    /// </summary>
    public const int MaxBytes = 28_000;

    public const int MaxTitleChars = 400;
    private const int MaxFactTitleChars = 100;
    private const int MaxFactValueChars = 1000;
    private const int MaxActionTitleChars = 100;
    private const int MaxIdChars = 200;

    /// <param name="LinesLeftOut">Lines not shown whole (a line cut short counts).</param>
    /// <param name="FactsLeftOut">Facts not shown.</param>
    public sealed record Result(JsonObject Payload, int LinesLeftOut, int FactsLeftOut);

    public static Result Build(Notification n)
    {
        var lines = n.Lines.Where(l => !string.IsNullOrWhiteSpace(l)).ToList();
        var body = new JsonArray(Title(n));
        var card = new JsonObject
        {
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["type"] = "AdaptiveCard",
            ["version"] = "1.2",
            ["body"] = body,
        };
        var links = n.Links.Where(l => l.Url.IsAbsoluteUri && (l.Url.Scheme == Uri.UriSchemeHttps || l.Url.Scheme == Uri.UriSchemeHttp)).ToList();
        if (links.Count > 0) card["actions"] = new JsonArray([.. links.Select(OpenUrl)]);
        var payload = new JsonObject
        {
            ["type"] = "message",
            ["attachments"] = new JsonArray(
                new JsonObject
                {
                    ["contentType"] = "application/vnd.microsoft.card.adaptive",
                    ["contentUrl"] = null,
                    ["content"] = card,
                }),
        };

        // Room for the notice is kept up front, at its longest (both counts, each of its widest), so it always fits.
        var room = MaxBytes - JsonBudget.Bytes(payload) - (JsonBudget.Bytes(Notice(n, (lines.Count, lines.Count), (n.Facts.Count, n.Facts.Count))) + 1);

        var facts = new JsonArray();
        var factSet = new JsonObject { ["type"] = "FactSet", ["facts"] = facts };
        if (n.Facts.Count > 0)
        {
            room -= JsonBudget.Bytes(factSet) + 1;
            // The facts (the why) may take half of what is left; the lines get the rest.
            var factRoom = room / 2;
            var before = factRoom;
            JsonBudget.Fill(facts, n.Facts, Fact, ref factRoom);
            room -= before - factRoom;
        }

        var whole = JsonBudget.FillText(body, lines, TextBlock, ref room);
        if (facts.Count > 0) body.Add((JsonNode)factSet);

        var linesLeftOut = lines.Count - whole;
        var factsLeftOut = n.Facts.Count - facts.Count;
        if (linesLeftOut > 0 || factsLeftOut > 0)
            body.Add((JsonNode)Notice(n, linesLeftOut > 0 ? (whole, lines.Count) : null, factsLeftOut > 0 ? (facts.Count, n.Facts.Count) : null));
        return new Result(payload, linesLeftOut, factsLeftOut);
    }

    private static JsonObject Title(Notification n)
    {
        var title = string.IsNullOrWhiteSpace(n.Title) ? "Watchdog" : n.Title;
        var block = new JsonObject
        {
            ["type"] = "TextBlock",
            ["text"] = PlainText.Cut(title, MaxTitleChars),
            ["weight"] = "bolder",
            ["size"] = "medium",
            ["wrap"] = true,
        };
        var color = n.Severity switch
        {
            Severity.Critical or Severity.High => "attention",
            Severity.Warning => "warning",
            _ => null,
        };
        if (color is not null) block["color"] = color;
        return block;
    }

    private static JsonObject TextBlock(string text) => new()
    {
        ["type"] = "TextBlock",
        ["text"] = text,
        ["wrap"] = true,
    };

    private static JsonObject Fact(KeyValuePair<string, string> fact) => new()
    {
        ["title"] = PlainText.Cut(fact.Key, MaxFactTitleChars),
        ["value"] = PlainText.Cut(fact.Value, MaxFactValueChars),
    };

    private static JsonObject OpenUrl(NotificationLink link) => new()
    {
        ["type"] = "Action.OpenUrl",
        ["title"] = PlainText.Cut(link.Label, MaxActionTitleChars),
        ["url"] = link.Url.AbsoluteUri,
    };

    private static JsonObject Notice(Notification n, (int Shown, int Of)? lines, (int Shown, int Of)? facts)
    {
        var shown = new List<string>();
        if (lines is { } l) shown.Add($"{l.Shown} of {l.Of} lines");
        if (facts is { } f) shown.Add($"{f.Shown} of {f.Of} facts");
        var block = TextBlock($"…cut to fit Teams' 28 KB card limit: {string.Join(" and ", shown)} shown whole. "
            + $"The full message is in Watchdog, incident {PlainText.Cut(n.IncidentId, MaxIdChars)}.");
        block["isSubtle"] = true;
        return block;
    }
}
