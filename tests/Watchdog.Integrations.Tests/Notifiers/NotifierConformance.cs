using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Watchdog.Core.Ports;
using Watchdog.Core.Reports;
using Watchdog.Integrations.Http;
using Watchdog.Integrations.Tests.Http;
using Watchdog.Testing;

namespace Watchdog.Integrations.Tests.Notifiers;

/// <summary>
/// What every notifier must do, whatever its channel: deliver a notification once in its channel's wire
/// format, retry only what the peer did not take (or what it deduplicates), throw a refusal naming the status
/// and never a secret, give up on a hung or absent peer with a clear error, stop when cancelled, and send its
/// secrets only where the wire format puts them. Each notifier's class derives from this with its own
/// Kestrel peer behind a <see cref="PeerFront"/>, through the resilience handler as the host wires it.
/// </summary>
public abstract class NotifierConformance : IAsyncLifetime
{
    private static readonly ResilienceOptions Resilience = new()
    {
        AttemptTimeout = TimeSpan.FromSeconds(1),
        MaxRetries = 2,
        BaseDelay = TimeSpan.Zero, // retries then need no timer on the test's clock
        MaxRetryAfter = TimeSpan.FromSeconds(3),
        CircuitBreaker = false,
    };

    private readonly WatchedClock _clock = new();
    private HttpClient _http = null!;
    private IAsyncDisposable? _peer;

    private protected PeerFront Front { get; } = new();

    protected INotifier Notifier { get; private set; } = null!;

    /// <summary>News of an incident that every channel sends, as one request.</summary>
    protected static Notification Sample { get; } = SampleIncidents.ApprovalNeeded();

    /// <summary>The notifier's credentials: webhook URL tokens, keys, signing secrets.</summary>
    protected abstract IReadOnlyList<string> Secrets { get; }

    /// <summary>The URL the notifier is configured with (a webhook URL, or an API's base), pointing at the peer.</summary>
    protected abstract Uri ConfiguredUrl { get; }

    /// <summary>
    /// Whether a POST that may have reached the peer (a 5xx, no answer in time) is sent again: only where the
    /// receiver folds duplicates (PagerDuty's <c>dedup_key</c>). Elsewhere it is thrown back, not resent.
    /// </summary>
    protected virtual bool ResendsWhatMayHaveArrived => false;

    /// <summary>Starts the channel's peer behind <paramref name="front"/>.</summary>
    private protected abstract Task<IAsyncDisposable> StartPeerAsync(PeerFront front);

    protected abstract INotifier CreateNotifier(Uri url, HttpClient http);

    /// <summary>The notifications the peer's own API accepted, as it parsed them.</summary>
    protected abstract IReadOnlyList<JsonObject> Delivered { get; }

    /// <summary>Checks the wire format's key fields carry <paramref name="sent"/>'s title and summary.</summary>
    protected abstract void AssertKeyFields(Notification sent, JsonObject delivered);

    /// <summary>
    /// The parts of a request where no secret belongs: by default the headers and the body, since a webhook
    /// URL is itself the credential. A channel whose wire format puts a secret elsewhere takes it out here.
    /// </summary>
    private protected virtual string WhereNoSecretBelongs(PeerFront.Request request) =>
        string.Join('\n', request.Headers.Select(h => $"{h.Key}: {h.Value}")) + "\n" + request.Body;

    public async Task InitializeAsync()
    {
        _peer = await StartPeerAsync(Front);
        // As the host wires outbound clients (per-attempt timeout, retries honouring Retry-After; no breaker here), on a clock the test moves.
        _http = new HttpClient(new ResilienceHandler(Resilience, _clock, NullLogger<ResilienceHandler>.Instance) { InnerHandler = new SocketsHttpHandler() })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        Notifier = CreateNotifier(ConfiguredUrl, _http);
    }

    public async Task DisposeAsync()
    {
        (Notifier as IDisposable)?.Dispose();
        _http.Dispose();
        if (_peer is not null) await _peer.DisposeAsync();
    }

    /// <summary>A refusal in the channel's own words, quoting every secret, as a careless peer might.</summary>
    private PeerReply Echoing(int status) =>
        PeerReply.Json(status, new JsonObject { ["message"] = "refused: " + string.Join(" ", Secrets) }.ToJsonString());

    private async Task<PeerRefusedException> RefusedAsync(Task send)
    {
        var e = await Should.ThrowAsync<PeerRefusedException>(send);
        foreach (var secret in Secrets) e.ToString().ShouldNotContain(secret);
        return e;
    }

    [Fact]
    public async Task Send_PeerTakesIt_DeliveredOnceWithTitleAndSummary()
    {
        await Notifier.SendAsync(Sample, CancellationToken.None);

        Front.Received.Count.ShouldBe(1);
        AssertKeyFields(Sample, Delivered.ShouldHaveSingleItem());
    }

    [Fact]
    public async Task Send_UnavailableWithRetryAfter_IsSentAgainAndDeliveredOnce()
    {
        Front.Script(new PeerReply(503, "busy") { RetryAfter = "0" });

        await Notifier.SendAsync(Sample, CancellationToken.None);

        Front.Received.Count.ShouldBe(2);
        AssertKeyFields(Sample, Delivered.ShouldHaveSingleItem());
    }

    [Fact]
    public async Task Send_ServerError_IsRetriedOnlyWhereThePeerFoldsDuplicates()
    {
        Front.Script(PeerReply.Json(500, """{"message":"internal error"}"""));

        if (ResendsWhatMayHaveArrived)
        {
            await Notifier.SendAsync(Sample, CancellationToken.None);
            Front.Received.Count.ShouldBe(2);
            Delivered.Count.ShouldBe(1);
        }
        else
        {
            var e = await RefusedAsync(Notifier.SendAsync(Sample, CancellationToken.None));
            e.StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
            e.Retryable.ShouldBeTrue("a 5xx may pass by itself: the fan-out may try again later");
            Front.Received.Count.ShouldBe(1);
            Delivered.ShouldBeEmpty();
        }
    }

    [Fact]
    public async Task Send_ClientErrorQuotingTheSecrets_ThrowsNamingTheStatusOnceWithoutThem()
    {
        Front.Script(Echoing(403));

        var e = await RefusedAsync(Notifier.SendAsync(Sample, CancellationToken.None));

        e.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        e.Message.ShouldContain("403");
        e.Retryable.ShouldBeFalse();
        Front.Received.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Send_HungPeer_GivesUpAtTheAttemptTimeouts()
    {
        Front.Always = PeerReply.Hang();

        var e = await RefusedAsync(Front.PassingDeadlinesAsync(Notifier.SendAsync(Sample, CancellationToken.None), _clock, Resilience.AttemptTimeout));

        e.StatusCode.ShouldBeNull();
        e.Message.ShouldContain("could not be reached");
        Front.Received.Count.ShouldBe(ResendsWhatMayHaveArrived ? Resilience.MaxRetries + 1 : 1);
    }

    [Fact]
    public async Task Send_NothingListening_ThrowsSayingItCouldNotBeReached()
    {
        var closed = new UriBuilder(ConfiguredUrl) { Port = LoopbackPort.Free() }.Uri;

        var e = await RefusedAsync(CreateNotifier(closed, _http).SendAsync(Sample, CancellationToken.None));

        e.HttpRequestError.ShouldBe(HttpRequestError.ConnectionError);
        e.Message.ShouldContain("could not be reached");
    }

    [Fact]
    public async Task Send_CancelledWhileThePeerHangs_ThrowsOperationCanceledPromptly()
    {
        Front.Script(PeerReply.Hang());
        using var cts = new CancellationTokenSource();

        var send = Notifier.SendAsync(Sample, cts.Token);
        await Front.FirstRequest.WaitAsync(TimeSpan.FromSeconds(5));
        await cts.CancelAsync();

        // The clock does not move, so only the token can end it.
        await Should.ThrowAsync<OperationCanceledException>(send.WaitAsync(TimeSpan.FromSeconds(2)));
    }

    [Fact]
    public async Task Send_SecretsReachThePeerOnlyWhereTheWireFormatPutsThem()
    {
        Front.Script(new PeerReply(503, "busy") { RetryAfter = "0" });

        await Notifier.SendAsync(Sample, CancellationToken.None);

        Front.Received.Count.ShouldBe(2);
        foreach (var request in Front.Received)
        {
            var elsewhere = WhereNoSecretBelongs(request);
            foreach (var secret in Secrets) elsewhere.ShouldNotContain(secret);
        }
    }
}
