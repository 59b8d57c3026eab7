using System.Text;
using Watchdog.Core.Releases;
using Watchdog.Integrations.DeployHooks;
using static Watchdog.Integrations.Tests.DeployHooks.DeployPayloads;

namespace Watchdog.Integrations.Tests.DeployHooks;

public sealed class GitHubDeployHookTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 3, 6, 0, 0, TimeSpan.Zero);

    private static DeployParseResult Parse(string body, string? eventName = "deployment_status") =>
        GitHubDeployHook.Parse(eventName, Bytes(body), id => id == "acme/api@production" ? "api" : null);

    [Theory]
    [InlineData("queued", DeployState.Started)]
    [InlineData("pending", DeployState.Started)]
    [InlineData("in_progress", DeployState.Started)]
    [InlineData("success", DeployState.Live)]
    [InlineData("failure", DeployState.Failed)]
    [InlineData("error", DeployState.Failed)]
    public void EveryDocumentedState_MapsToOneDeployState(string state, DeployState expected)
    {
        var e = Parse(GitHubBody(state, At)).Event.ShouldNotBeNull();

        e.ShouldBe(new DeployEvent("api", "github", "status:2301234567", "987654", expected, Sha[..Math.Min(Sha.Length, 64)], At) { Said = state });
    }

    [Fact]
    public void TheKey_IsTheSignedStatusId_NotTheUnsignedDeliveryHeader() =>
        Parse(GitHubBody("success", At, statusId: 42)).Event!.Key.ShouldBe("status:42");

    [Fact]
    public void Inactive_AndAnUnmappedEnvironment_AreIgnored()
    {
        Parse(GitHubBody("inactive", At)).Ignored.ShouldNotBeNull().ShouldContain("inactive");
        Parse(GitHubBody("success", At, environment: "staging")).Ignored.ShouldNotBeNull().ShouldContain("acme/api@staging");
    }

    [Fact]
    public void PingAndOtherEvents_AreIgnoredUnread_AMissingEventHeaderIsRejected()
    {
        Parse("{\"zen\":\"Keep it logically awesome.\"}", "ping").Ignored.ShouldNotBeNull().ShouldContain("'ping'");
        Parse("not json", "push").Ignored.ShouldNotBeNull();
        Parse(GitHubBody("success", At), null).Rejection.ShouldNotBeNull().ShouldContain("X-GitHub-Event");
    }

    [Fact]
    public void AStatusWithoutAnId_IsRejected() =>
        Parse(GitHubBody("success", At).Replace("\"id\":2301234567,", "")).Rejection.ShouldNotBeNull().ShouldContain("deployment_status.id is required");

    [Fact]
    public void Signature_MatchesGitHubsOwnTestVector()
    {
        var body = Encoding.UTF8.GetBytes("Hello, World!");
        const string expected = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

        GitHubDeployHook.Sign("It's a Secret to Everybody", body).ShouldBe(expected);
        GitHubDeployHook.Verify("It's a Secret to Everybody", expected, body).ShouldBeTrue();
    }

    [Fact]
    public void Signature_WrongSecretMissingPrefixMissingHeaderOrTamperedBody_IsRefused()
    {
        var body = Bytes(GitHubBody("success", At));
        var signature = GitHubDeployHook.Sign("github-webhook-secret-0123", body);

        GitHubDeployHook.Verify("github-webhook-secret-0123", signature, body).ShouldBeTrue();
        GitHubDeployHook.Verify("another-secret-0123456789", signature, body).ShouldBeFalse();
        GitHubDeployHook.Verify("github-webhook-secret-0123", signature["sha256=".Length..], body).ShouldBeFalse();
        GitHubDeployHook.Verify("github-webhook-secret-0123", null, body).ShouldBeFalse();
        GitHubDeployHook.Verify("github-webhook-secret-0123", signature, Bytes(GitHubBody("success", At, environment: "prod2"))).ShouldBeFalse();
    }
}
