using Microsoft.Extensions.Logging.Abstractions;
using Watchdog.Core.Ports;
using Watchdog.Core.Runbook;
using Watchdog.Integrations.Http;
using Watchdog.Testing;
using Watchdog.Core.Releases;

namespace Watchdog.Integrations.Tests.Providers;

/// <summary>
/// What every deployment provider must do, whatever its platform: list history newest first across
/// pages, name the live deployment, roll back exactly once to a chosen target and see it go live,
/// survive rate limits, report failures as failures, bound slow and malformed answers, and set
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
        }
        else
        {
            outcome.Ok.ShouldBeFalse();
            outcome.Detail.ShouldContain("not supported");
            Platform.Variables.ShouldBeEmpty();
        }
    }
}
