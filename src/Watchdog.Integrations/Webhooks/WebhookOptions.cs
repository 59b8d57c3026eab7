namespace Watchdog.Integrations.Webhooks;

/// <summary>
/// A generic JSON webhook, signed so the receiver can tell Watchdog sent it and that it was not replayed.
/// </summary>
/// <remarks>
/// <para><b>Contract</b> (one POST per notification):</para>
/// <code>
/// POST {Url}
/// Content-Type: application/json; charset=utf-8
/// X-Watchdog-Event: rollback_in_progress
/// X-Watchdog-Timestamp: 1795230000
/// X-Watchdog-Signature: sha256=5d1c…(64 lowercase hex digits)
/// X-Watchdog-Delivery: 20261121-030000-checkout:rollback_in_progress
/// Idempotency-Key: 20261121-030000-checkout:rollback_in_progress
///
/// {"kind":"rollback_in_progress","severity":"critical","service":"checkout",
///  "incidentId":"20261121-030000-checkout","title":"…","text":"…",
///  "lines":["Service: checkout","Issue: …"],
///  "facts":{"Incident":"20261121-030000-checkout","Rule":"error-rate","Measured":"23.5%",…},
///  "links":[{"label":"Open incident","url":"https://watchdog.internal/?incident=…"}],
///  "public":"⚠️ Service Degradation …","drill":false,
///  "sentAt":"2026-11-21T03:00:00.000Z"}
/// </code>
/// <list type="bullet">
/// <item><c>kind</c>: <c>alert</c>, <c>approval_needed</c>, <c>rollback_in_progress</c>, <c>rollback_complete</c>,
/// <c>escalation</c> or <c>resolved</c>. <c>severity</c>: <c>info</c>, <c>warning</c>, <c>high</c> or <c>critical</c>.</item>
/// <item><c>text</c> is <c>title</c>, a blank line, then <c>lines</c> joined by <c>\n</c>: the plain-text message.</item>
/// <item><c>facts</c> keeps Watchdog's order; a label that repeats gets <c> (2)</c>, <c> (3)</c>… so keys stay unique.</item>
/// <item><c>links</c>: the incident page and, when approval is asked, the signed approve and veto links.
/// <c>public</c>: the user-facing notice (seed 1's status-page text) for customer channels, or null when the event
/// is not for the public. <c>drill</c>: true for a scheduled drill, which no one needs to act on.</item>
/// <item><c>sentAt</c>: ISO-8601 UTC with milliseconds; the same instant as the timestamp header.</item>
/// <item><c>X-Watchdog-Timestamp</c>: Unix time in whole seconds.</item>
/// <item><c>X-Watchdog-Signature</c>: <c>sha256=</c> and the lowercase hex HMAC-SHA256, keyed with the UTF-8 bytes
/// of <see cref="Secret"/>, over the ASCII timestamp, a <c>.</c>, then the raw body bytes exactly as received.
/// Signing the timestamp lets a receiver refuse replays: check it is within 5 minutes of its own clock
/// (<see cref="WebhookSignature.Verify"/> does both checks, in constant time).</item>
/// <item><c>X-Watchdog-Delivery</c> and <c>Idempotency-Key</c>: <c>&lt;incidentId&gt;:&lt;kind&gt;</c>, the id
/// percent-encoded where it has characters outside <c>A–Z a–z 0–9 - . _ ~</c> (Watchdog's own ids have none).
/// A retry of the same message carries the same key, so a receiver may drop what it has already seen. Progress
/// updates, which an incident sends several of, add <c>:&lt;12 hex digits of their text's SHA-256&gt;</c>.</item>
/// <item>Any 2xx answer is success; anything else is a failed delivery, reported with the status and the
/// first 200 characters of the body.</item>
/// </list>
/// </remarks>
public sealed class WebhookOptions
{
    /// <summary>Where to POST. Required; absolute http or https. Only its host is ever logged (a query may hold a token).</summary>
    public Uri? Url { get; set; }

    /// <summary>
    /// The HMAC key, shared with the receiver. Required, at least <see cref="MinSecretLength"/> characters.
    /// Never logged.
    /// </summary>
    public string? Secret { get; set; }

    /// <summary>How this channel is named in logs and in the fan-out's report. Default <c>webhook</c>.</summary>
    public string Name { get; set; } = "webhook";

    /// <summary>Shortest secret accepted: 16 characters. A shorter key is guessable offline from one signed message.</summary>
    public const int MinSecretLength = 16;
}
