using Watchdog.Core.Releases;
using Watchdog.Integrations.DeployHooks;
using static Watchdog.Integrations.Tests.DeployHooks.DeployPayloads;

namespace Watchdog.Integrations.Tests.DeployHooks;

public sealed class VercelDeployHookTests
{
    private const string Secret = "vercel-webhook-secret-0123456789";
    private static readonly DateTimeOffset At = new(2026, 12, 3, 6, 0, 0, TimeSpan.Zero);

    private static DeployParseResult Parse(string body) =>
        VercelDeployHook.Parse(Bytes(body), p => p is VercelProject or "web" ? "web" : null);

    [Theory]
    [InlineData("deployment.created", DeployState.Started)]
    [InlineData("deployment.promoted", DeployState.Live)]
    [InlineData("deployment.error", DeployState.Failed)]
    [InlineData("deployment.canceled", DeployState.Failed)]
    public void ProductionEvents_BecomeOneDeployEvent(string type, DeployState state)
    {
        var e = Parse(VercelBody(type, At)).Event.ShouldNotBeNull();

        e.ShouldBe(new DeployEvent("web", "vercel", "uHtJTk6fXMUfpTUHQCcmhLBc", VercelDeployment, state, Sha, At) { Said = type });
    }

    [Fact]
    public void CreatedAt_IsMillisecondsSinceTheEpoch_NotAnIsoString()
    {
        var at = At.AddMilliseconds(417);

        Parse(VercelBody("deployment.promoted", at)).Event!.At.ShouldBe(at);
        Parse(VercelBody("deployment.promoted", At).Replace($"\"createdAt\":{At.ToUnixTimeMilliseconds()}", "\"createdAt\":\"2026-12-03T06:00:00Z\""))
            .Rejection.ShouldNotBeNull().ShouldContain("createdAt must be milliseconds since the Unix epoch");
    }

    [Theory]
    [InlineData("preview")]
    [InlineData(null)]
    public void APreviewDeployment_IsIgnored(string? target)
    {
        var result = Parse(VercelBody("deployment.created", At, target));

        result.Event.ShouldBeNull();
        result.Ignored.ShouldNotBeNull().ShouldContain("not production");
    }

    [Theory]
    [InlineData("deployment.succeeded", "deployment.promoted")]
    [InlineData("deployment.ready", "deployment.promoted")]
    [InlineData("deployment.rollback", "rollback request")]
    [InlineData("project.created", "not a deployment event")]
    public void EventsThatAreNoGoLive_AreIgnoredWithTheirReason(string type, string reason) =>
        Parse(VercelBody(type, At)).Ignored.ShouldNotBeNull().ShouldContain(reason);

    [Fact]
    public void AProjectNoServiceWatches_IsIgnored_NamingIt()
    {
        var result = VercelDeployHook.Parse(Bytes(VercelBody("deployment.promoted", At, project: "prj_other")), _ => null);

        result.Ignored.ShouldNotBeNull().ShouldContain("prj_other");
    }

    [Fact]
    public void TheProjectName_MapsWhenTheIdDoesNot() =>
        VercelDeployHook.Parse(Bytes(VercelBody("deployment.promoted", At, project: "prj_unmapped")), p => p == "web" ? "web" : null).Event!.Service.ShouldBe("web");

    [Theory]
    [InlineData("{\"type\":\"deployment.promoted\",\"id\":\"x\",\"createdAt\":1}", "payload is required")]
    [InlineData("[]", "must be a JSON object")]
    [InlineData("{\"type\":\"deployment.promoted\",\"id\":\"x\",\"createdAt\":1,\"payload\":{\"project\":{\"id\":\"p\"}}}", "payload.deployment is required")]
    public void MalformedBodies_AreRejected(string body, string reason) => Parse(body).Rejection.ShouldNotBeNull().ShouldContain(reason);

    [Fact]
    public void Signature_IsHexHmacSha1OfTheRawBody()
    {
        var body = Bytes(VercelBody("deployment.promoted", At));
        var signature = Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA1.HashData(System.Text.Encoding.UTF8.GetBytes(Secret), body));

        VercelDeployHook.Sign(Secret, body).ShouldBe(signature);
        VercelDeployHook.Verify(Secret, signature, body).ShouldBeTrue();
        VercelDeployHook.Verify(Secret, signature.ToUpperInvariant(), body).ShouldBeTrue();
    }

    [Fact]
    public void Signature_WrongSecretMissingHeaderOrTamperedBody_IsRefused()
    {
        var body = Bytes(VercelBody("deployment.promoted", At));
        var signature = VercelDeployHook.Sign(Secret, body);
        var tampered = Bytes(VercelBody("deployment.promoted", At, deployment: "dpl_evil"));

        VercelDeployHook.Verify("another-secret-0123456789abcdef", signature, body).ShouldBeFalse();
        VercelDeployHook.Verify(Secret, null, body).ShouldBeFalse();
        VercelDeployHook.Verify(Secret, "", body).ShouldBeFalse();
        VercelDeployHook.Verify(Secret, signature, tampered).ShouldBeFalse();
        // SHA-256 (what third-party snippets use) is not what Vercel sends.
        VercelDeployHook.Verify(Secret, Watchdog.Integrations.Http.HookSignature.Sign(System.Security.Cryptography.HashAlgorithmName.SHA256, Secret, body), body).ShouldBeFalse();
    }
}
