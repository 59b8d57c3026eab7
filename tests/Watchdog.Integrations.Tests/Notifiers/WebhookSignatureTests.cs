using System.Text;
using Watchdog.Integrations.Webhooks;
using Watchdog.Testing;

namespace Watchdog.Integrations.Tests.Notifiers;

public sealed class WebhookSignatureTests
{
    private const string Secret = "whsec-0123456789abcdef";
    private const long Timestamp = 1795230000; // 2026-11-21T03:00:00Z, ManualTimeProvider's start
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"kind":"alert"}""");

    private readonly ManualTimeProvider _clock = new();

    private string Signature => WebhookSignature.Sign(Secret, Timestamp, Body);

    [Fact]
    public void Sign_KnownVector_MatchesAnIndependentHmac()
    {
        // From Python: hmac.new(b"whsec-0123456789abcdef", b'1795230000.{"kind":"alert"}', hashlib.sha256).hexdigest()
        Signature.ShouldBe("sha256=c05322cd68198700f6ce5ebd631c2efea39fc72e5d7889d3339d707bf8d1c987");
    }

    [Fact]
    public void Verify_SignedBodyNow_Accepts() =>
        WebhookSignature.Verify(Secret, "1795230000", Signature, Body, _clock.GetUtcNow()).ShouldBeTrue();

    [Fact]
    public void Verify_TamperedBody_Rejects() =>
        WebhookSignature.Verify(Secret, "1795230000", Signature, Encoding.UTF8.GetBytes("""{"kind":"resolved"}"""), _clock.GetUtcNow()).ShouldBeFalse();

    [Fact]
    public void Verify_WrongSecret_Rejects() =>
        WebhookSignature.Verify("whsec-someone-elses-key", "1795230000", Signature, Body, _clock.GetUtcNow()).ShouldBeFalse();

    [Fact]
    public void Verify_TimestampChangedWithinTolerance_Rejects() =>
        // The timestamp is signed: moving it to look fresh breaks the signature.
        WebhookSignature.Verify(Secret, "1795230060", Signature, Body, _clock.GetUtcNow()).ShouldBeFalse();

    [Fact]
    public void Verify_ExactlyAtTolerance_Accepts()
    {
        _clock.Advance(TimeSpan.FromMinutes(5));

        WebhookSignature.Verify(Secret, "1795230000", Signature, Body, _clock.GetUtcNow()).ShouldBeTrue();
    }

    [Fact]
    public void Verify_StaleTimestamp_Rejects()
    {
        _clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));

        WebhookSignature.Verify(Secret, "1795230000", Signature, Body, _clock.GetUtcNow()).ShouldBeFalse();
    }

    [Fact]
    public void Verify_StaleForDefaultButWithinGivenTolerance_Accepts()
    {
        _clock.Advance(TimeSpan.FromMinutes(30));

        WebhookSignature.Verify(Secret, "1795230000", Signature, Body, _clock.GetUtcNow(), TimeSpan.FromHours(1)).ShouldBeTrue();
    }

    [Fact]
    public void Verify_TimestampFarInTheFuture_Rejects()
    {
        var future = Timestamp + 600;

        WebhookSignature.Verify(Secret, "1795230600", WebhookSignature.Sign(Secret, future, Body), Body, _clock.GetUtcNow()).ShouldBeFalse();
    }

    [Fact]
    public void Verify_UppercaseHex_Accepts() =>
        WebhookSignature.Verify(Secret, "1795230000", "sha256=" + Signature["sha256=".Length..].ToUpperInvariant(), Body, _clock.GetUtcNow()).ShouldBeTrue();

    [Theory]
    [InlineData(null, "valid")]
    [InlineData("", "valid")]
    [InlineData("-1795230000", "valid")]
    [InlineData(" 1795230000", "valid")]
    [InlineData("1795230000.0", "valid")]
    [InlineData("99999999999999999999", "valid")]
    [InlineData("1795230000", null)]
    [InlineData("1795230000", "")]
    [InlineData("1795230000", "sha1=c05322cd68198700f6ce5ebd631c2efea39fc72e5d7889d3339d707bf8d1c987")]
    [InlineData("1795230000", "c05322cd68198700f6ce5ebd631c2efea39fc72e5d7889d3339d707bf8d1c987")]
    [InlineData("1795230000", "sha256=c05322cd68198700f6ce5ebd631c2efea39fc72e5d7889d3339d707bf8d1c98")]
    [InlineData("1795230000", "sha256=c05322cd68198700f6ce5ebd631c2efea39fc72e5d7889d3339d707bf8d1c98z")]
    [InlineData("1795230000", "sha256=c05322cd68198700f6ce5ebd631c2efea39fc72e5d7889d3339d707bf8d1c98700")]
    public void Verify_MalformedHeaders_Rejects(string? timestamp, string? signature) =>
        WebhookSignature.Verify(Secret, timestamp, signature == "valid" ? Signature : signature, Body, _clock.GetUtcNow()).ShouldBeFalse();
}
