using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Watchdog.Configuration;
using Watchdog.Core.Incidents;
using Watchdog.Core.Ports;
using Watchdog.Core.Reports;

namespace Watchdog.Http;

/// <summary>What a signed link lets its holder do.</summary>
public enum LinkAction
{
    Approve,
    Veto,
}

/// <summary>What a verified link says: which incident, what to do, until when, and the nonce that makes it single-use.</summary>
public sealed record LinkClaim(string IncidentId, LinkAction Action, DateTimeOffset Expires, string Nonce);

public enum LinkVerdict
{
    Valid,

    /// <summary>Not a token of ours at all: wrong shape, not base64url, too long.</summary>
    Malformed,
    BadSignature,
    Expired,
}

/// <summary>
/// Links for messages: the incident's page, and approve/veto links that carry their own authority.
/// A token is <c>base64url(payload).base64url(HMAC-SHA256(secret, payload))</c>; the payload names
/// the incident, the action, the expiry (unix seconds) and a random nonce, which the endpoint claims
/// in the ledger so each link acts once. Nothing in the payload is read before the signature matches.
/// </summary>
public sealed partial class ActionLinks(ActionLinkSettings settings, TimeProvider time) : IActionLinks
{
    /// <summary>The ledger scope where used nonces are claimed.</summary>
    public const string LedgerScope = "action-links";

    /// <summary>Ours are about 200 characters; anything far longer is refused before any decoding.</summary>
    public const int MaxTokenLength = 1024;

    private const int SignatureBytes = 32;
    private readonly byte[] _key = Encoding.UTF8.GetBytes(settings.Secret);

    /// <summary>The longest a link stays valid (<c>Watchdog:Api:LinkLifetime</c>); <see cref="Decide"/> never signs beyond it.</summary>
    public TimeSpan Lifetime => settings.Lifetime;

    public NotificationLink Incident(string incidentId) => new("Open incident", At($"?incident={Uri.EscapeDataString(incidentId)}"));

    NotificationLink? IActionLinks.Incident(string incidentId) => Incident(incidentId);

    /// <summary>Approve and veto links valid until <paramref name="expires"/> or the configured lifetime, whichever is sooner.</summary>
    public IReadOnlyList<NotificationLink> Decide(Incident incident, DateTimeOffset expires)
    {
        var cap = time.GetUtcNow() + settings.Lifetime;
        var until = expires < cap ? expires : cap;
        return
        [
            new("Approve rollback", At("act/" + Sign(new LinkClaim(incident.Id, LinkAction.Approve, until, NewNonce())))),
            new("Veto", At("act/" + Sign(new LinkClaim(incident.Id, LinkAction.Veto, until, NewNonce())))),
        ];
    }

    public string Sign(LinkClaim claim)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(
            new Payload(claim.IncidentId, claim.Action == LinkAction.Approve ? "approve" : "veto", claim.Expires.ToUnixTimeSeconds(), claim.Nonce),
            PayloadJson.Default.Payload);
        return Base64Url.EncodeToString(payload) + "." + Base64Url.EncodeToString(HMACSHA256.HashData(_key, payload));
    }

    /// <summary>Checks shape, signature (constant time), then expiry; never throws on hostile input.</summary>
    public (LinkVerdict Verdict, LinkClaim? Claim) Verify(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > MaxTokenLength) return (LinkVerdict.Malformed, null);
        var dot = token.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || dot == token.Length - 1 || token.IndexOf('.', dot + 1) >= 0) return (LinkVerdict.Malformed, null);
        if (Decode(token.AsSpan(0, dot)) is not { } payload || Decode(token.AsSpan(dot + 1)) is not { } signature)
            return (LinkVerdict.Malformed, null);

        var expected = HMACSHA256.HashData(_key, payload);
        if (signature.Length != SignatureBytes || !CryptographicOperations.FixedTimeEquals(signature, expected))
            return (LinkVerdict.BadSignature, null);

        // Signed by us, so well-formed unless the key leaked or the format changed; still checked, never trusted to throw.
        Payload? p;
        try
        {
            p = JsonSerializer.Deserialize(payload, PayloadJson.Default.Payload);
        }
        catch (JsonException)
        {
            return (LinkVerdict.Malformed, null);
        }

        if (p is not { IncidentId: { Length: > 0 } id, Nonce: { Length: > 0 } nonce } || p.Action is not ("approve" or "veto")
            || p.Expires < DateTimeOffset.MinValue.ToUnixTimeSeconds() || p.Expires > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
            return (LinkVerdict.Malformed, null);
        if (time.GetUtcNow().ToUnixTimeSeconds() >= p.Expires) return (LinkVerdict.Expired, null);
        return (LinkVerdict.Valid, new LinkClaim(id, p.Action == "approve" ? LinkAction.Approve : LinkAction.Veto, DateTimeOffset.FromUnixTimeSeconds(p.Expires), nonce));
    }

    // TryDecodeFromChars throws on characters outside the alphabet; IsValid is the check that does not.
    private static byte[]? Decode(ReadOnlySpan<char> text) =>
        Base64Url.IsValid(text, out _) ? Base64Url.DecodeFromChars(text) : null;

    private static string NewNonce() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));

    private Uri At(string relative)
    {
        var root = settings.PublicUrl.AbsoluteUri;
        return new Uri(root.EndsWith('/') ? root + relative : root + "/" + relative);
    }

    private sealed record Payload(
        [property: JsonPropertyName("i")] string? IncidentId,
        [property: JsonPropertyName("a")] string? Action,
        [property: JsonPropertyName("e")] long Expires,
        [property: JsonPropertyName("n")] string? Nonce);

    [JsonSerializable(typeof(Payload))]
    private sealed partial class PayloadJson : JsonSerializerContext;
}
