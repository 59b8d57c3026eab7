using System.Text.Json.Nodes;
using Watchdog.Core.Reports;

namespace Watchdog.Integrations.Slack;

/// <summary>
/// Renders a <see cref="Notification"/> as an incoming-webhook body: <c>text</c> (the full fallback, shown
/// in pop-ups and by clients without Block Kit) and <c>blocks</c>: a header with the title, sections with
/// the lines, sections of fields with the facts, and a context line with incident, severity and service.
/// Kept within Slack's documented limits by splitting, so a long message arrives whole instead of refused.
/// </summary>
internal static class SlackMessage
{
    public const int MaxHeaderChars = 150;
    public const int MaxSectionTextChars = 3000;
    public const int MaxFieldsPerSection = 10;
    public const int MaxFieldChars = 2000;
    public const int MaxContextChars = 2000;
    public const int MaxBlocks = 50;

    /// <summary>Slack cuts a message's top-level text beyond this.</summary>
    public const int MaxTextChars = 40_000;

    private const int MaxFactLabelChars = 100;

    /// <summary>Block Kit: at most 25 elements in an actions block, 75 characters of button text, 3000 of URL.</summary>
    private const int MaxButtons = 25, MaxButtonTextChars = 75, MaxButtonUrlChars = 3000;

    public static JsonObject Build(Notification n, SlackOptions options)
    {
        var facts = FactSections(n.Facts);
        var lines = SlackText.Pack(n.Lines, MaxSectionTextChars).Select(Section).ToList();

        var actions = Actions(n.Links);

        // Header + context + the facts (and the buttons) are always sent; the lines give way when a message would pass 50 blocks.
        var roomForLines = MaxBlocks - 2 - facts.Count - (actions is null ? 0 : 1);
        if (lines.Count > roomForLines)
        {
            lines = lines.Take(Math.Max(0, roomForLines - 1)).ToList();
            lines.Add(Section($"_…cut: the message exceeds Slack's {MaxBlocks} blocks; see incident {SlackText.EscapeWithin(n.IncidentId, 200)}._"));
        }

        var blocks = new JsonArray(Header(n.Title));
        foreach (JsonNode block in lines.Concat(facts)) blocks.Add(block);
        if (actions is not null) blocks.Add((JsonNode)actions);
        blocks.Add((JsonNode)Context(n, options.IncidentUrlBase));

        var body = new JsonObject
        {
            ["text"] = SlackText.EscapeWithin(n.Text, MaxTextChars),
            ["blocks"] = blocks,
            ["unfurl_links"] = false,
            ["unfurl_media"] = false,
        };
        if (!string.IsNullOrWhiteSpace(options.Channel)) body["channel"] = options.Channel;
        if (!string.IsNullOrWhiteSpace(options.Username)) body["username"] = options.Username;
        if (!string.IsNullOrWhiteSpace(options.IconEmoji)) body["icon_emoji"] = options.IconEmoji;
        return body;
    }

    // plain_text is shown as is, so the title is not escaped, only cut.
    private static JsonObject Header(string title) => new()
    {
        ["type"] = "header",
        ["text"] = new JsonObject
        {
            ["type"] = "plain_text",
            ["text"] = SlackText.Cut(string.IsNullOrWhiteSpace(title) ? "Watchdog" : title, MaxHeaderChars),
            ["emoji"] = true,
        },
    };

    /// <summary>One link button each (the incident page, approve, veto); none when the message has no links.</summary>
    private static JsonObject? Actions(IReadOnlyList<NotificationLink> links)
    {
        var buttons = new JsonArray();
        foreach (var link in links.Where(l => l.Url.AbsoluteUri.Length <= MaxButtonUrlChars).Take(MaxButtons))
        {
            buttons.Add((JsonNode)new JsonObject
            {
                ["type"] = "button",
                ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = SlackText.Cut(link.Label, MaxButtonTextChars) },
                ["url"] = link.Url.AbsoluteUri,
            });
        }

        return buttons.Count == 0 ? null : new JsonObject { ["type"] = "actions", ["elements"] = buttons };
    }

    private static JsonObject Section(string mrkdwn) => new()
    {
        ["type"] = "section",
        ["text"] = Mrkdwn(mrkdwn),
    };

    private static List<JsonObject> FactSections(IReadOnlyList<KeyValuePair<string, string>> facts)
    {
        var sections = new List<JsonObject>();
        foreach (var group in facts.Chunk(MaxFieldsPerSection))
        {
            var fields = new JsonArray();
            foreach (var (label, value) in group)
            {
                var head = $"*{SlackText.EscapeWithin(label, MaxFactLabelChars)}*\n";
                fields.Add((JsonNode)Mrkdwn(head + SlackText.EscapeWithin(value, MaxFieldChars - head.Length)));
            }

            sections.Add(new JsonObject { ["type"] = "section", ["fields"] = fields });
        }

        return sections;
    }

    private static JsonObject Context(Notification n, Uri? incidentUrlBase)
    {
        var id = SlackText.EscapeWithin(n.IncidentId, 200);
        if (incidentUrlBase is not null)
        {
            // Inside <url|label> the URL must not carry '|' or '>' raw; escaping the id as data and the whole URL as text covers both.
            var url = incidentUrlBase.AbsoluteUri.TrimEnd('/') + "/" + Uri.EscapeDataString(n.IncidentId);
            id = $"<{SlackText.Escape(url).Replace("|", "%7C", StringComparison.Ordinal)}|{id}>";
        }

        var text = $"Incident {id} · Severity *{n.Severity}* · Service {SlackText.EscapeWithin(n.Service, 200)}";
        return new JsonObject
        {
            ["type"] = "context",
            ["elements"] = new JsonArray(Mrkdwn(SlackText.Cut(text, MaxContextChars))),
        };
    }

    private static JsonObject Mrkdwn(string text) => new() { ["type"] = "mrkdwn", ["text"] = text };
}
