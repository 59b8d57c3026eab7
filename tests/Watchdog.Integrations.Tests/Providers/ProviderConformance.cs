using Microsoft.Extensions.Logging.Abstractions;
using Watchdog.Core.Ports;
using Watchdog.Core.Runbook;
using Watchdog.Integrations.Http;
using Watchdog.Testing;
using Watchdog.Core.Releases;
using Watchdog.Integrations.Tests.Http;

namespace Watchdog.Integrations.Tests.Providers;

/// <summary>
/// What every deployment provider must do, whatever its platform: list history newest first across
/// pages, name the live deployment, roll back exactly once to a chosen target and see it go live,
/// survive rate limits, report failures (refusals, nothing listening) as failures without retrying
/// refusals or quoting the token, bound slow and malformed answers, stop when cancelled, and set
/// variables. Each provider's tests derive from this with a Kestrel peer that speaks its platform's
/// documented API over a <see cref="FakePlatform"/>.
/// </summary>
public abstract class ProviderConformance : IAsyncLifetime
{
    private TestPeer? _peer;
    private HttpClient? _http;

    protected FakePlatform Platform { get; private set; } = FakePlatform.WithHistory(5);

    protected IDeploymentProvider Provider { get; private set; } = null!;

    /// <summary>How many deployments the history in <see cref="List_LongHistory_AllNewestFirstAcrossPages"/> holds; peers page at most 20 at a time.</summary>
    protected virtual int LongHistory => 57;

    /// <summary>The credential the provider is configured with; no failure reason or detail may show it.</summary>
    protected abstract string Secret { get; }

    /// <summary>Starts a Kestrel peer speaking the platform's API over <paramref name="platform"/>.</summary>
    protected abstract Task<TestPeer> StartPeerAsync(FakePlatform platform);

    /// <summary>The provider under test, pointed at the peer, using <paramref name="http"/> (which carries the host's resilience pipeline).</summary>
    protected abstract IDeploymentProvider CreateProvider(Uri peer, HttpClient http, TimeProvider time);

    /// <summary>
    /// Whether the platform's documented API lets Watchdog set variables. One that cannot must say so
    /// plainly, never claim to have set a flag: the runbook then rolls back instead.
    /// </summary>
    protected virtual bool SupportsVariables => true;

    /// <summary>Checks the platform saw the variable set (and a restart where the platform needs one).</summary>
    protected virtual void AssertVariableSet(string name, string value) => Platform.Variables[name].ShouldBe(value);

    public async Task InitializeAsync() => await UseAsync(FakePlatform.WithHistory(5));

    public async Task DisposeAsync()
    {
        _http?.Dispose();
        if (_peer is not null) await _peer.DisposeAsync();
    }

    protected async Task UseAsync(FakePlatform platform)
    {
        await DisposeAsync();
        Platform = platform;
        _peer = await StartPeerAsync(platform);
        // As the host wires outbound clients: per-attempt timeout, jittered retries honouring Retry-After, no breaker here.
        var options = new ResilienceOptions
        {
            AttemptTimeout = TimeSpan.FromSeconds(2),
            MaxRetries = 2,
            BaseDelay = TimeSpan.FromMilliseconds(20),
            MaxRetryAfter = TimeSpan.FromSeconds(3),
            CircuitBreaker = false,
        };
        _http = new HttpClient(new ResilienceHandler(options, TimeProvider.System, NullLogger<ResilienceHandler>.Instance) { InnerHandler = new SocketsHttpHandler() })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        Provider = CreateProvider(_peer.BaseAddress, _http, TimeProvider.System);
    }

    private async Task WaitForRequestsAsync(int count)
    {
        for (var i = 0; i < 500 && Platform.Requests.Count < count; i++) await Task.Delay(10);
        Platform.Requests.Count.ShouldBeGreaterThanOrEqualTo(count, "the request never reached the peer");
    }

    /// <summary>A cancelled call ends in an <see cref="OperationCanceledException"/> or a failure; the bound is shorter than one attempt's timeout.</summary>
    private static async Task<string> EndsCancelledAsync<T>(Task<T> call, Func<T, bool> ok, Func<T, string?> reason)
    {
        var thrown = await Record.ExceptionAsync(() => call.WaitAsync(TimeSpan.FromSeconds(1.5)));
        if (thrown is not null)
        {
            thrown.ShouldBeAssignableTo<OperationCanceledException>();
            return thrown.Message;
        }

        ok(call.Result).ShouldBeFalse("a cancelled call must not report success");
        return reason(call.Result).ShouldNotBeNull();
    }

    private async Task<Deployment> WaitLiveAsync(string id)
    {
        Deployment? live = null;
        for (var i = 0; i < 20 && live?.Id != id; i++)
            live = (await Provider.GetLiveAsync(CancellationToken.None)).ShouldSucceed();
        return live.ShouldNotBeNull();
    }

    [Fact]
    public async Task List_LongHistory_AllNewestFirstAcrossPages()
    {
        await UseAsync(FakePlatform.WithHistory(LongHistory));

        var list = (await Provider.ListAsync(CancellationToken.None)).ShouldSucceed();

        list.Select(d => d.Id).ShouldBe(Platform.Deployments.Select(d => d.Id));
        list.Select(d => d.Version).ShouldBe(Platform.Deployments.Select(d => d.Version));
    }

    [Fact]
    public async Task List_FailedAndNonRollbackableDeployments_AreMarkedSoTheyAreNotChosen()
    {
        var t = new DateTimeOffset(2026, 11, 21, 2, 0, 0, TimeSpan.Zero);
        await UseAsync(new FakePlatform(
        [
            new FakeDeployment("dep-5", "v5", t),
            new FakeDeployment("dep-4", "v4", t.AddHours(-1), Succeeded: false),
            new FakeDeployment("dep-3", "v3", t.AddHours(-2), CanRollback: false),
            new FakeDeployment("dep-2", "v2", t.AddHours(-3)),
        ]));

        var list = (await Provider.ListAsync(CancellationToken.None)).ShouldSucceed();
        var live = (await Provider.GetLiveAsync(CancellationToken.None)).ShouldSucceed();

        RollbackTarget.Choose(list, live).ShouldNotBeNull().Id.ShouldBe("dep-2");
    }

    [Fact]
    public async Task GetLive_NamesTheLiveDeployment()
    {
        var live = (await Provider.GetLiveAsync(CancellationToken.None)).ShouldSucceed();

        live.ShouldNotBeNull().Id.ShouldBe(Platform.LiveId);
        live.Version.ShouldBe(Platform.Find(Platform.LiveId).Version);
    }

    [Fact]
    public async Task Rollback_Accepted_TargetGoesLiveAndWasRequestedOnce()
    {
        var target = Platform.Deployments[2];

        var outcome = await Provider.RollbackAsync(new Deployment(target.Id, target.Version), CancellationToken.None);
        var live = await WaitLiveAsync(target.Id);

        outcome.Ok.ShouldBeTrue(outcome.Detail);
        live.Id.ShouldBe(target.Id);
        Platform.RollbackRequests.ShouldBe(1);
        Platform.RollbackTargets.ShouldBe([target.Id]);
    }

    [Fact]
    public async Task Rollback_RateLimitedOnce_WaitsAsToldAndRollsBackOnce()
    {
        var target = Platform.Deployments[1];
        Platform.Enqueue(new Fault(FaultKind.RateLimited, RetryAfter: TimeSpan.FromSeconds(1)));

        var outcome = await Provider.RollbackAsync(new Deployment(target.Id, target.Version), CancellationToken.None);

        outcome.Ok.ShouldBeTrue(outcome.Detail);
        Platform.RollbackRequests.ShouldBe(1);
        (await WaitLiveAsync(target.Id)).Id.ShouldBe(target.Id);
    }

    [Fact]
    public async Task Rollback_PlatformFails_IsReportedAsFailureAndNothingChanges()
    {
        var before = Platform.LiveId;
        var target = Platform.Deployments[1];
        for (var i = 0; i < 5; i++) Platform.Enqueue(new Fault(FaultKind.ServerError));

        var outcome = await Provider.RollbackAsync(new Deployment(target.Id, target.Version), CancellationToken.None);

        outcome.Ok.ShouldBeFalse();
        Platform.RollbackRequests.ShouldBe(0);
        Platform.Peek().LiveId.ShouldBe(before);
    }

    [Fact]
    public async Task List_MalformedAnswer_FailsWithAClearReasonInsteadOfAWrongList()
    {
        for (var i = 0; i < 3; i++) Platform.Enqueue(new Fault(FaultKind.Malformed));

        var e = (await Provider.ListAsync(CancellationToken.None)).ShouldFail();

        e.ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public async Task List_HungPeer_GivesUpWithinTheAttemptTimeouts()
    {
        for (var i = 0; i < 3; i++) Platform.Enqueue(new Fault(FaultKind.Slow, Delay: TimeSpan.FromSeconds(30)));

        var result = await Provider.ListAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(15));

        result.ShouldFail().ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public async Task SetVariable_FeatureFlagOff_PlatformHasItOrRefusesPlainly()
    {
        var outcome = await Provider.SetVariableAsync("FEATURE_NEW_CHECKOUT", "false", CancellationToken.None);

        if (SupportsVariables)
        {
            outcome.Ok.ShouldBeTrue(outcome.Detail);
            AssertVariableSet("FEATURE_NEW_CHECKOUT", "false");
            // What the runbook relies on to never redeploy the release it is about to roll back (maintenance mode).
            (Platform.Restarts > 0).ShouldBe(Provider.SetVariableRedeploys, "SetVariableRedeploys must say whether setting a variable restarted the live release");
        }
        else
        {
            outcome.Ok.ShouldBeFalse();
            outcome.Detail.ShouldContain("not supported");
            Platform.Variables.ShouldBeEmpty();
        }
    }

    [Fact]
    public async Task Rollback_Forbidden_FailsNamingTheStatusWithoutRetryingOrRollingBack()
    {
        var target = Platform.Deployments[1];
        Platform.Enqueue(new Fault(FaultKind.Forbidden));

        var outcome = await Provider.RollbackAsync(new Deployment(target.Id, target.Version), CancellationToken.None);

        outcome.Ok.ShouldBeFalse("a retry would have been answered and rolled back");
        outcome.Detail.ShouldContain("403");
        Platform.Requests.Count.ShouldBe(1);
        Platform.RollbackRequests.ShouldBe(0);
    }

    [Fact]
    public async Task List_NotFound_FailsNamingTheStatusWithoutRetrying()
    {
        Platform.Enqueue(new Fault(FaultKind.NotFound));

        var e = (await Provider.ListAsync(CancellationToken.None)).ShouldFail();

        e.ShouldContain("404");
        Platform.Requests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task EveryCall_RefusedQuotingTheToken_FailsWithoutShowingIt()
    {
        var target = Platform.Deployments[1];
        var reasons = new List<string?>();

        Platform.Enqueue(new Fault(FaultKind.Forbidden));
        reasons.Add((await Provider.ListAsync(CancellationToken.None)).ShouldFail());
        Platform.Enqueue(new Fault(FaultKind.Forbidden));
        reasons.Add((await Provider.GetLiveAsync(CancellationToken.None)).ShouldFail());
        Platform.Enqueue(new Fault(FaultKind.Forbidden));
        var rollback = await Provider.RollbackAsync(new Deployment(target.Id, target.Version), CancellationToken.None);
        Platform.Enqueue(new Fault(FaultKind.Forbidden));
        var set = await Provider.SetVariableAsync("MAINTENANCE_MODE", "true", CancellationToken.None);

        rollback.Ok.ShouldBeFalse();
        set.Ok.ShouldBeFalse();
        reasons.AddRange([rollback.Detail, set.Detail]);
        reasons.ShouldAllBe(r => !string.IsNullOrWhiteSpace(r));
        reasons.ShouldAllBe(r => !r!.Contains(Secret));
    }

    [Fact]
    public async Task EveryCall_NothingListening_IsAFailureNotAnException()
    {
        var provider = CreateProvider(Peers.NothingListening("/"), _http!, TimeProvider.System);
        var target = Platform.Deployments[1];

        var list = await provider.ListAsync(CancellationToken.None);
        var live = await provider.GetLiveAsync(CancellationToken.None);
        var rollback = await provider.RollbackAsync(new Deployment(target.Id, target.Version), CancellationToken.None);
        var set = await provider.SetVariableAsync("MAINTENANCE_MODE", "true", CancellationToken.None);

        string?[] reasons = [list.ShouldFail(), live.ShouldFail(), rollback.Ok ? null : rollback.Detail, set.Ok ? null : set.Detail];
        reasons.ShouldAllBe(r => !string.IsNullOrWhiteSpace(r));
        reasons.ShouldAllBe(r => !r!.Contains(Secret));
    }

    [Fact]
    public async Task List_CancelledWhileThePeerIsSlow_EndsPromptly()
    {
        Platform.Enqueue(new Fault(FaultKind.Slow, Delay: TimeSpan.FromSeconds(30)));
        using var cts = new CancellationTokenSource();

        var list = Provider.ListAsync(cts.Token);
        await WaitForRequestsAsync(1);
        await cts.CancelAsync();

        (await EndsCancelledAsync(list, r => r.Ok, r => r.Error)).ShouldNotContain(Secret);
    }

    [Fact]
    public async Task Rollback_AlreadyCancelled_EndsWithoutRollingBack()
    {
        var target = Platform.Deployments[1];
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await EndsCancelledAsync(Provider.RollbackAsync(new Deployment(target.Id, target.Version), cts.Token), o => o.Ok, o => o.Detail);

        Platform.RollbackRequests.ShouldBe(0);
    }
}
