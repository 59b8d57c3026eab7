using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Watchdog.Core.Reports;
using Watchdog.Integrations.Http;
using Watchdog.Integrations.Webhooks;

namespace Watchdog.Integrations.PagerDuty;

/// <summary>
/// Renders a <see cref="Notification"/> as an Events API v2 event (API-NOTES.md §6.3). One PagerDuty alert per
/// incident: every event carries the dedup key <c>watchdog-{incident id}</c>, so later triggers join the alert
/// and <see cref="NotificationKind.Resolved"/> or <see cref="NotificationKind.SeesAgain"/> resolves it (a source's
/// "blind" and "sees again" share one id, see <c>Messages.Sight</c>).
/// </summary>
internal static class PagerDutyEvent
{
    public const int MaxSummaryChars = 1024;
    public const int MaxDedupKeyChars = 255;

    /// <summary>PagerDuty takes events up to 512 KB; this stays under 500,000 bytes.</summary>
    public const int MaxBytes = 500_000;

    public const int MaxFacts = 100;
    private const int MaxFactLabelChars = 100;
    private const int MaxFactValueChars = 1024;
    private const int MaxLinkTextChars = 256;
    private const string DedupPrefix = "watchdog-";

    /// <summary>Room kept for the <c>lines_cut</c> note, at its longest.</summary>
    private const string CutNote = ",\"lines_cut\":\"9999999999 of 9999999999 lines not sent whole: the event's size limit\"";

    public static bool Resolves(NotificationKind kind) => kind is NotificationKind.Resolved or NotificationKind.SeesAgain;

    /// <summary>
    /// <c>watchdog-{incidentId}</c>; an id too long for PagerDuty's 255 characters is cut and given a hash of the
    /// whole id, so the key stays the same for the same incident and different for different ones.
    /// </summary>
    public static string DedupKey(string incidentId)
    {
        var key = DedupPrefix + incidentId;
        if (key.Length <= MaxDedupKeyChars) return key;
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(incidentId)))[..16];
        return JsonBudget.Prefix(key, MaxDedupKeyChars - hash.Length - 1) + "-" + hash;
    }

    public static string SeverityName(Severity severity) => severity switch
    {
        Severity.Critical => "critical",
        Severity.High => "error",
        Severity.Warning => "warning",
        _ => "info",
    };

    /// <param name="LinesLeftOut">Lines of <c>custom_details</c> not sent whole because of <see cref="MaxBytes"/>.</param>
    public sealed record Result(JsonObject Body, string Action, string DedupKey, int LinesLeftOut);

    public static Result Build(Notification n, string routingKey, DateTimeOffset sentAt)
    {
        var dedupKey = DedupKey(n.IncidentId);
        if (Resolves(n.Kind))
        {
            // A resolve needs only these three; anything else is ignored at best.
            return new Result(new JsonObject { ["routing_key"] = routingKey, ["event_action"] = "resolve", ["dedup_key"] = dedupKey }, "resolve", dedupKey, 0);
        }

        var kind = WebhookPayload.EventName(n.Kind);
        var title = string.IsNullOrWhiteSpace(n.Title) ? $"Watchdog: {kind} for {n.Service}" : n.Title;
        var facts = new JsonObject();
        foreach (var (label, value) in WebhookPayload.UniqueLabels(n.Facts).Take(MaxFacts))
            facts[PlainText.Cut(label, MaxFactLabelChars)] = PlainText.Cut(value, MaxFactValueChars);
        var lines = new JsonArray();
        var details = new JsonObject { ["incident_id"] = n.IncidentId };
        if (n.Drill) details["drill"] = true;
        details["lines"] = lines;
        details["facts"] = facts;

        var body = new JsonObject
        {
            ["routing_key"] = routingKey,
            ["event_action"] = "trigger",
            ["dedup_key"] = dedupKey,
            ["payload"] = new JsonObject
            {
                ["summary"] = PlainText.Cut(title, MaxSummaryChars),
                ["source"] = n.Service,
                ["severity"] = SeverityName(n.Severity),
                ["timestamp"] = sentAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
                ["component"] = n.Service,
                ["group"] = kind,
                ["class"] = kind,
                ["custom_details"] = details,
            },
            ["client"] = "Watchdog",
        };
        var links = n.Links.Where(l => l.Url.IsAbsoluteUri && (l.Url.Scheme == Uri.UriSchemeHttps || l.Url.Scheme == Uri.UriSchemeHttp)).ToList();
        if (links.Count > 0)
        {
            body["links"] = new JsonArray([.. links.Select(l => new JsonObject
            {
                ["href"] = l.Url.AbsoluteUri,
                ["text"] = PlainText.Cut(l.Label, MaxLinkTextChars),
            })]);
        }

        // Only facts of pathological size could fill the event on their own; the lines then give way entirely.
        var room = MaxBytes - JsonBudget.Bytes(body);
        while (room < 0 && facts.Count > 0)
        {
            var last = facts.ElementAt(facts.Count - 1);
            facts.Remove(last.Key);
            room = MaxBytes - JsonBudget.Bytes(body);
        }

        room -= CutNote.Length;
        var whole = JsonBudget.FillText(lines, n.Lines, l => JsonValue.Create(l)!, ref room);
        if (whole < n.Lines.Count) details["lines_cut"] = $"{n.Lines.Count - whole} of {n.Lines.Count} lines not sent whole: the event's size limit";
        return new Result(body, "trigger", dedupKey, n.Lines.Count - whole);
    }
}
