using System.Text.Json;
using System.Text.Json.Serialization;

namespace Watchdog.Http;

// The HTTP API's JSON, as named records: the same contracts serialize in the JIT build and the native one (the source
// generator needs named types; an anonymous type serializes as {} once trimmed). Property order is the wire order.

/// <summary>Every refusal: <c>{"error": "..."}</c>.</summary>
public sealed record ApiError(string Error);

/// <summary>One service in <c>GET /api/services</c>.</summary>
public sealed record ServiceView(
    string Service, string? OpenIncident, IReadOnlyList<ReadingView> Readings, IReadOnlyList<RuleView> Rules,
    IReadOnlyList<SourceView> Sources, IReadOnlyList<PushedAlertView> PushedAlerts, LiveView? Live, DateTimeOffset? LiveSince,
    IReadOnlyList<DeployNoteView> Deploys);

/// <param name="Note">What the value stands for when it is not the signal itself (Sentry's "event-count ratio").</param>
public sealed record ReadingView(
    string Signal, string? Source, string State, double? Value, string? Display, int Samples, DateTimeOffset At, string? Reason, string? Note);

public sealed record RuleView(string Name, string Status, string Why, string Explanation, BaselineView? Baseline);

public sealed record BaselineView(double Value, string Origin, string Description);

public sealed record SourceView(string Source, bool Blind, int ConsecutiveErrors, long Errors, DateTimeOffset? FailingSince, string? LastReason);

public sealed record PushedAlertView(string Source, string Key, string Meaning, string Summary, DateTimeOffset StartsAt);

public sealed record LiveView(string Id, string Version);

public sealed record DeployNoteView(DateTimeOffset At, string Text);

/// <summary>One row of <c>GET /api/incidents</c>; the CLI's <c>incidents</c> reads it back.</summary>
public sealed record IncidentSummary(
    string Id, string Service, string State, string Mode, bool IsOpen, bool Drill, string? Rule, string? Decision,
    string? FromVersion, string? ToVersion, DateTimeOffset OpenedAt, DateTimeOffset? ClosedAt);

/// <summary><c>GET /api/incidents/{id}</c>; the CLI's <c>incident show</c> reads it back.</summary>
public sealed record IncidentDetail(
    string Id, string Service, string State, string Mode, bool IsOpen, bool Drill, TriggerView Trigger, DecisionView? Decision,
    string? FromVersion, string? ToVersion, DateTimeOffset OpenedAt, DateTimeOffset ImpactStartedAt, DateTimeOffset DetectedAt,
    DateTimeOffset? RollbackStartedAt, DateTimeOffset? RestoredAt, DateTimeOffset? ClosedAt, MetricsView Metrics,
    IReadOnlyList<EventView> Timeline, IReadOnlyList<StepView> Steps);

public sealed record TriggerView(
    string Rule, string Meaning, string Summary, string? Signal, double? Value, double? Threshold, string? Window, string? HeldFor,
    double? Baseline, string? BaselineFrom, DateTimeOffset Since, DateTimeOffset DetectedAt);

public sealed record DecisionView(string Action, string Reason, string? Flag);

public sealed record MetricsView(double? TimeToDetectSeconds, double? TimeToInitiateSeconds, double? TimeToRestoreSeconds, double? ImpactDurationSeconds);

public sealed record EventView(int Seq, DateTimeOffset At, string Kind, string Message);

public sealed record StepView(string Key, string Status, int Attempt, DateTimeOffset StartedAt, DateTimeOffset? EndedAt, string? Output);

/// <summary><c>GET /api/freeze</c>: 423 while frozen.</summary>
public sealed record FreezeAnswer(bool Frozen, string? Reason, IReadOnlyList<FrozenService> Services);

/// <summary>202 to approve, veto and restore-database.</summary>
public sealed record ActionAccepted(string Incident, string Action, string Detail);

/// <summary>202 to a person's rollback of a service.</summary>
public sealed record RollbackAccepted(string Service, string? Incident, string Detail);

/// <summary>202 to a drill on request, once its incident is journaled.</summary>
public sealed record DrillStarted(string Service, string Incident, string Status);

/// <summary>A drill skipped or over at once: 409 or 200 with what its report says.</summary>
public sealed record DrillOver(string Service, string? Incident, string Outcome, string Summary);

/// <summary>202 to <c>POST /api/triggers</c>.</summary>
public sealed record TriggerAccepted(string Service, string Status, string? Incident, string? HeldBy, string? Passed);

/// <summary>What a person's request carries: who (into the timeline) and, for a rollback, where to.</summary>
public sealed record PersonBody(string? By, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? To = null);

/// <summary>An alert hook's answer: what was raised, refused (still 200) and ignored.</summary>
public sealed record HookAnswer(IReadOnlyList<string> Raised, IReadOnlyList<KeyReason> Refused, IReadOnlyList<KeyReason> Ignored, int TruncatedAlerts);

public sealed record KeyReason(string? Key, string Reason);

/// <summary>A deploy hook's answer; only the members its case has are written.</summary>
public sealed record DeployHookAnswer(
    bool Taken,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Ignored = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Refused = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Service = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Deployment = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? State = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Alerted = null);

/// <summary>
/// The HTTP API's one serialization context (web defaults, as ASP.NET Core's own): the host writes with it and the CLI
/// reads with it. It is the only resolver the host's JSON options have, so a type missing here fails in the JIT build's
/// tests exactly as it would in the native build.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ApiError))]
[JsonSerializable(typeof(ServiceView[]))]
[JsonSerializable(typeof(IncidentSummary[]))]
[JsonSerializable(typeof(IncidentDetail))]
[JsonSerializable(typeof(FreezeAnswer))]
[JsonSerializable(typeof(ActionAccepted))]
[JsonSerializable(typeof(RollbackAccepted))]
[JsonSerializable(typeof(DrillStarted))]
[JsonSerializable(typeof(DrillOver))]
[JsonSerializable(typeof(TriggerAccepted))]
[JsonSerializable(typeof(TriggerEndpoints.ManualTrigger))]
[JsonSerializable(typeof(PersonBody))]
[JsonSerializable(typeof(HookAnswer))]
[JsonSerializable(typeof(DeployHookAnswer))]
public sealed partial class ApiJson : JsonSerializerContext;
