using Watchdog.Core.Releases;
using Watchdog.Integrations.Alerts;

namespace Watchdog.Integrations.DeployHooks;

/// <summary>
/// What one deploy webhook came to. Exactly one holds: <see cref="Rejection"/> (the body is not the sender's format:
/// 400, nothing stored), <see cref="Unconfirmed"/> (the platform's API could not be asked to confirm it: 502, so the
/// sender may retry), <see cref="Ignored"/> (read, but nothing to act on: 200 with the reason), or <see cref="Event"/>.
/// Every reason is our own words, one line, bounded, and never holds a secret.
/// </summary>
public sealed class DeployParseResult
{
    private DeployParseResult(DeployEvent? e, string? ignored, string? rejection, string? unconfirmed)
    {
        Event = e;
        Ignored = ignored is null ? null : AlertText.Bounded(ignored, AlertText.MaxReasonChars);
        Rejection = rejection;
        Unconfirmed = unconfirmed is null ? null : AlertText.Bounded(unconfirmed, AlertText.MaxReasonChars);
    }

    public DeployEvent? Event { get; }

    public string? Ignored { get; }

    public string? Rejection { get; }

    public string? Unconfirmed { get; }

    public static DeployParseResult Of(DeployEvent e) => new(e, null, null, null);

    public static DeployParseResult Ignore(string reason) => new(null, reason, null, null);

    internal static DeployParseResult Reject(string reason) => new(null, null, reason, null);

    internal static DeployParseResult CouldNotConfirm(string reason) => new(null, null, null, reason);

    /// <summary>Runs a parser, turning the first bad field into a <see cref="Rejection"/>.</summary>
    internal static DeployParseResult Read(ReadOnlySpan<byte> body, Func<System.Text.Json.JsonElement, DeployParseResult> read)
    {
        try
        {
            using var doc = PayloadJson.Parse(body);
            return read(PayloadJson.RootObject(doc));
        }
        catch (MalformedPayloadException e)
        {
            return Reject(e.Message);
        }
    }
}
