using Watchdog.Core.Ports;
using Watchdog.Integrations.Tests.Http;
using Watchdog.Testing;

namespace Watchdog.Integrations.Tests.Flags;

/// <summary>
/// What every flag service behind an HTTP API must do besides: send the documented request, refuse (never throw) on
/// 401, 403, 5xx, a hung or absent peer, keep its token out of every reason, and stop when cancelled. The peer sits
/// behind a <see cref="PeerFront"/>, which records each request as sent and plays scripted answers.
/// </summary>
public abstract class HttpFlagConformance : FlagConformance
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    private readonly WatchedClock _clock = new();
    private IAsyncDisposable? _peer;

    private protected PeerFront Front { get; } = new();

    /// <summary>The token the switch is configured with; it must reach the peer only in its header.</summary>
    protected abstract string Token { get; }

    protected abstract Uri BaseUrl { get; }

    /// <summary>Starts the service's peer behind <paramref name="front"/>.</summary>
    private protected abstract Task<IAsyncDisposable> StartPeerAsync(PeerFront front);

    /// <summary>The switch against <paramref name="baseUrl"/> with <paramref name="token"/>, a deadline of <paramref name="timeout"/> on <paramref name="clock"/>.</summary>
    protected abstract IFlagSwitch Create(Uri baseUrl, string token, TimeSpan timeout, TimeProvider clock);

    /// <summary>Checks the one request that turned <paramref name="flag"/> off is the documented one: method, path, headers, body.</summary>
    private protected abstract void AssertDocumentedRequest(PeerFront.Request request, string flag);

    protected sealed override async Task<IFlagSwitch> StartAsync()
    {
        _peer = await StartPeerAsync(Front);
        return Create(BaseUrl, Token, Timeout, _clock);
    }

    public override async Task DisposeAsync()
    {
        if (_peer is not null) await _peer.DisposeAsync();
    }

    private async Task<FlagOutcome> TurnOffAsync(IFlagSwitch with, CancellationToken ct = default)
    {
        var outcome = await with.TurnOffAsync(KnownFlag, ct);
        outcome.Detail.ShouldNotContain(Token);
        return outcome;
    }

    [Fact]
    public async Task TurnOff_SendsTheDocumentedRequestOnce()
    {
        (await TurnOffAsync(Switch)).TurnedOff.ShouldBeTrue();

        var request = Front.Received.ShouldHaveSingleItem();
        AssertDocumentedRequest(request, KnownFlag);
    }

    [Fact]
    public async Task TurnOff_WrongToken_RefusedAs401WithoutTheToken()
    {
        var outcome = await TurnOffAsync(Create(BaseUrl, "wrong-" + Token, Timeout, _clock));

        outcome.Result.ShouldBe(FlagResult.Refused);
        outcome.Detail.ShouldContain("401");
        outcome.Detail.ShouldNotContain("wrong-" + Token);
        IsOffAtThePeer(KnownFlag).ShouldBeFalse();
    }

    [Theory]
    [InlineData(403)]
    [InlineData(500)]
    [InlineData(503)]
    public async Task TurnOff_ServiceRefuses_RefusedWithTheStatus(int status)
    {
        Front.Script(PeerReply.Json(status, """{"code":"forbidden","message":"Access to the requested resource was denied"}"""));

        var outcome = await TurnOffAsync(Switch);

        outcome.Result.ShouldBe(FlagResult.Refused);
        outcome.Detail.ShouldContain(status.ToString(System.Globalization.CultureInfo.InvariantCulture));
        outcome.Detail.ShouldContain(KnownFlag);
    }

    [Fact]
    public async Task TurnOff_ServiceQuotesTheTokenBack_ReasonMasksIt()
    {
        Front.Script(PeerReply.Json(400, $$"""{"code":"invalid_request","message":"bad token {{Token}}"}"""));

        var outcome = await TurnOffAsync(Switch);

        outcome.Result.ShouldBe(FlagResult.Refused);
        outcome.Detail.ShouldContain("***");
    }

    [Fact]
    public async Task TurnOff_HungPeer_RefusedAtItsDeadline()
    {
        Front.Always = PeerReply.Hang();

        var outcome = await TurnOffWhilePassingDeadlinesAsync();

        outcome.Result.ShouldBe(FlagResult.Refused);
        outcome.Detail.ShouldContain("could not be reached");
        outcome.Detail.ShouldContain("timed out");
    }

    private async Task<FlagOutcome> TurnOffWhilePassingDeadlinesAsync()
    {
        var work = TurnOffAsync(Switch);
        await Front.PassingDeadlinesAsync(work, _clock, Timeout);
        return await work;
    }

    [Fact]
    public async Task TurnOff_NothingListening_RefusedSayingItCouldNotBeReached()
    {
        var closed = new UriBuilder(BaseUrl) { Port = LoopbackPort.Free() }.Uri;

        var outcome = await TurnOffAsync(Create(closed, Token, Timeout, _clock));

        outcome.Result.ShouldBe(FlagResult.Refused);
        outcome.Detail.ShouldContain("could not be reached (connection refused)");
    }

    [Fact]
    public async Task TurnOff_CancelledWhileThePeerHangs_ThrowsOperationCanceledPromptly()
    {
        Front.Script(PeerReply.Hang());
        using var cts = new CancellationTokenSource();

        var turning = Switch.TurnOffAsync(KnownFlag, cts.Token);
        await Front.FirstRequest.WaitAsync(TimeSpan.FromSeconds(5));
        await cts.CancelAsync();

        // The clock does not move, so only the token can end it.
        await Should.ThrowAsync<OperationCanceledException>(turning.WaitAsync(TimeSpan.FromSeconds(2)));
    }

    [Fact]
    public async Task TurnOff_TokenTravelsOnlyInTheAuthorizationHeader()
    {
        await TurnOffAsync(Switch);

        var request = Front.Received.ShouldHaveSingleItem();
        request.Headers.Single(h => h.Key == "Authorization").Value.ShouldBe(Token);
        request.Target.ShouldNotContain(Token);
        request.Body.ShouldNotContain(Token);
        request.Headers.Where(h => h.Key != "Authorization").ShouldAllBe(h => !h.Value.Contains(Token));
    }
}
