using System.Text.Json.Nodes;
using Watchdog.Core.Ports;
using Watchdog.Core.Signals;
using Watchdog.Integrations.Tests.Http;
using Watchdog.Testing;

namespace Watchdog.Integrations.Tests.Sources;

/// <summary>How a peer fails a source in <see cref="SignalSourceConformance"/>.</summary>
public enum PeerFailure
{
    ServerError,
    Unauthorized,
    Malformed,
    Hung,
    NothingListening,
}

/// <summary>
/// What every signal source must do, whatever it reads: measure a healthy peer without errors, turn every way a
/// peer can fail (5xx, 401, malformed JSON, no answer, nothing listening) into readings with a reason instead
/// of an exception, never quote its token, give up on a hung peer at its own deadline on the injected clock,
/// and measure again after <see cref="ISignalSource.Reset"/>. Each source's class derives from this with its
/// Kestrel peer behind a <see cref="PeerFront"/>.
/// </summary>
public abstract class SignalSourceConformance : IAsyncLifetime
{
    private IAsyncDisposable? _peer;

    /// <summary>The clock the source runs on; a hung peer is given up on by moving it past the deadline.</summary>
    private protected WatchedClock Clock { get; } = new();

    protected HttpClient Http { get; } = new();

    private protected PeerFront Front { get; } = new();

    /// <summary>The source's deadline for one request.</summary>
    protected static TimeSpan Deadline { get; } = TimeSpan.FromSeconds(10);

    /// <summary>The credential the source sends; no reason may show it.</summary>
    protected abstract string Secret { get; }

    /// <summary>Starts the peer, answering as a healthy service (or its monitoring) would, behind <paramref name="front"/>.</summary>
    private protected abstract Task<IAsyncDisposable> StartPeerAsync(PeerFront front);

    /// <summary>The source under test with its deadline at <see cref="Deadline"/>, pointed at <paramref name="baseUrl"/> (the peer's, or one where nothing listens).</summary>
    protected abstract ISignalSource CreateSource(Uri baseUrl);

    protected abstract Uri PeerUrl { get; }

    /// <summary>
    /// Checks that <paramref name="readings"/> report <paramref name="failure"/>: by default every reading is an
    /// Error with a reason, since the source could not measure. A source for which the failure is itself the
    /// measurement (a health probe) says what it reads instead.
    /// </summary>
    protected virtual void AssertFailureReported(IReadOnlyList<Reading> readings, PeerFailure failure) =>
        readings.ShouldAllBe(r => r.State == ReadingState.Error && !string.IsNullOrWhiteSpace(r.Reason));

    public async Task InitializeAsync() => _peer = await StartPeerAsync(Front);

    public async Task DisposeAsync()
    {
        Http.Dispose();
        if (_peer is not null) await _peer.DisposeAsync();
    }

    private async Task<IReadOnlyList<Reading>> ReadAsync(ISignalSource source, bool hung = false)
    {
        var read = source.ReadAsync(CancellationToken.None);
        await (hung ? Front.PassingDeadlinesAsync(read, Clock, Deadline) : read.WaitAsync(TimeSpan.FromSeconds(10)));
        var readings = await read;
        readings.ShouldNotBeEmpty();
        readings.ShouldAllBe(r => r.Source == source.Name);
        readings.ShouldAllBe(r => r.Reason == null || !r.Reason.Contains(Secret));
        return readings;
    }

    private async Task FailsAsync(PeerFailure failure, Uri? at = null) =>
        AssertFailureReported(await ReadAsync(CreateSource(at ?? PeerUrl), hung: failure == PeerFailure.Hung), failure);

    [Fact]
    public async Task Read_HealthyPeer_MeasuresWithoutErrors()
    {
        var readings = await ReadAsync(CreateSource(PeerUrl));

        readings.ShouldAllBe(r => r.State != ReadingState.Error);
        readings.ShouldContain(r => r.HasValue);
        Front.Received.ShouldNotBeEmpty();
    }

    [Fact]
    public async Task Read_ServerError_IsReportedNotThrown()
    {
        Front.Always = PeerReply.Json(503, """{"detail":"upstream unavailable"}""");

        await FailsAsync(PeerFailure.ServerError);
    }

    [Fact]
    public async Task Read_UnauthorizedQuotingTheToken_IsReportedWithoutIt()
    {
        Front.Always = PeerReply.Json(401, new JsonObject { ["detail"] = $"Invalid token {Secret}", ["error"] = $"Invalid token {Secret}" }.ToJsonString());

        await FailsAsync(PeerFailure.Unauthorized);
    }

    [Fact]
    public async Task Read_MalformedJson_IsReportedNotThrown()
    {
        Front.Always = PeerReply.Json(200, """{"data":{"result":[{"value":[17952""");

        await FailsAsync(PeerFailure.Malformed);
    }

    [Fact]
    public async Task Read_HungPeer_GivesUpAtItsDeadline()
    {
        Front.Always = PeerReply.Hang();

        await FailsAsync(PeerFailure.Hung);
    }

    [Fact]
    public async Task Read_NothingListening_IsReportedNotThrown() =>
        await FailsAsync(PeerFailure.NothingListening, new UriBuilder(PeerUrl) { Port = LoopbackPort.Free() }.Uri);

    [Fact]
    public async Task Reset_AfterARead_DoesNotThrowAndTheNextReadMeasures()
    {
        var source = CreateSource(PeerUrl);
        await ReadAsync(source);

        source.Reset();
        Clock.Advance(TimeSpan.FromMinutes(1));
        var after = await ReadAsync(source);

        after.ShouldAllBe(r => r.State != ReadingState.Error);
        after.ShouldContain(r => r.HasValue);
    }
}
