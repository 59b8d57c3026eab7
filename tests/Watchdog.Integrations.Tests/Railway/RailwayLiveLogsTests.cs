using Watchdog.Integrations.Http;
using Watchdog.Integrations.Railway;
using Watchdog.Integrations.Tests.Providers;

namespace Watchdog.Integrations.Tests.Railway;

/// <summary>The live deployment's logs kept as evidence, through <c>deploymentLogs</c> on the Railway peer.</summary>
public sealed class RailwayLiveLogsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 21, 3, 0, 0, TimeSpan.Zero);

    private static List<(DateTimeOffset, string?, string)> Printed(string what, int count, string? severity = "info") =>
        [.. Enumerable.Range(0, count).Select(i => (T0.AddSeconds(i), severity, $"{what} {i}"))];

    [Fact]
    public async Task LiveLogs_TheLiveDeploymentsNewestLines_OldestFirstWithTimeAndSeverity()
    {
        await using var h = await RailwayHarness.StartAsync(peer: p =>
        {
            p.Logs["dep-005"] = [.. Printed("request", 79), (T0.AddSeconds(79), "error", "panic: payment client timeout\n")];
            p.Logs["dep-004"] = Printed("old release", 10);
        });

        var lines = await h.Provider.LiveLogsAsync(50, CancellationToken.None);

        lines.Count.ShouldBe(50);
        lines[0].ShouldBe("2026-11-21T03:00:30.000000000Z [info] request 30");
        lines[^1].ShouldBe("2026-11-21T03:01:19.000000000Z [error] panic: payment client timeout");
        lines.ShouldNotContain(l => l.Contains("old release", StringComparison.Ordinal));
        var request = h.Peer.Requests("DeploymentLogs").ShouldHaveSingleItem();
        request.Variables["deploymentId"]!.GetValue<string>().ShouldBe("dep-005");
        request.Variables["limit"]!.GetValue<int>().ShouldBe(50);
    }

    [Fact]
    public async Task LiveLogs_AfterARollbackWentLive_ReadsTheDeploymentNowLive()
    {
        var platform = FakePlatform.WithHistory(5);
        await using var h = await RailwayHarness.StartAsync(platform, peer: p =>
        {
            p.Logs["dep-005"] = Printed("bad release", 3);
            p.Logs["dep-003"] = Printed("good release", 3, severity: null);
        });
        platform.LooksUntilLive = 1;
        platform.RequestRollback("dep-003");

        var lines = await h.Provider.LiveLogsAsync(50, CancellationToken.None);

        lines.ShouldBe(["2026-11-21T03:00:00.000000000Z good release 0", "2026-11-21T03:00:01.000000000Z good release 1", "2026-11-21T03:00:02.000000000Z good release 2"]);
    }

    [Fact]
    public async Task LiveLogs_GraphQlError_SurfacedWithRailwaysWordsAndNoToken()
    {
        await using var h = await RailwayHarness.StartAsync(peer: p => p.RefuseLogs = $"Logs are unavailable for this deployment (token {RailwayPeer.Token})");

        var e = await Should.ThrowAsync<PeerRefusedException>(() => h.Provider.LiveLogsAsync(50, CancellationToken.None));

        e.Message.ShouldBe("Railway DeploymentLogs: Logs are unavailable for this deployment (token ***)");
        e.Message.ShouldNotContain(RailwayPeer.Token, Case.Sensitive);
    }

    [Fact]
    public async Task LiveLogs_TokenNotAllowedToReadLogs_NotAuthorizedNamesTheTokenKind()
    {
        await using var h = await RailwayHarness.StartAsync(peer: p => p.RefuseLogs = "Not Authorized");

        var e = await Should.ThrowAsync<PeerRefusedException>(() => h.Provider.LiveLogsAsync(50, CancellationToken.None));

        e.Reason.ShouldBe("Not Authorized");
        e.Message.ShouldStartWith("Railway DeploymentLogs: Not Authorized. Railway refused the token, sent as Authorization: Bearer for TokenKind Account.");
    }

    [Fact]
    public async Task LiveLogs_NothingPrinted_Empty()
    {
        await using var h = await RailwayHarness.StartAsync();

        (await h.Provider.LiveLogsAsync(50, CancellationToken.None)).ShouldBeEmpty();
    }
}
