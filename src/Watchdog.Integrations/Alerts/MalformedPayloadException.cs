namespace Watchdog.Integrations.Alerts;

/// <summary>
/// Thrown inside the parsers only, to leave a deep read at the first bad field; <c>Parse</c> turns it
/// into <see cref="AlertParseResult.Rejection"/>. The message is cut to a bounded, single-line text.
/// </summary>
internal sealed class MalformedPayloadException(string reason) : Exception(AlertText.Bounded(reason, AlertText.MaxReasonChars));
