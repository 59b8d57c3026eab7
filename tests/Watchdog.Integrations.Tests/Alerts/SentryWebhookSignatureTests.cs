using System.Text;
using Watchdog.Integrations.Alerts;

namespace Watchdog.Integrations.Tests.Alerts;

public sealed class SentryWebhookSignatureTests
{
    private const string Secret = "sentry-client-secret-7f3a";
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"action":"critical"}""");

    // From Python: hmac.new(b"sentry-client-secret-7f3a", b'{"action":"critical"}', hashlib.sha256).hexdigest()
    private const string Expected = "d9453ceb635d10975ff4aa363a84fa27ec37986faa695fab7faf1a37e18252c0";

    [Fact]
    public void Sign_KnownVector_MatchesAnIndependentHmac() => SentryWebhook.Sign(Secret, Body).ShouldBe(Expected);

    [Fact]
    public void Verify_KnownVector_Accepts() => SentryWebhook.Verify(Secret, Expected, Body).ShouldBeTrue();

    [Fact]
    public void Verify_UppercaseHex_Accepts() => SentryWebhook.Verify(Secret, Expected.ToUpperInvariant(), Body).ShouldBeTrue();

    [Fact]
    public void Verify_TamperedBody_Rejects() =>
        SentryWebhook.Verify(Secret, Expected, Encoding.UTF8.GetBytes("""{"action":"resolved"}""")).ShouldBeFalse();

    [Fact]
    public void Verify_SameJsonReformatted_Rejects() =>
        // The signature is over the exact bytes, so verifying a re-serialized body would fail.
        SentryWebhook.Verify(Secret, Expected, Encoding.UTF8.GetBytes("""{"action": "critical"}""")).ShouldBeFalse();

    [Fact]
    public void Verify_WrongSecret_Rejects() => SentryWebhook.Verify("someone-elses-secret", Expected, Body).ShouldBeFalse();

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("sha256=d9453ceb635d10975ff4aa363a84fa27ec37986faa695fab7faf1a37e18252c0")]
    [InlineData("d9453ceb635d10975ff4aa363a84fa27ec37986faa695fab7faf1a37e18252c")]
    [InlineData("d9453ceb635d10975ff4aa363a84fa27ec37986faa695fab7faf1a37e18252c00")]
    [InlineData("z9453ceb635d10975ff4aa363a84fa27ec37986faa695fab7faf1a37e18252c0")]
    [InlineData(" d9453ceb635d10975ff4aa363a84fa27ec37986faa695fab7faf1a37e18252c")]
    public void Verify_MissingOrMalformedHeader_Rejects(string? header) => SentryWebhook.Verify(Secret, header, Body).ShouldBeFalse();

    [Fact]
    public void Verify_NoSecretConfigured_Throws() =>
        Should.Throw<ArgumentException>(() => SentryWebhook.Verify("", Expected, Body));
}
