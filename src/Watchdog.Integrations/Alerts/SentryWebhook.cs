using System.Security.Cryptography;
using Watchdog.Core.Rules;
using Watchdog.Integrations.Http;

namespace Watchdog.Integrations.Alerts;

/// <summary>
/// Sentry's integration-platform webhooks (API-NOTES §1.5): the signature check, and the two alert
/// resources read into <see cref="Core.Decisions.PushedAlert"/>s. Pure: the endpoint does the I/O.
/// </summary>
/// <remarks>
/// The endpoint should answer 2xx to every verified, well-formed delivery, including resources ignored
/// here (<c>installation</c>, <c>issue</c>, …): anything else makes Sentry count a failed delivery for a
/// body that will never be acted on. <c>Sentry-Hook-Timestamp</c> is not signed (the signature covers the
/// body only), so it proves nothing about freshness and is not checked.
/// </remarks>
public static class SentryWebhook
{
    public const string ResourceHeader = "Sentry-Hook-Resource";
    public const string SignatureHeader = "Sentry-Hook-Signature";

    /// <summary>The <c>Sentry-Hook-Signature</c> for a body: lowercase hex HMAC-SHA256 keyed with the client secret's UTF-8 bytes.</summary>
    public static string Sign(string clientSecret, ReadOnlySpan<byte> rawBody) => HookSignature.Sign(HashAlgorithmName.SHA256, clientSecret, rawBody);

    /// <summary>
    /// True when <paramref name="signatureHeader"/> is the hex HMAC-SHA256 of exactly these bytes (either case).
    /// Pass the raw body before any parsing; compares in constant time.
    /// </summary>
    public static bool Verify(string clientSecret, string? signatureHeader, ReadOnlySpan<byte> rawBody) =>
        HookSignature.Verify(HashAlgorithmName.SHA256, clientSecret, signatureHeader, rawBody);

    /// <summary>
    /// <c>metric_alert</c> and <c>event_alert</c> become alerts; any other resource is ignored with a reason,
    /// its body unread. A missing resource header, or an alert body that is not what §1.5 says, is rejected.
    /// </summary>
    public static AlertParseResult Parse(string? resourceHeader, ReadOnlySpan<byte> body, SentryMappingOptions mapping)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        var resource = resourceHeader?.Trim();
        if (string.IsNullOrEmpty(resource)) return AlertParseResult.Reject($"the {ResourceHeader} header is missing");
        if (resource is not ("metric_alert" or "event_alert"))
            return AlertParseResult.Read([], [new IgnoredAlert(null, $"resource {AlertText.Quote(resource)} is not an alert; nothing to do")]);

        try
        {
            using var doc = PayloadJson.Parse(body);
            var root = PayloadJson.RootObject(doc);
            return resource == "metric_alert" ? SentryMetricAlert.Read(root, mapping) : SentryIssueAlert.Read(root, mapping);
        }
        catch (MalformedPayloadException e)
        {
            return AlertParseResult.Reject(e.Message);
        }
    }

    /// <summary>
    /// The service for an alert about these projects: the one service <see cref="SentryMappingOptions.ProjectServices"/>
    /// maps them to, else the single project's slug when allowed; null with a reason otherwise.
    /// </summary>
    internal static string? ServiceFor(IReadOnlyList<string> projectKeys, IReadOnlyList<string> slugs, SentryMappingOptions mapping, out string? reason)
    {
        reason = null;
        var mapped = projectKeys
            .Select(k => ConfiguredMap.TryGet(mapping.ProjectServices, k, out var service) ? service : null)
            .Where(s => !string.IsNullOrWhiteSpace(s))
            .Select(s => s!.Trim())
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (mapped.Count == 1) return AlertText.Bounded(mapped[0], AlertText.MaxServiceChars);
        if (mapped.Count > 1)
        {
            reason = $"projects map to several services ({string.Join(", ", mapped.Take(5).Select(AlertText.Quote))}); watchdog will not pick one";
            return null;
        }

        var distinctSlugs = slugs.Where(s => !string.IsNullOrWhiteSpace(s)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (mapping.UseProjectSlugAsService && distinctSlugs.Count == 1) return AlertText.Bounded(distinctSlugs[0], AlertText.MaxServiceChars);

        var named = projectKeys.Count == 0 ? "no project" : "project " + string.Join(", ", projectKeys.Take(5).Select(AlertText.Quote));
        reason = $"no service for {named}: map it in ProjectServices";
        return null;
    }

    internal static Meaning? RuleMeaning(SentryMappingOptions mapping, string? rule) =>
        rule is not null && ConfiguredMap.TryGet(mapping.RuleMeanings, rule, out var m) ? m : null;
}
