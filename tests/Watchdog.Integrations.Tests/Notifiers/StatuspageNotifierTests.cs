using Watchdog.Integrations.Http;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Watchdog.Core.Reports;
using Watchdog.Integrations.Statuspage;
using Watchdog.Integrations.Tests.Http;
using Watchdog.Testing;
using static Watchdog.Integrations.Tests.Notifiers.StatuspagePeer;

namespace Watchdog.Integrations.Tests.Notifiers;

public sealed class StatuspageNotifierTests : IDisposable
{
    private const string IncidentId = "20261121-025500-checkout";
    private const string Component = "cmp-checkout";
    private const string Internal = "v2.4.1";

    private readonly WatchedClock _clock = new();
    private readonly HttpClient _http = new();
    private readonly InMemoryLedger _ledger = new();
    private readonly ListLogger<StatuspageNotifier> _log = new();
    private readonly List<StatuspageNotifier> _notifiers = [];

    public void Dispose()
    {
        _http.Dispose();
        foreach (var n in _notifiers) n.Dispose();
    }

    private StatuspageNotifier Notifier(StatuspagePeer peer, Action<StatuspageOptions>? configure = null) => Notifier(peer.BaseUrl, configure);

    private StatuspageNotifier Notifier(Uri baseUrl, Action<StatuspageOptions>? configure = null)
    {
        var options = new StatuspageOptions { ApiKey = ApiKey, PageId = PageId, BaseUrl = baseUrl };
        options.Components["checkout"] = Component;
        configure?.Invoke(options);
        var notifier = new StatuspageNotifier(_http, options, _ledger, _clock, _log);
        _notifiers.Add(notifier);
        return notifier;
    }

    /// <summary>A notification whose title, lines and facts carry internals (a version, a rule) that must stay off the page.</summary>
    private static Notification Note(NotificationKind kind, Severity severity, string? publicText, string incident = IncidentId, string service = "checkout") =>
        new(kind, severity, service, incident, $"🚨 ROLLBACK {Internal}", [$"Rule: error-rate > 10% on {Internal}"], [new("From version", Internal)])
        {
            Public = publicText,
        };

    private Task Send(StatuspageNotifier notifier, Notification n)
    {
        var seen = _clock.Requested.Count;
        return Drive(notifier.SendAsync(n, CancellationToken.None), seen);
    }

    /// <summary>
    /// Runs <paramref name="work"/> to the end, moving the fake clock by exactly each wait the notifier asks for
    /// after the first <paramref name="seen"/> timers (with a plain HttpClient its pacing is the only timer).
    /// </summary>
    private async Task Drive(Task work, int seen)
    {
        for (var n = seen + 1; ; n++)
        {
            if (await _clock.NextTimerAsync(_ => true, n, work) is not { } due) break;
            _clock.Advance(due);
        }

        await work;
    }

    private static JsonObject Incident(Received r) => r.Body!["incident"]!.AsObject();

    private static string? Str(JsonNode? node) => node?.GetValue<string>();

    [Fact]
    public async Task Lifecycle_OpensMovesAndResolves_TheComponentFollowsAndIsRestored()
    {
        await using var peer = await StartAsync(_clock, Component);
        var notifier = Notifier(peer);

        await Send(notifier, Note(NotificationKind.ApprovalNeeded, Severity.High, "Checkout degraded\nWe are investigating errors at checkout."));
        await Send(notifier, Note(NotificationKind.RollbackInProgress, Severity.Critical, "We found the cause and are restoring the previous version."));
        await Send(notifier, Note(NotificationKind.RollbackComplete, Severity.High, "A fix is in place; we are monitoring."));
        await Send(notifier, Note(NotificationKind.Progress, Severity.Info, "Still fine after 15 minutes."));
        await Send(notifier, Note(NotificationKind.Resolved, Severity.Info, "Checkout works normally again."));

        var requests = peer.Requests;
        requests.Select(r => (r.Method, r.Answered)).ShouldBe([("POST", 201), ("PATCH", 200), ("PATCH", 200), ("PATCH", 200), ("PATCH", 200)]);
        requests.ShouldAllBe(r => r.Authorization == "OAuth " + ApiKey);
        requests.Skip(1).ShouldAllBe(r => r.Path == $"/v1/pages/{PageId}/incidents/inc0001");

        var create = Incident(requests[0]);
        Str(create["name"]).ShouldBe("Checkout degraded");
        Str(create["status"]).ShouldBe("investigating");
        Str(create["body"]).ShouldBe("Checkout degraded\nWe are investigating errors at checkout.");
        Str(create["impact_override"]).ShouldBe("major");
        create["component_ids"]!.AsArray().Select(Str).ShouldBe([Component]);
        create["deliver_notifications"]!.GetValue<bool>().ShouldBeTrue();
        Str(create["metadata"]!["watchdog"]!["incident"]).ShouldBe(IncidentId);

        requests.Select(r => Str(Incident(r)["status"])).ShouldBe(["investigating", "identified", "monitoring", "monitoring", "resolved"]);
        peer.ComponentHistory.ShouldBe([
            (Component, "partial_outage"), (Component, "major_outage"), (Component, "partial_outage"),
            (Component, "degraded_performance"), (Component, "operational")]);
        peer.ComponentStatus(Component).ShouldBe("operational");

        var incident = peer.Incidents.ShouldHaveSingleItem();
        Str(incident["status"]).ShouldBe("resolved");
        incident["incident_updates"]!.AsArray().Count.ShouldBe(5);
        // Only the public text went out: no title, line or fact, which name versions and rules.
        requests.ShouldAllBe(r => !r.Body!.ToJsonString().Contains(Internal) && !r.Body.ToJsonString().Contains("error-rate"));
        PageIncidentLink.Parse(_ledger.Facts[("statuspage:" + PageId, IncidentId)]).ShouldBe(new PageIncidentLink("inc0001", "resolved"));
    }

    [Fact]
    public async Task Lifecycle_AfterResolve_LaterMessagesLeaveThePageAlone()
    {
        await using var peer = await StartAsync(_clock, Component);
        var notifier = Notifier(peer);
        await Send(notifier, Note(NotificationKind.Escalation, Severity.Critical, "Checkout is down."));
        await Send(notifier, Note(NotificationKind.Resolved, Severity.Info, "Back to normal."));

        await Send(notifier, Note(NotificationKind.Progress, Severity.Info, "Still fine."));
        await Send(notifier, Note(NotificationKind.Resolved, Severity.Info, "Back to normal."));

        peer.Requests.Count.ShouldBe(2);
    }

    [Fact]
    public async Task Restart_ANewNotifierOnTheSameLedger_UpdatesTheSameIncident()
    {
        await using var peer = await StartAsync(_clock, Component);
        await Send(Notifier(peer), Note(NotificationKind.RollbackInProgress, Severity.Critical, "Restoring the previous version."));

        var afterRestart = Notifier(peer);
        await Send(afterRestart, Note(NotificationKind.RollbackComplete, Severity.High, "Monitoring."));
        await Send(afterRestart, Note(NotificationKind.Resolved, Severity.Info, "Resolved."));

        peer.Requests.Select(r => r.Method).ShouldBe(["POST", "PATCH", "PATCH", "PATCH"]);
        // A rollback already under way opens the page incident as investigating and moves it to identified at once.
        Str(Incident(peer.Requests[0])["status"]).ShouldBe("investigating");
        Str(Incident(peer.Requests[1])["status"]).ShouldBe("identified");
        Str(peer.Incidents.ShouldHaveSingleItem()["status"]).ShouldBe("resolved");
        peer.ComponentStatus(Component).ShouldBe("operational");
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("   ", false)]
    [InlineData("Checkout degraded.", true)]
    public async Task Send_NotPublicOrADrill_MakesNoRequest(string? publicText, bool drill)
    {
        await using var peer = await StartAsync(_clock, Component);

        await Send(Notifier(peer), Note(NotificationKind.RollbackInProgress, Severity.Critical, publicText) with { Drill = drill });

        peer.Requests.ShouldBeEmpty();
        _ledger.Facts.ShouldBeEmpty();
    }

    [Theory]
    [InlineData(NotificationKind.Resolved)]
    [InlineData(NotificationKind.Progress)]
    [InlineData(NotificationKind.RollbackComplete)]
    [InlineData(NotificationKind.SeesAgain)]
    public async Task Send_NoPageIncidentYetAndNotNewsOfTrouble_MakesNoRequest(NotificationKind kind)
    {
        await using var peer = await StartAsync(_clock, Component);

        await Send(Notifier(peer), Note(kind, Severity.Info, "All good."));

        peer.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task Send_ServiceWithoutComponent_OpensAnIncidentWithoutComponents()
    {
        await using var peer = await StartAsync(_clock, Component);
        var notifier = Notifier(peer);

        await Send(notifier, Note(NotificationKind.Alert, Severity.Warning, "Search is slow.", "20261121-030000-search", "search"));
        await Send(notifier, Note(NotificationKind.Resolved, Severity.Info, "Search is fast again.", "20261121-030000-search", "search"));

        peer.Requests.ShouldAllBe(r => Incident(r)["components"] == null && Incident(r)["component_ids"] == null);
        Str(Incident(peer.Requests[0])["impact_override"]).ShouldBe("minor");
        peer.ComponentHistory.ShouldBeEmpty();
    }

    [Fact]
    public async Task Send_SeveralAtOnce_RequestsArePacedOneASecondOnTheFakeClock()
    {
        await using var peer = await StartAsync(_clock, Component);
        var notifier = Notifier(peer);

        var all = Task.WhenAll(Enumerable.Range(1, 4).Select(i =>
            notifier.SendAsync(Note(NotificationKind.Alert, Severity.Warning, "Trouble.", $"incident-{i}"), CancellationToken.None)));
        await Drive(all, seen: 0);

        var at = peer.Requests.Select(r => r.At).ToList();
        at.Count.ShouldBe(4);
        at.Zip(at.Skip(1), (a, b) => b - a).ShouldAllBe(gap => gap >= TimeSpan.FromSeconds(1));
        _clock.Requested.ShouldBe([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)]);
    }

    [Fact]
    public async Task Send_420WithRetryAfter_WaitsThatLongOnTheClockAndRetries()
    {
        await using var peer = await StartAsync(_clock, Component);
        peer.Enqueue(new Canned(420, """{"message":"Rate limit exceeded"}""", RetryAfter: "5"));
        var start = _clock.GetUtcNow();

        await Send(Notifier(peer), Note(NotificationKind.Escalation, Severity.Critical, "Checkout is down."));

        peer.Requests.Select(r => r.Answered).ShouldBe([420, 201]);
        (peer.Requests[1].At - start).ShouldBe(TimeSpan.FromSeconds(5));
        _ledger.Facts.Count.ShouldBe(1);
        _log.Lines.ShouldContain(l => l.Contains("throttled") && l.Contains("420"));
    }

    [Fact]
    public async Task Send_420EveryTime_GivesUpAfterTwoRetriesWithThePeersMessage()
    {
        await using var peer = await StartAsync(_clock, Component);
        var throttled = new Canned(420, """{"message":"Rate limit exceeded"}""");
        peer.Enqueue(throttled, throttled, throttled);

        var e = await Should.ThrowAsync<PeerRefusedException>(() => Send(Notifier(peer), Note(NotificationKind.Alert, Severity.Warning, "Trouble.")));

        peer.Requests.Count.ShouldBe(3);
        e.Throttled.ShouldBeTrue();
        e.Reason.ShouldBe("Rate limit exceeded");
        e.Message.ShouldBe($"Statuspage statuspage at 127.0.0.1 refused to open an incident for incident {IncidentId}: HTTP 420 (throttled), Rate limit exceeded.");
        // Without Retry-After: 2 s, then 4 s.
        (peer.Requests[1].At - peer.Requests[0].At).ShouldBe(TimeSpan.FromSeconds(2));
        (peer.Requests[2].At - peer.Requests[1].At).ShouldBe(TimeSpan.FromSeconds(4));
        _ledger.Facts.ShouldBeEmpty();
    }

    [Fact]
    public async Task Send_429_FailsAtOnceAndHoldsTheNextRequestForRetryAfter()
    {
        // The outbound client's resilience handler already retried a 429; what reaches the notifier is final.
        await using var peer = await StartAsync(_clock, Component);
        peer.Enqueue(new Canned(429, """{"message":"Too many requests"}""", RetryAfter: "20"));
        var notifier = Notifier(peer);

        var e = await Should.ThrowAsync<PeerRefusedException>(() => Send(notifier, Note(NotificationKind.Alert, Severity.Warning, "Trouble.")));
        await Send(notifier, Note(NotificationKind.Alert, Severity.Warning, "Trouble."));

        e.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        e.Throttled.ShouldBeTrue();
        e.Message.ShouldContain("HTTP 429 (throttled), Too many requests");
        peer.Requests.Select(r => r.Answered).ShouldBe([429, 201]);
        (peer.Requests[1].At - peer.Requests[0].At).ShouldBe(TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task Send_WrongApiKey_401WithThePeersMessageAndNoKeyAnywhere()
    {
        await using var peer = await StartAsync(_clock, Component);
        const string wrongKey = "sp-WRONG-0123456789-otherkey";

        var e = await Should.ThrowAsync<PeerRefusedException>(() =>
            Send(Notifier(peer, o => o.ApiKey = wrongKey), Note(NotificationKind.Alert, Severity.Warning, "Trouble.")));

        e.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        e.Message.ShouldBe($"Statuspage statuspage at 127.0.0.1 refused to open an incident for incident {IncidentId}: HTTP 401 (Unauthorized), Could not authenticate.");
        _log.Lines.ShouldContain(l => l.Contains("Could not authenticate"));
        _log.Lines.ShouldAllBe(l => !l.Contains(wrongKey) && !l.Contains(ApiKey));
    }

    [Fact]
    public async Task Send_UnknownPage_404WithThePeersMessage()
    {
        await using var peer = await StartAsync(_clock, Component);

        var e = await Should.ThrowAsync<PeerRefusedException>(() =>
            Send(Notifier(peer, o => o.PageId = "nosuchpage"), Note(NotificationKind.Alert, Severity.Warning, "Trouble.")));

        e.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        e.Reason.ShouldBe("The requested resource could not be found.");
        e.Message.ShouldNotContain(ApiKey);
    }

    [Fact]
    public async Task Send_ComponentThePageDoesNotHave_422WithThePeersMessage()
    {
        await using var peer = await StartAsync(_clock, Component);

        var e = await Should.ThrowAsync<PeerRefusedException>(() =>
            Send(Notifier(peer, o => o.Components["checkout"] = "cmp-gone"), Note(NotificationKind.Alert, Severity.Warning, "Trouble.")));

        e.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        e.Message.ShouldEndWith("HTTP 422 (UnprocessableEntity), Component cmp-gone not found.");
        _ledger.Facts.ShouldBeEmpty();
    }

    [Fact]
    public async Task Send_PeerEchoesTheApiKey_KeyIsMasked()
    {
        await using var peer = await StartAsync(_clock, Component);
        peer.Enqueue(new Canned(401, $$"""{"message":"Invalid key OAuth {{ApiKey}}"}"""));

        var e = await Should.ThrowAsync<PeerRefusedException>(() => Send(Notifier(peer), Note(NotificationKind.Alert, Severity.Warning, "Trouble.")));

        e.Reason.ShouldBe("Invalid key OAuth ***");
        e.Message.ShouldNotContain(ApiKey);
        _log.Lines.ShouldAllBe(l => !l.Contains(ApiKey));
    }

    [Fact]
    public async Task Send_HugeErrorBody_MessageIsBoundedAndOnOneLine()
    {
        await using var peer = await StartAsync(_clock, Component);
        peer.Enqueue(new Canned(500, "<html>\n" + new string('x', 2_000_000), "text/html"));

        var e = await Should.ThrowAsync<PeerRefusedException>(() => Send(Notifier(peer), Note(NotificationKind.Alert, Severity.Warning, "Trouble.")));

        e.StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
        e.Reason!.Length.ShouldBeLessThanOrEqualTo(300);
        e.Reason.ShouldStartWith("<html> xxx");
        e.Reason.ShouldEndWith("…");
        e.Message.ShouldNotContain("\n");
    }

    [Fact]
    public async Task Send_2xxThatIsNotAnIncident_FailsAndRecordsNothing()
    {
        // A proxy's sign-in page answering 200: nothing was opened, so nothing may be recorded.
        await using var peer = await StartAsync(_clock, Component);
        peer.Enqueue(new Canned(200, "<html><body>Sign in to continue</body></html>", "text/html"));

        var e = await Should.ThrowAsync<PeerRefusedException>(() => Send(Notifier(peer), Note(NotificationKind.Alert, Severity.Warning, "Trouble.")));

        e.Message.ShouldContain("with HTTP 200, but the answer is not an incident: <html><body>Sign in to continue");
        _ledger.Facts.ShouldBeEmpty();
    }

    [Fact]
    public async Task Send_IncidentAnswerPastTheReadLimit_TheIdIsStillRead()
    {
        // A long-running incident lists every update in each answer; only the id at its start is needed.
        await using var peer = await StartAsync(_clock, Component);
        peer.PadAnswersBy = 1_000_000;
        var notifier = Notifier(peer);

        await Send(notifier, Note(NotificationKind.Alert, Severity.Warning, "Trouble."));
        await Send(notifier, Note(NotificationKind.Resolved, Severity.Info, "Fine."));

        peer.Requests.Select(r => r.Answered).ShouldBe([201, 200]);
        PageIncidentLink.Parse(_ledger.Facts.Single().Value).ShouldBe(new PageIncidentLink("inc0001", "resolved"));
    }

    [Fact]
    public async Task Send_LongPublicText_NameAndBodyAreCutToTheApisLimits()
    {
        await using var peer = await StartAsync(_clock, Component);
        var heading = "🚨" + new string('H', 400);
        var text = heading + "\n" + new string('b', 30_000);

        await Send(Notifier(peer), Note(NotificationKind.Alert, Severity.Warning, text));

        var create = Incident(peer.Requests.ShouldHaveSingleItem());
        peer.Requests[0].Answered.ShouldBe(201);
        Str(create["name"])!.Length.ShouldBe(255);
        Str(create["name"]).ShouldStartWith("🚨HHH");
        Str(create["name"]).ShouldEndWith("H…");
        Str(create["body"])!.Length.ShouldBe(25_000);
        Str(create["body"]).ShouldStartWith(heading);
    }

    [Fact]
    public async Task Send_ConfiguredImpactAndComponentStatus_AreUsed()
    {
        await using var peer = await StartAsync(_clock, Component);

        await Send(Notifier(peer, o =>
        {
            o.Impact[Severity.Critical] = "major";
            o.ComponentStatus[Severity.Critical] = "partial_outage";
            o.DeliverNotifications = false;
        }), Note(NotificationKind.Escalation, Severity.Critical, "Checkout is down."));

        var create = Incident(peer.Requests.Single());
        Str(create["impact_override"]).ShouldBe("major");
        Str(create["components"]![Component]).ShouldBe("partial_outage");
        create["deliver_notifications"]!.GetValue<bool>().ShouldBeFalse();
    }

    [Fact]
    public async Task Send_NobodyListening_ThrowsUnreachableWithoutTheKey()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var e = await Should.ThrowAsync<PeerRefusedException>(() =>
            Send(Notifier(new Uri($"http://127.0.0.1:{port}/v1")), Note(NotificationKind.Alert, Severity.Warning, "Trouble.")));

        e.Message.ShouldBe($"Statuspage statuspage at 127.0.0.1 could not be reached ({e.HttpRequestError}).");
        e.StatusCode.ShouldBeNull();
        _log.Lines.ShouldAllBe(l => !l.Contains(ApiKey));
    }

    [Fact]
    public async Task Send_UnreadableLedgerEntry_OpensANewIncidentAndSaysSo()
    {
        await using var peer = await StartAsync(_clock, Component);
        await _ledger.SetAsync("statuspage:" + PageId, IncidentId, "not json", CancellationToken.None);

        await Send(Notifier(peer), Note(NotificationKind.Alert, Severity.Warning, "Trouble."));

        peer.Requests.ShouldHaveSingleItem().Method.ShouldBe("POST");
        _log.Lines.ShouldContain(l => l.Contains("unreadable"));
    }

    [Fact]
    public void Constructor_InvalidOptions_NamesTheKeysNotTheSecret()
    {
        var options = new StatuspageOptions { ApiKey = ApiKey, PageId = "", BaseUrl = new Uri("http://api.statuspage.io/v1") };
        options.Impact[Severity.High] = "huge";

        var e = Should.Throw<ArgumentException>(() => new StatuspageNotifier(_http, options, _ledger, _clock));

        e.Message.ShouldContain("PageId is required.");
        e.Message.ShouldContain("BaseUrl must use https");
        e.Message.ShouldContain("Impact:High 'huge' is not one of");
        e.Message.ShouldNotContain(ApiKey);
    }

    [Fact]
    public void Validator_Defaults_NeedOnlyKeyAndPage()
    {
        StatuspageOptionsValidator.Problems(new StatuspageOptions()).ShouldBe(["ApiKey is required.", "PageId is required."]);
        StatuspageOptionsValidator.Problems(new StatuspageOptions { ApiKey = "k", PageId = "p" }).ShouldBeEmpty();
    }
}
