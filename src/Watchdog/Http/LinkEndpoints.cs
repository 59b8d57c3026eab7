using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using Watchdog.Core.Incidents;
using Watchdog.Core.Ports;
using Watchdog.Core.Runbook;
using Watchdog.Hosting;

namespace Watchdog.Http;

/// <summary>
/// The signed approve/veto links from messages. GET only shows what the link would do and asks who
/// is acting: chat apps unfurl and prefetch links, so following one must never act. POST acts, once:
/// the link's nonce is claimed in the durable ledger, so a replay is refused after a restart too.
/// </summary>
public static partial class LinkEndpoints
{
    private const int MaxFormBytes = 4096;
    private const int MaxNameLength = 100;

    public static IEndpointRouteBuilder MapActionLinks(this IEndpointRouteBuilder app)
    {
        app.MapGet("/act/{token}", async (string token, HttpResponse response, IActionLinks links, WatchdogRuntime runtime, IIncidentStore store, ILedger ledger, ILoggerFactory logs, CancellationToken ct) =>
        {
            var log = logs.CreateLogger("Watchdog.Links");
            var checkedLink = Check(token, links, runtime, log);
            if (checkedLink.Refusal is { } refusal) return refusal.Render(response);
            var (claim, watch) = checkedLink.Link!.Value;
            if (await ledger.GetAsync(ActionLinks.LedgerScope, claim.Nonce, ct) is { } usedBy)
                return Used(usedBy).Render(response);

            var incident = await store.GetAsync(claim.IncidentId, ct);
            var question = claim.Action == LinkAction.Approve
                ? $"Approve rolling back {watch.Service} for incident {claim.IncidentId}?"
                : $"Veto the rollback of {watch.Service} for incident {claim.IncidentId}? Nothing will be done; Watchdog keeps watching.";
            var body = new StringBuilder()
                .Append("<p>").Append(Html(question)).Append("</p>")
                .Append(Facts(incident))
                .Append("<form method=\"post\"><label>Your name <input name=\"by\" required maxlength=\"").Append(MaxNameLength).Append("\" autocomplete=\"name\"></label> ")
                .Append("<button type=\"submit\">").Append(claim.Action == LinkAction.Approve ? "Approve" : "Veto").Append("</button></form>")
                .Append("<p><small>This link works once and expires at ").Append(Html($"{claim.Expires:yyyy-MM-dd HH:mm}")).Append(" UTC.</small></p>");
            return new Page(StatusCodes.Status200OK, claim.Action == LinkAction.Approve ? "Approve rollback" : "Veto rollback", body.ToString(), Raw: true).Render(response);
        });

        app.MapPost("/act/{token}", async (string token, HttpRequest request, HttpResponse response, IActionLinks links, WatchdogRuntime runtime, ILedger ledger, ILoggerFactory logs, CancellationToken ct) =>
        {
            var log = logs.CreateLogger("Watchdog.Links");
            var checkedLink = Check(token, links, runtime, log);
            if (checkedLink.Refusal is { } refusal) return refusal.Render(response);
            var (claim, watch) = checkedLink.Link!.Value;
            if (await NameAsync(request, ct) is not { } name)
                return new Page(StatusCodes.Status400BadRequest, "Say who you are",
                    $"Fill in your name (up to {MaxNameLength} characters): it goes into the incident's timeline. The link is still unused.").Render(response);

            // Signature and expiry passed: only now is the nonce spent. First use wins, durably.
            if (!await ledger.TryAddAsync(ActionLinks.LedgerScope, claim.Nonce, name, ct))
            {
                LogReplayed(log, claim.IncidentId, claim.Action, name);
                return Used(await ledger.GetAsync(ActionLinks.LedgerScope, claim.Nonce, ct)).Render(response);
            }

            var by = $"{name} (signed link)";
            var (answer, detail) = claim.Action == LinkAction.Approve
                ? await watch.ApproveAsync(claim.IncidentId, by, ct)
                : await watch.VetoAsync(claim.IncidentId, by, ct);
            LogUsed(log, claim.IncidentId, claim.Action, name, answer);
            // On NotNow the nonce stays spent: a link is one attempt, not a standing permission. Nearly
            // always the incident has moved on (decided through the other link, the API, or the
            // runbook), and releasing the claim would let this link act later in a state nobody saw.
            var page = answer switch
            {
                ServiceWatch.Answer.Done => new Page(StatusCodes.Status200OK, "Done", $"{Capitalized(detail)}. The incident's timeline records it."),
                ServiceWatch.Answer.NoSuchIncident => new Page(StatusCodes.Status404NotFound, "No such open incident", detail),
                _ => new Page(StatusCodes.Status409Conflict, "Not now",
                    $"Watchdog could not do this now: {detail}. This link is used up; if it still needs doing, use the API or `Watchdog {claim.Action.ToString().ToLowerInvariant()} {claim.IncidentId}`."),
            };
            return page.Render(response);
        });
        return app;
    }

    private readonly record struct Checked(Page? Refusal, (LinkClaim Claim, ServiceWatch Watch)? Link);

    /// <summary>Signature, then expiry, then whether the incident is still open; the same on GET and POST.</summary>
    private static Checked Check(string token, IActionLinks links, WatchdogRuntime runtime, ILogger log)
    {
        if (links is not ActionLinks signed)
            return new(new Page(StatusCodes.Status404NotFound, "Links are off", "This Watchdog signs no links: Watchdog:Api:PublicUrl is not set."), null);
        var (verdict, claim) = signed.Verify(token);
        if (verdict != LinkVerdict.Valid) LogRefused(log, verdict);
        switch (verdict)
        {
            case LinkVerdict.Expired:
                return new(new Page(StatusCodes.Status410Gone, "Link expired", "This link has expired. Use the newest message, the API or the CLI."), null);
            case LinkVerdict.Malformed or LinkVerdict.BadSignature:
                return new(new Page(StatusCodes.Status403Forbidden, "Link refused", "This link is not one Watchdog signed, or it was altered or cut short."), null);
        }

        if (runtime.Watches.FirstOrDefault(w => w.OpenIncidentId == claim!.IncidentId) is not { } watch)
            return new(new Page(StatusCodes.Status404NotFound, "No such open incident", $"Incident {claim!.IncidentId} is not open: it was resolved or closed, or never existed."), null);
        return new(null, (claim!, watch));
    }

    private static Page Used(string? by) => new(StatusCodes.Status409Conflict, "Link already used",
        $"This link has already been used{(by is null ? "" : $" by {by}")}. Each link acts once; nothing more was done.");

    private static async Task<string?> NameAsync(HttpRequest request, CancellationToken ct)
    {
        if (!request.HasFormContentType || await RequestBody.ReadAsync(request, MaxFormBytes, ct) is not { } body) return null;
        var form = QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body));
        var name = form.TryGetValue("by", out var values) ? values.ToString().Trim() : "";
        return name.Length is > 0 and <= MaxNameLength && !name.Any(char.IsControl) ? name : null;
    }

    private static string Facts(Incident? incident)
    {
        if (incident is null) return "";
        var facts = new List<(string, string)> { ("Trigger", incident.Trigger.Summary), ("State", incident.State.ToString()) };
        if (incident.Decision is { } d) facts.Add(("Decision", $"{d.Action}: {d.Reason}"));
        if (incident.FromVersion is { } from) facts.Add(("From", from));
        if (incident.ToVersion is { } to) facts.Add(("To", to));
        return "<dl>" + string.Concat(facts.Select(f => $"<dt>{Html(f.Item1)}</dt><dd>{Html(f.Item2)}</dd>")) + "</dl>";
    }

    private static string Capitalized(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];

    private static string Html(string s) => Page.Html(s);

    [LoggerMessage(Level = LogLevel.Warning, Message = "action link refused: {Verdict}")]
    private static partial void LogRefused(ILogger logger, LinkVerdict verdict);

    [LoggerMessage(Level = LogLevel.Warning, Message = "incident {Incident}: {Action} link used again by {By}; refused")]
    private static partial void LogReplayed(ILogger logger, string incident, LinkAction action, string by);

    [LoggerMessage(Level = LogLevel.Information, Message = "incident {Incident}: {Action} link used by {By}: {Answer}")]
    private static partial void LogUsed(ILogger logger, string incident, LinkAction action, string by, ServiceWatch.Answer answer);
}
