using System.Collections.Concurrent;
using System.Diagnostics;
using Watchdog.Core.Incidents;
using Watchdog.Core.Ports;
using Watchdog.Core.Runbook;
using static Watchdog.Core.Tests.Fakes.TestData;

namespace Watchdog.Core.Tests.Runbook;

/// <summary>Each incident one trace, each step a span with its outcome; a restarted executor continues the same trace.</summary>
public sealed class IncidentTraceTests : IDisposable
{
    private readonly RunbookHarness _h = new();
    private readonly string _id = "trace-" + Guid.NewGuid().ToString("N");
    private readonly ConcurrentQueue<Activity> _spans = new();
    private readonly ActivityListener _listener;

    public IncidentTraceTests()
    {
        // The listener is process-wide: other tests' incidents are told apart by their id.
        _listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == IncidentTrace.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => { if (a.GetTagItem("watchdog.incident.id") as string == _id) _spans.Enqueue(a); },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public void Dispose() => _listener.Dispose();

    [Fact]
    public async Task AnIncidentResumedAfterACrash_KeepsOneTrace_AndEachStepIsASpanWithItsOutcome()
    {
        var incident = DecidedIncident(T0, id: _id);
        _h.Store.FailWhen = i => i.Step("rollback")?.Status == StepStatus.Succeeded;   // dies writing the outcome
        await Should.ThrowAsync<IOException>(_h.RunAsync(incident));
        _h.Store.FailWhen = null;

        await _h.RunAsync(await _h.ReloadAsync(_id));   // a new process's executor, the same journal

        var spans = _spans.ToList();
        spans.Select(s => s.TraceId).Distinct().ShouldHaveSingleItem().ShouldBe(IncidentTrace.Root(_id).TraceId);
        spans.Count(s => s.DisplayName == "incident run").ShouldBe(2);
        var rollbacks = spans.Where(s => s.DisplayName == "rollback").ToList();
        rollbacks.Select(s => s.GetTagItem("watchdog.attempt")).ShouldBe([1, 2]);
        rollbacks.ShouldAllBe(s => (string?)s.GetTagItem("watchdog.outcome") == "ok" && s.Status == ActivityStatusCode.Ok);
        var verify = spans.Single(s => s.DisplayName == "verify");
        verify.GetTagItem("watchdog.service").ShouldBe("api");
        verify.GetTagItem("watchdog.step").ShouldBe("verify");
        // Each step hangs under the pass that ran it; the time is the executor's clock.
        spans.ShouldContain(s => s.DisplayName == "incident run" && s.SpanId == verify.ParentSpanId);
        verify.StartTimeUtc.ShouldBeGreaterThanOrEqualTo(T0.UtcDateTime);
        // A step the journal shows done is not run again after the restart, so it has one span.
        spans.Count(s => s.DisplayName == "identify").ShouldBe(1);
    }

    [Fact]
    public async Task AFailedRollback_IsAnErrorSpan_WithTheRedactedFirstLine()
    {
        _h.Settings = _h.Settings with { RollbackAttempts = 1 };
        _h.Provider.OnRollback = _ => StepOutcome.Failure($"token {RunbookHarness.Secret} refused\nsecond line");

        await _h.RunAsync(DecidedIncident(T0, id: _id));

        var rollback = _spans.Single(s => s.DisplayName == "rollback");
        rollback.Status.ShouldBe(ActivityStatusCode.Error);
        rollback.GetTagItem("watchdog.outcome").ShouldBe("failed");
        var detail = rollback.GetTagItem("watchdog.detail").ShouldBeOfType<string>();
        detail.ShouldNotContain(RunbookHarness.Secret);
        detail.ShouldNotContain("second line");
        rollback.StatusDescription.ShouldNotBeNull().ShouldNotContain(RunbookHarness.Secret);
        var run = _spans.Single(s => s.DisplayName == "incident run");
        run.Status.ShouldBe(ActivityStatusCode.Error);
        run.GetTagItem("watchdog.incident.state").ShouldBe("Failed");
    }

    [Fact]
    public void TheTraceId_IsAFunctionOfTheIncidentIdAlone() =>
        IncidentTrace.Root("20261202-120153-213-api").ShouldBe(IncidentTrace.Root("20261202-120153-213-api"));
}
