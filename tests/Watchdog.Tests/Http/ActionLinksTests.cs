using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Watchdog.Configuration;
using Watchdog.Core.Incidents;
using Watchdog.Core.Rules;
using Watchdog.Http;
using Watchdog.Testing;

namespace Watchdog.Tests.Http;

public class ActionLinksTests
{
    private const string Secret = "link-secret-0123456789abcdef0123456789";
    private readonly ManualTimeProvider _time = new();

    private ActionLinks Links(string secret = Secret, string url = "https://watchdog.internal", TimeSpan? lifetime = null) =>
        new(new ActionLinkSettings(new Uri(url), secret, lifetime ?? TimeSpan.FromHours(1)), _time);

    private Incident Incident(string id = "20261121-030000-000-api") =>
        new(id, "api", Mode.Approve, new Trigger("manual:DataAtRisk", Meaning.DataAtRisk, "orders corrupted", _time.GetUtcNow(), _time.GetUtcNow()), _time.GetUtcNow());

    private static string TokenOf(Uri link) => link.AbsolutePath["/act/".Length..];

    /// <summary>A token whose signature is right for <paramref name="payload"/> under <see cref="Secret"/>: what only a key holder can make.</summary>
    private static string SignedWithOurKey(string payload)
    {
        var bytes = Encoding.UTF8.GetBytes(payload);
        return Base64Url.EncodeToString(bytes) + "." + Base64Url.EncodeToString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), bytes));
    }

    [Fact]
    public void Decide_GivesApproveAndVetoLinksThatVerifyToTheirAction()
    {
        var links = Links().Decide(Incident(), _time.GetUtcNow().AddMinutes(30));

        links.Select(l => l.Label).ShouldBe(["Approve rollback", "Veto"]);
        links.ShouldAllBe(l => l.Url.AbsoluteUri.StartsWith("https://watchdog.internal/act/", StringComparison.Ordinal));
        var approve = Links().Verify(TokenOf(links[0].Url));
        var veto = Links().Verify(TokenOf(links[1].Url));
        approve.Verdict.ShouldBe(LinkVerdict.Valid);
        approve.Claim!.IncidentId.ShouldBe("20261121-030000-000-api");
        approve.Claim.Action.ShouldBe(LinkAction.Approve);
        approve.Claim.Expires.ShouldBe(_time.GetUtcNow().AddMinutes(30));
        veto.Claim!.Action.ShouldBe(LinkAction.Veto);
        veto.Claim.Nonce.ShouldNotBe(approve.Claim.Nonce);
    }

    [Fact]
    public void Decide_NeverSignsBeyondTheConfiguredLifetime()
    {
        var links = Links(lifetime: TimeSpan.FromMinutes(10)).Decide(Incident(), _time.GetUtcNow().AddDays(1));

        Links().Verify(TokenOf(links[0].Url)).Claim!.Expires.ShouldBe(_time.GetUtcNow().AddMinutes(10));
    }

    [Fact]
    public void Decide_TwiceForTheSameIncident_GivesDifferentNonces()
    {
        var first = Links().Decide(Incident(), _time.GetUtcNow().AddHours(1))[0];
        var second = Links().Decide(Incident(), _time.GetUtcNow().AddHours(1))[0];

        Links().Verify(TokenOf(first.Url)).Claim!.Nonce.ShouldNotBe(Links().Verify(TokenOf(second.Url)).Claim!.Nonce);
    }

    [Theory]
    [InlineData("https://watchdog.internal", "https://watchdog.internal/?incident=a%20b%2Fc")]
    [InlineData("https://ops.example.com/watchdog/", "https://ops.example.com/watchdog/?incident=a%20b%2Fc")]
    [InlineData("https://ops.example.com/watchdog", "https://ops.example.com/watchdog/?incident=a%20b%2Fc")]
    public void Incident_LinksTheStatusPageUnderThePublicUrl(string publicUrl, string expected)
    {
        var link = Links(url: publicUrl).Incident("a b/c");

        link.Label.ShouldBe("Open incident");
        link.Url.AbsoluteUri.ShouldBe(expected);
    }

    [Fact]
    public void Decide_UnderAPublicUrlWithAPath_KeepsThePath()
    {
        var link = Links(url: "https://ops.example.com/watchdog").Decide(Incident(), _time.GetUtcNow().AddHours(1))[0];

        link.Url.AbsoluteUri.ShouldStartWith("https://ops.example.com/watchdog/act/");
    }

    [Fact]
    public void Verify_TamperedPayload_IsABadSignature()
    {
        var token = TokenOf(Links().Decide(Incident(), _time.GetUtcNow().AddHours(1))[0].Url);
        var (payload, signature) = (token[..token.IndexOf('.')], token[(token.IndexOf('.') + 1)..]);
        var json = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(payload)).Replace("20261121-030000-000-api", "20261121-030000-000-db", StringComparison.Ordinal);

        Links().Verify(Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json)) + "." + signature).Verdict.ShouldBe(LinkVerdict.BadSignature);
    }

    [Fact]
    public void Verify_TamperedSignature_IsABadSignature()
    {
        var token = TokenOf(Links().Decide(Incident(), _time.GetUtcNow().AddHours(1))[0].Url);
        var signature = Base64Url.DecodeFromChars(token.AsSpan(token.IndexOf('.') + 1));
        signature[0] ^= 1;

        Links().Verify(token[..(token.IndexOf('.') + 1)] + Base64Url.EncodeToString(signature)).Verdict.ShouldBe(LinkVerdict.BadSignature);
    }

    [Fact]
    public void Verify_SignedWithAnotherKey_IsABadSignature()
    {
        var token = TokenOf(Links(secret: "another-secret-0123456789abcdef01234").Decide(Incident(), _time.GetUtcNow().AddHours(1))[0].Url);

        Links().Verify(token).ShouldBe((LinkVerdict.BadSignature, null));
    }

    [Fact]
    public void Verify_AtAndAfterExpiry_IsExpired()
    {
        var links = Links();
        var token = TokenOf(links.Decide(Incident(), _time.GetUtcNow().AddMinutes(5))[0].Url);

        _time.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));
        links.Verify(token).Verdict.ShouldBe(LinkVerdict.Valid);
        _time.Advance(TimeSpan.FromSeconds(1));
        links.Verify(token).ShouldBe((LinkVerdict.Expired, null));
        _time.Advance(TimeSpan.FromDays(30));
        links.Verify(token).Verdict.ShouldBe(LinkVerdict.Expired);
    }

    public static TheoryData<string?> Malformed()
    {
        var good = Base64Url.EncodeToString("""{"i":"x","a":"approve","e":9999999999,"n":"n"}"""u8);
        return new TheoryData<string?>
        {
            null, "", ".", "abc", "abc.", ".abc", "a.b.c", "..", "!!!.???", "abc def.ghi", good + ".%%%",
            good + "." + new string('A', 2000), new string('A', 5000),
        };
    }

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Verify_MalformedToken_IsRefusedWithoutThrowing(string? token)
    {
        var (verdict, claim) = Links().Verify(token);

        verdict.ShouldBeOneOf(LinkVerdict.Malformed, LinkVerdict.BadSignature);
        claim.ShouldBeNull();
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("{}")]
    [InlineData("""{"i":"x","a":"delete","e":9999999999,"n":"n"}""")]
    [InlineData("""{"i":"","a":"approve","e":9999999999,"n":"n"}""")]
    [InlineData("""{"i":"x","a":"approve","e":9999999999}""")]
    [InlineData("""{"i":"x","a":"approve","e":"tomorrow","n":"n"}""")]
    [InlineData("""{"i":"x","a":"approve","e":1e300,"n":"n"}""")]
    [InlineData("""{"i":"x","a":"approve","e":9223372036854775807,"n":"n"}""")]
    [InlineData("""{"i":42,"a":"approve","e":9999999999,"n":"n"}""")]
    public void Verify_SignedButNotOurPayload_IsMalformedWithoutThrowing(string payload)
    {
        var (verdict, claim) = Links().Verify(SignedWithOurKey(payload));

        verdict.ShouldBe(LinkVerdict.Malformed);
        claim.ShouldBeNull();
    }

    [Fact]
    public void Verify_SignedPayloadOfOurShape_IsValid()
    {
        Links().Verify(SignedWithOurKey("""{"i":"x","a":"veto","e":9999999999,"n":"n"}""")).Claim.ShouldBe(
            new LinkClaim("x", LinkAction.Veto, DateTimeOffset.FromUnixTimeSeconds(9999999999), "n"));
    }
}
