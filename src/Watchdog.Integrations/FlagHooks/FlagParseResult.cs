using Watchdog.Core.Releases;
using Watchdog.Integrations.Alerts;

namespace Watchdog.Integrations.FlagHooks;

/// <summary>
/// What one flag-service webhook came to: <see cref="Rejection"/> (not the sender's format: 400, nothing stored), or the
/// flag changes it reports for watched services (one per service whose flags are that project and environment), with
/// <see cref="Ignored"/> saying why there are none. Reasons are our own words, one line, bounded, never a secret.
/// </summary>
public sealed class FlagParseResult
{
    private FlagParseResult(IReadOnlyList<FlagEvent> changes, string? ignored, string? rejection)
    {
        Changes = changes;
        Ignored = ignored is null ? null : AlertText.Bounded(ignored, AlertText.MaxReasonChars);
        Rejection = rejection;
    }

    public IReadOnlyList<FlagEvent> Changes { get; }

    public string? Ignored { get; }

    public string? Rejection { get; }

    /// <summary>The changes found; with none, <paramref name="ignoredWhenNone"/> says why.</summary>
    internal static FlagParseResult Of(IReadOnlyList<FlagEvent> changes, string ignoredWhenNone) =>
        new(changes, changes.Count == 0 ? ignoredWhenNone : null, null);

    internal static FlagParseResult Ignore(string reason) => new([], reason, null);

    /// <summary>Runs a parser, turning the first bad field into a <see cref="Rejection"/>.</summary>
    internal static FlagParseResult Read(ReadOnlySpan<byte> body, Func<System.Text.Json.JsonElement, FlagParseResult> read)
    {
        try
        {
            using var doc = PayloadJson.Parse(body);
            return read(PayloadJson.RootObject(doc));
        }
        catch (MalformedPayloadException e)
        {
            return new([], null, e.Message);
        }
    }
}
