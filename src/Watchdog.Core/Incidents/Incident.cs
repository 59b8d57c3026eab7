namespace Watchdog.Core.Incidents;

/// <summary>
/// One trip of one service, from detection to its end, with every event and runbook step. It stays
/// open after Escalated or Failed until the service is healthy again, so a breach that goes on
/// never opens a second incident or a second rollback.
/// </summary>
public sealed class Incident
{
    private readonly List<TimelineEvent> _timeline = [];
    private readonly Dictionary<string, StepRecord> _steps = new(StringComparer.Ordinal);

    public Incident(string id, string service, Mode mode, Trigger trigger, DateTimeOffset openedAt)
    {
        Id = id;
        Service = service;
        Mode = mode;
        Trigger = trigger;
        OpenedAt = openedAt;
        ImpactStartedAt = trigger.Since;
        DetectedAt = trigger.DetectedAt;
    }

    public string Id { get; }

    public string Service { get; }

    public Mode Mode { get; }

    public Trigger Trigger { get; }

    /// <summary>A scheduled rehearsal of the runbook (a drill), not an emergency: it never counts against the budget.</summary>
    public bool Drill { get; init; }

    /// <summary>
    /// The fencing token of the lease the next save is made under: the journal refuses the save when the service's
    /// lease has moved on to another token (another instance took over). 0 saves unfenced (one Watchdog on its own).
    /// Not stored with the incident: each step keeps the token it ran under.
    /// </summary>
    public long Fence { get; set; }

    public IncidentState State { get; private set; } = IncidentState.Detected;

    public Decision? Decision { get; private set; }

    /// <summary>The live deployment when the incident began (the bad one, when rolled back).</summary>
    public string? FromVersion { get; set; }

    /// <summary>The deployment rolled back to.</summary>
    public string? ToVersion { get; set; }

    /// <summary>The provider's id of the deployment being made live (the rollback target, or the live one when a flag is disabled).</summary>
    public string? TargetDeploymentId { get; set; }

    /// <summary>Why that target ("seen live and healthy for 30m"), for the announcement; the identify step's output keeps it in the journal.</summary>
    public string? TargetBasis { get; set; }

    public DateTimeOffset OpenedAt { get; }

    public DateTimeOffset ImpactStartedAt { get; }

    public DateTimeOffset DetectedAt { get; }

    public DateTimeOffset? RollbackStartedAt { get; set; }

    public DateTimeOffset? RestoredAt { get; set; }

    /// <summary>When Watchdog stopped watching this incident; null while it is open.</summary>
    public DateTimeOffset? ClosedAt { get; private set; }

    public bool IsOpen => ClosedAt is null;

    public IReadOnlyList<TimelineEvent> Timeline => _timeline;

    public IReadOnlyCollection<StepRecord> Steps => _steps.Values;

    public RollbackMetrics Metrics => RollbackMetrics.Of(this);

    public void Record(DateTimeOffset at, TimelineKind kind, string message) =>
        _timeline.Add(new TimelineEvent(_timeline.Count + 1, at, kind, message));

    /// <summary>When the incident entered its current state: every move records a state line, so the last one says.</summary>
    public DateTimeOffset StateSince
    {
        get
        {
            for (var i = _timeline.Count - 1; i >= 0; i--)
            {
                if (_timeline[i].Kind == TimelineKind.State) return _timeline[i].At;
            }

            return OpenedAt;
        }
    }

    public void MoveTo(IncidentState to, DateTimeOffset at, string why)
    {
        if (!IncidentTransitions.CanMove(State, to))
            throw new InvalidOperationException($"Incident {Id} cannot move from {State} to {to}.");
        State = to;
        Record(at, TimelineKind.State, $"{to}: {why}");
        if (to == IncidentState.Resolved)
            ClosedAt = at;
    }

    public void Decide(Decision decision, DateTimeOffset at)
    {
        Decision = decision;
        MoveTo(IncidentState.Decided, at, $"{decision.Action}: {decision.Reason}");
    }

    /// <summary>Ends watching an Escalated or Failed incident once the service is healthy again.</summary>
    public void Close(DateTimeOffset at, string why)
    {
        if (!IsOpen) return;
        ClosedAt = at;
        Record(at, TimelineKind.Closed, why);
    }

    public StepRecord? Step(string key) => _steps.GetValueOrDefault(key);

    /// <summary>The journal key of the rollback step; a fallback provider's is <c>rollback:{provider}</c>.</summary>
    public const string RollbackStep = "rollback";

    /// <summary>Added to the journal key of each step of a rollback that falls through from a flag disable, so it runs anew.</summary>
    public const string AfterFlagSuffix = ":after-flag";

    public static bool IsRollbackStep(string key) =>
        key == RollbackStep || (key.StartsWith(RollbackStep, StringComparison.Ordinal) && key.Length > RollbackStep.Length && key[RollbackStep.Length] == ':');

    /// <summary>Whether a provider made the rollback target live (one of the chain's rollback steps succeeded).</summary>
    public bool TargetLive => _steps.Values.Any(s => s.Status == StepStatus.Succeeded && IsRollbackStep(s.Key));

    /// <summary>What is live as far as the journal knows: the target once a rollback went through, else what was live when it began.</summary>
    public string? LiveVersion => TargetLive ? ToVersion : FromVersion;

    public void SetStep(StepRecord step) => _steps[step.Key] = step;

    /// <summary>Rebuilds an incident from the journal.</summary>
    public static Incident Restore(
        string id, string service, Mode mode, Trigger trigger, DateTimeOffset openedAt, IncidentState state, Decision? decision,
        DateTimeOffset? closedAt, IEnumerable<TimelineEvent> timeline, IEnumerable<StepRecord> steps, bool drill = false)
    {
        var incident = new Incident(id, service, mode, trigger, openedAt) { State = state, Decision = decision, ClosedAt = closedAt, Drill = drill };
        incident._timeline.AddRange(timeline.OrderBy(e => e.Seq));
        foreach (var s in steps) incident._steps[s.Key] = s;
        return incident;
    }
}
