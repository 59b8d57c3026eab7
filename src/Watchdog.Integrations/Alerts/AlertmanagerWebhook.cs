using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Watchdog.Core.Decisions;
using Watchdog.Core.Rules;

namespace Watchdog.Integrations.Alerts;

/// <summary>
/// Reads Alertmanager's webhook body (version 4, API-NOTES §5.2) into one <see cref="PushedAlert"/> per
/// alert of the group, firing and resolved alike. Pure: the endpoint does the I/O and the incidents.
/// </summary>
public static class AlertmanagerWebhook
{
    /// <summary>
    /// A malformed body (not JSON, <c>version</c> not "4", no <c>alerts</c> array, a field of the wrong type,
    /// a bad time, an unknown <c>status</c>) rejects the whole payload; an alert that is well formed but has no
    /// service, or no meaning, is only set aside in <see cref="AlertParseResult.Ignored"/>.
    /// </summary>
    public static AlertParseResult Parse(ReadOnlySpan<byte> body, AlertMappingOptions mapping)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        try
        {
            using var doc = PayloadJson.Parse(body);
            return Read(PayloadJson.RootObject(doc), mapping);
        }
        catch (MalformedPayloadException e)
        {
            return AlertParseResult.Reject(e.Message);
        }
    }

    /// <summary>
    /// True when <paramref name="authorizationHeader"/> is <c>Bearer &lt;token&gt;</c> with the expected token, as
    /// Alertmanager sends it with <c>http_config: {authorization: {type: Bearer, credentials: …}}</c> (§5.2).
    /// Compares SHA-256 digests in constant time, so neither the content nor the length leaks.
    /// </summary>
    public static bool VerifyBearer(string expectedToken, string? authorizationHeader)
    {
        ArgumentException.ThrowIfNullOrEmpty(expectedToken);
        const string scheme = "Bearer ";
        if (authorizationHeader is null || !authorizationHeader.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)) return false;
        var given = SHA256.HashData(Encoding.UTF8.GetBytes(authorizationHeader[scheme.Length..].Trim()));
        return CryptographicOperations.FixedTimeEquals(given, SHA256.HashData(Encoding.UTF8.GetBytes(expectedToken)));
    }

    private static AlertParseResult Read(JsonElement root, AlertMappingOptions mapping)
    {
        var version = PayloadJson.String(root, "", "version");
        if (version != "4")
            throw new MalformedPayloadException($"version must be \"4\" (was {AlertText.Quote(version)})");
        var truncated = PayloadJson.Count(root, "", "truncatedAlerts");

        var alerts = new List<PushedAlert>();
        var ignored = new List<IgnoredAlert>();
        var i = 0;
        foreach (var item in PayloadJson.Array(root, "", "alerts").EnumerateArray())
        {
            var path = $"alerts[{i++}]";
            var alert = ReadAlert(PayloadJson.Expect(item, JsonValueKind.Object, path), path);
            if (Map(alert, mapping, out var reason) is { } pushed) alerts.Add(pushed);
            else ignored.Add(new IgnoredAlert(alert.Key, reason!));
        }

        return AlertParseResult.Read(alerts, ignored, truncated);
    }

    private sealed record WireAlert(
        string Key,
        AlertStatus Status,
        IReadOnlyDictionary<string, string> Labels,
        IReadOnlyDictionary<string, string> Annotations,
        DateTimeOffset StartsAt);

    private static WireAlert ReadAlert(JsonElement alert, string path)
    {
        var statusText = PayloadJson.String(alert, path, "status");
        AlertStatus status = statusText.ToLowerInvariant() switch
        {
            "firing" => AlertStatus.Firing,
            "resolved" => AlertStatus.Resolved,
            _ => throw new MalformedPayloadException($"{path}.status must be \"firing\" or \"resolved\" (was {AlertText.Quote(statusText)})"),
        };
        PayloadJson.Object(alert, path, "labels");
        var labels = PayloadJson.StringMap(alert, path, "labels");
        var annotations = PayloadJson.StringMap(alert, path, "annotations");
        var startsAt = PayloadJson.Time(PayloadJson.Required(alert, path, "startsAt"), path + ".startsAt");

        // Checked for its form only: Go's zero time 0001-01-01T00:00:00Z means "still firing", and a
        // resolved alert's end is in the past; either way "status" is Alertmanager's verdict at send time.
        if (PayloadJson.Optional(alert, "endsAt") is { } endsAt) PayloadJson.Time(endsAt, path + ".endsAt");

        var fingerprint = PayloadJson.OptionalString(alert, path, "fingerprint");
        var key = string.IsNullOrWhiteSpace(fingerprint) ? LabelFingerprint.Of(labels) : AlertText.Bounded(fingerprint, AlertText.MaxQuotedChars);
        return new WireAlert(key, status, labels, annotations, startsAt);
    }

    private static PushedAlert? Map(WireAlert alert, AlertMappingOptions mapping, out string? reason)
    {
        reason = null;
        var service = mapping.EffectiveServiceLabels.Select(l => Label(alert.Labels, l)).FirstOrDefault(v => v is not null);
        if (service is null)
        {
            reason = $"no service: none of the labels {string.Join(", ", mapping.EffectiveServiceLabels)} is set";
            return null;
        }

        var meaning = MeaningOf(alert.Labels, mapping, out var why);
        if (meaning is null)
        {
            // A resolved alert only withdraws what its key raised; its meaning changes nothing.
            if (alert.Status == AlertStatus.Firing)
            {
                reason = why;
                return null;
            }

            meaning = mapping.DefaultMeaning ?? Meaning.UsersAffected;
        }

        var summary = AlertText.Summary(
            Label(alert.Labels, "alertname"),
            Label(alert.Annotations, "summary") ?? Label(alert.Annotations, "description"),
            "Alertmanager alert " + alert.Key);

        return new PushedAlert(AlertText.Bounded(service, AlertText.MaxServiceChars), alert.Key, mapping.Source, alert.Status, meaning.Value, summary, alert.StartsAt)
        {
            Value = ValueOf(Label(alert.Annotations, mapping.ValueAnnotation)),
            Signal = Label(alert.Labels, mapping.SignalLabel) is { } s && EnumNames.TrySignal(s, out var signal) ? signal : null,
            Rule = Label(alert.Labels, "alertname"),
            Release = Label(alert.Labels, mapping.ReleaseLabel),
        };
    }

    private static Meaning? MeaningOf(IReadOnlyDictionary<string, string> labels, AlertMappingOptions mapping, out string? why)
    {
        why = null;
        if (Label(labels, mapping.MeaningLabel) is { } named)
        {
            if (EnumNames.TryMeaning(named, out var m)) return m;
            why = $"label {mapping.MeaningLabel}={AlertText.Quote(named)} is not a meaning ({EnumNames.MeaningList})";
            return null;
        }

        var severity = Label(labels, mapping.SeverityLabel);
        if (severity is not null && ConfiguredMap.TryGet(mapping.SeverityMeanings, severity, out var bySeverity)) return bySeverity;
        if (mapping.DefaultMeaning is { } fallback) return fallback;

        why = severity is null
            ? "no meaning: no meaning or severity label, and no default meaning"
            : $"no meaning: severity {AlertText.Quote(severity)} is not mapped, and no default meaning";
        return null;
    }

    /// <summary>A label's value, null when the name is off or the value is empty (Prometheus: an empty label is no label).</summary>
    private static string? Label(IReadOnlyDictionary<string, string> labels, string? name) =>
        !string.IsNullOrEmpty(name) && labels.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;

    private static double? ValueOf(string? text)
    {
        if (text is null) return null;
        var percent = text.EndsWith('%');
        if (!double.TryParse(percent ? text[..^1] : text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v))
            return null;
        return percent ? v / 100 : v;
    }
}
