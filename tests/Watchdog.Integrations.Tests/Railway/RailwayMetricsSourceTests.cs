using Watchdog.Core.Signals;
using Watchdog.Integrations.Railway;
using Watchdog.Integrations.RailwayMetrics;

namespace Watchdog.Integrations.Tests.Railway;

/// <summary>What Railway's HTTP metrics are read as (§9), which span is asked about, and how refusals show.</summary>
public sealed class RailwayMetricsSourceTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 11, 21, 3, 0, 0, TimeSpan.Zero);
    private RailwayMetricsHarness _h = null!;

    public async Task InitializeAsync() => _h = await RailwayMetricsHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private RailwayPeer Peer => _h.Peer;

    private static Reading Of(IReadOnlyList<Reading> readings, Signal signal) => readings.Single(r => r.Signal == signal);

    private void Traffic()
    {
        Peer.RequestsByStatus[200] = [450, 450];
        Peer.RequestsByStatus[404] = [20, 30];
        Peer.RequestsByStatus[503] = [10, 40];
        Peer.WindowP95Ms = 240;
    }

    [Fact]
    public async Task Read_GroupedStatuses_ErrorRateIsThe5xxShareOfAllRequestsAnd404sAreNotErrors()
    {
        Traffic();

        var readings = await _h.Source().ReadAsync(CancellationToken.None);

        var errorRate = Of(readings, Signal.ErrorRate);
        errorRate.State.ShouldBe(ReadingState.Value);
        errorRate.Value.ShouldBe(0.05, 1e-12); // 50 of 1000, not the 10% that counting the 404s would give
        errorRate.Samples.ShouldBe(1000);
        errorRate.Source.ShouldBe("railway");
        errorRate.Window.ShouldBe(TimeSpan.FromMinutes(5));
        errorRate.At.ShouldBe(Start);
    }

    [Fact]
    public async Task Read_WholeWindowP95InMilliseconds_IsLatencyInSecondsOverTheWindowsRequests()
    {
        Traffic();

        var latency = Of(await _h.Source().ReadAsync(CancellationToken.None), Signal.LatencyP95);

        latency.State.ShouldBe(ReadingState.Value);
        latency.Value.ShouldBe(0.240, 1e-12);
        latency.Samples.ShouldBe(1000);
        latency.ToString().ShouldBe("LatencyP95=240 ms (n=1000)");
    }

    [Fact]
    public async Task Read_NoTraffic_IsNoDataNeverZeroPercent()
    {
        Peer.WindowP95Ms = 12; // a stray sample without requests proves nothing either

        var readings = await _h.Source().ReadAsync(CancellationToken.None);

        readings.Count.ShouldBe(2);
        readings.ShouldAllBe(r => r.State == ReadingState.NoData && r.Reason == "no requests in the window");
    }

    [Fact]
    public async Task Read_StatusCodesWithOnlyZeroCounts_IsNoData()
    {
        Peer.RequestsByStatus[200] = [0, 0];
        Peer.RequestsByStatus[500] = [0];

        Of(await _h.Source().ReadAsync(CancellationToken.None), Signal.ErrorRate).State.ShouldBe(ReadingState.NoData);
    }

    [Fact]
    public async Task Read_SendsTheServiceEnvironmentAndExplicitDatesAndStepsOnlyTheStatusQuery()
    {
        Traffic();

        await _h.Source().ReadAsync(CancellationToken.None);

        var byStatus = Peer.Requests("HttpMetricsByStatus").ShouldHaveSingleItem();
        byStatus.Variables["serviceId"]!.GetValue<string>().ShouldBe(RailwayPeer.ServiceId);
        byStatus.Variables["environmentId"]!.GetValue<string>().ShouldBe(RailwayPeer.EnvironmentId);
        byStatus.Variables["startDate"]!.GetValue<string>().ShouldBe("2026-11-21T02:55:00Z");
        byStatus.Variables["endDate"]!.GetValue<string>().ShouldBe("2026-11-21T03:00:00Z");
        byStatus.Variables["stepSeconds"]!.GetValue<int>().ShouldBe(30); // §9: a window up to an hour steps by 30 s
        byStatus.Authorization.ShouldBe("Bearer " + RailwayPeer.Token);
        byStatus.ProjectAccessToken.ShouldBeNull();

        var duration = Peer.Requests("HttpDurationMetrics").ShouldHaveSingleItem();
        duration.Variables["startDate"]!.GetValue<string>().ShouldBe("2026-11-21T02:55:00Z");
        duration.Variables["endDate"]!.GetValue<string>().ShouldBe("2026-11-21T03:00:00Z");
        duration.Variables["serviceId"]!.GetValue<string>().ShouldBe(RailwayPeer.ServiceId);
        duration.Variables.ContainsKey("stepSeconds").ShouldBeFalse();
    }

    [Fact]
    public async Task Read_ALongWindow_StepsAsTheCliDoes()
    {
        Traffic();

        await _h.Source(o => o.Window = TimeSpan.FromHours(2)).ReadAsync(CancellationToken.None);

        var byStatus = Peer.Requests("HttpMetricsByStatus").ShouldHaveSingleItem();
        byStatus.Variables["stepSeconds"]!.GetValue<int>().ShouldBe(60);
        byStatus.Variables["startDate"]!.GetValue<string>().ShouldBe("2026-11-21T01:00:00Z");
    }

    [Fact]
    public async Task Read_ProjectToken_TravelsAsProjectAccessToken()
    {
        await using var project = await RailwayMetricsHarness.StartAsync(RailwayTokenKind.Project);
        project.Peer.RequestsByStatus[200] = [10];
        project.Peer.WindowP95Ms = 90;

        var readings = await project.Source(kind: RailwayTokenKind.Project).ReadAsync(CancellationToken.None);

        readings.ShouldAllBe(r => r.HasValue);
        project.Peer.Received.ShouldAllBe(r => r.ProjectAccessToken == RailwayPeer.Token && r.Authorization == null);
    }

    [Fact]
    public async Task Reset_AsksFromTheResetOnUntilAWholeWindowHasPassed()
    {
        Traffic();
        var source = _h.Source(o => o.MinInterval = TimeSpan.Zero);
        await source.ReadAsync(CancellationToken.None);
        _h.Clock.Advance(TimeSpan.FromMinutes(2));

        source.Reset(); // 03:02:00
        var instant = await source.ReadAsync(CancellationToken.None);
        _h.Clock.Advance(TimeSpan.FromSeconds(90));
        var after = await source.ReadAsync(CancellationToken.None);
        _h.Clock.Advance(TimeSpan.FromMinutes(5));
        var later = await source.ReadAsync(CancellationToken.None);

        instant.ShouldAllBe(r => r.State == ReadingState.NoData && r.Reason == "no time has passed since the reset");
        after.ShouldAllBe(r => r.HasValue && r.Window == TimeSpan.FromSeconds(90));
        later.ShouldAllBe(r => r.HasValue && r.Window == TimeSpan.FromMinutes(5));
        var starts = Peer.Requests("HttpMetricsByStatus").Select(r => r.Variables["startDate"]!.GetValue<string>());
        starts.ShouldBe(["2026-11-21T02:55:00Z", "2026-11-21T03:02:00Z", "2026-11-21T03:03:30Z"]);
        Peer.Requests("HttpDurationMetrics")[1].Variables["startDate"]!.GetValue<string>().ShouldBe("2026-11-21T03:02:00Z");
    }

    [Fact]
    public async Task Read_SoonerThanMinInterval_ReusesTheReadingsWithoutCallingUntilAReset()
    {
        Traffic();
        var source = _h.Source(); // MinInterval 30 s by default
        var first = await source.ReadAsync(CancellationToken.None);
        _h.Clock.Advance(TimeSpan.FromSeconds(29));

        var again = await source.ReadAsync(CancellationToken.None);
        again.ShouldBe(first);
        Peer.Received.Count.ShouldBe(2);

        source.Reset();
        _h.Clock.Advance(TimeSpan.FromSeconds(10));
        (await source.ReadAsync(CancellationToken.None)).ShouldAllBe(r => r.Window == TimeSpan.FromSeconds(10));
        Peer.Received.Count.ShouldBe(4);
    }

    [Fact]
    public async Task Read_GraphQlErrors_AreErrorReadingsNamingThemAndTheQuery()
    {
        Traffic();
        Peer.RefuseMetrics["httpMetricsGroupedByStatus"] = "Metrics are unavailable for this service";

        var readings = await _h.Source().ReadAsync(CancellationToken.None);

        var errorRate = Of(readings, Signal.ErrorRate);
        errorRate.State.ShouldBe(ReadingState.Error);
        errorRate.Reason.ShouldBe("httpMetricsGroupedByStatus: Railway HttpMetricsByStatus: Metrics are unavailable for this service");
        // The p95 came, but without the request count no rule could weigh it against MinSamples.
        var latency = Of(readings, Signal.LatencyP95);
        latency.State.ShouldBe(ReadingState.Error);
        latency.Reason.ShouldStartWith("request count unknown, httpMetricsGroupedByStatus: ");
        _h.Log.All.ShouldContain("HttpMetricsByStatus failed: Railway HttpMetricsByStatus: Metrics are unavailable");
    }

    [Fact]
    public async Task Read_DurationRefused_LeavesTheErrorRateStanding()
    {
        Traffic();
        Peer.RefuseMetrics["httpDurationMetrics"] = "Problem processing request";

        var readings = await _h.Source().ReadAsync(CancellationToken.None);

        Of(readings, Signal.ErrorRate).Value.ShouldBe(0.05, 1e-12);
        Of(readings, Signal.LatencyP95).Reason.ShouldBe("httpDurationMetrics: Railway HttpDurationMetrics: Problem processing request");
    }

    [Fact]
    public async Task Read_RefusalQuotingTheToken_NeverShowsItInReasonsOrLogs()
    {
        Peer.RefuseMetrics["httpMetricsGroupedByStatus"] = $"Not Authorized: token {RailwayPeer.Token} may not read metrics";
        Peer.RefuseMetrics["httpDurationMetrics"] = $"Not Authorized: token {RailwayPeer.Token} may not read metrics";

        var readings = await _h.Source().ReadAsync(CancellationToken.None);

        readings.ShouldAllBe(r => r.State == ReadingState.Error && r.Reason!.Contains("Not Authorized"));
        readings.ShouldAllBe(r => !r.Reason!.Contains(RailwayPeer.Token));
        _h.Log.All.ShouldNotContain(RailwayPeer.Token);
        _h.Log.All.ShouldContain("Not Authorized");
    }

    [Fact]
    public async Task Read_ANegativeCount_IsAnErrorNotAGuess()
    {
        Peer.RequestsByStatus[200] = [100, -3];

        var readings = await _h.Source().ReadAsync(CancellationToken.None);

        Of(readings, Signal.ErrorRate).Reason.ShouldBe("httpMetricsGroupedByStatus: Railway HttpMetricsByStatus: the answer holds a sample without a non-negative value.");
    }
}
