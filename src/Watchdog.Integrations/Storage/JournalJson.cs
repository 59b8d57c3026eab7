using System.Text.Json;
using System.Text.Json.Serialization;
using Watchdog.Core.Rules;
using Watchdog.Core.Signals;
using Watchdog.Core.Incidents;

namespace Watchdog.Integrations.Storage;

// The journal's own shapes, so a change to Core's records breaks the build here instead of silently changing what old
// journals mean; and so derived members (Trigger.AffectedFraction) are not stored. Window is the rule's For (HeldFor),
// under the name older journals stored it by.
internal sealed record StoredTrigger(
    string Source, Meaning Meaning, string Summary, DateTimeOffset Since, DateTimeOffset DetectedAt,
    Signal? Signal, double? Value, double? Threshold, TimeSpan? Window, double? Baseline, string? BaselineFrom = null, TimeSpan? MeasuredOver = null,
    StoredJudgement? Judgement = null);

/// <summary>A RegressedFrom rule's judgement at detection, flat: what a later shadow record can keep as it is.</summary>
internal sealed record StoredJudgement(
    JudgeOutcome Outcome, string? Release, List<StoredRankTest> Tests, int Look, int MaxLooks, double Alpha, double MinEffect, string? Reason, bool MissingBaseline)
{
    public static StoredJudgement From(Judgement j) => new(j.Outcome, j.Release,
        [.. j.Tests.Select(t => new StoredRankTest(t.Against, t.Test.U, t.Test.Z, t.Test.P, t.Test.Shift, t.Test.NNew, t.Test.NBaseline))],
        j.Look, j.MaxLooks, j.Alpha, j.MinEffect, j.Reason, j.MissingBaseline);

    public Judgement ToJudgement() => new(Outcome, Release,
        [.. (Tests ?? []).Select(t => new JudgedAgainst(t.Against, new RankTest(t.U, t.Z, t.P, t.Shift, t.NNew, t.NBaseline)))],
        Look, MaxLooks, Alpha, MinEffect, Reason, MissingBaseline);
}

/// <summary>One Mann–Whitney test: U, its z and one-sided p, the Hodges–Lehmann shift, and the samples each side.</summary>
internal sealed record StoredRankTest(string Against, double U, double Z, double P, double Shift, int NNew, int NBaseline);

/// <summary><see cref="Trigger"/> is null when the decision was made on the incident's own trigger (the usual case).</summary>
internal sealed record StoredDecision(RunbookAction Action, string Reason, string? Flag, StoredTrigger? Trigger, string? Target = null, string? FlagTried = null,
    string? PersonDecides = null);

// Named floating-point literals: a NaN reading must not make a journal write throw in the middle of a rollback.
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(StoredTrigger))]
[JsonSerializable(typeof(StoredDecision))]
internal sealed partial class JournalJsonContext : JsonSerializerContext;

/// <summary>Trigger and decision as JSON columns; a decision's trigger is stored once when it is the incident's.</summary>
internal static class JournalJson
{
    public static string WriteTrigger(Trigger trigger) => JsonSerializer.Serialize(ToStored(trigger), JournalJsonContext.Default.StoredTrigger);

    public static Trigger ReadTrigger(string json) =>
        FromStored(JsonSerializer.Deserialize(json, JournalJsonContext.Default.StoredTrigger) ?? throw new JsonException("The trigger is null."));

    public static string? WriteDecision(Decision? decision, Trigger incidentTrigger) => decision is null
        ? null
        : JsonSerializer.Serialize(
            new StoredDecision(decision.Action, decision.Reason, decision.Flag, decision.Trigger == incidentTrigger ? null : ToStored(decision.Trigger), decision.Target, decision.FlagTried, decision.PersonDecides),
            JournalJsonContext.Default.StoredDecision);

    public static Decision? ReadDecision(string? json, Trigger incidentTrigger)
    {
        if (json is null) return null;
        var stored = JsonSerializer.Deserialize(json, JournalJsonContext.Default.StoredDecision) ?? throw new JsonException("The decision is null.");
        return new Decision(stored.Action, stored.Reason, stored.Trigger is { } own ? FromStored(own) : incidentTrigger, stored.Flag) { Target = stored.Target, FlagTried = stored.FlagTried, PersonDecides = stored.PersonDecides };
    }

    private static StoredTrigger ToStored(Trigger t) =>
        new(t.Source, t.Meaning, t.Summary, t.Since, t.DetectedAt, t.Signal, t.Value, t.Threshold, t.HeldFor, t.Baseline, t.BaselineFrom, t.MeasuredOver,
            t.Judgement is { } j ? StoredJudgement.From(j) : null);

    private static Trigger FromStored(StoredTrigger t) =>
        new(t.Source, t.Meaning, t.Summary, t.Since, t.DetectedAt, t.Signal, t.Value, t.Threshold, t.Window, t.Baseline, t.BaselineFrom)
        {
            MeasuredOver = t.MeasuredOver,
            Judgement = t.Judgement?.ToJudgement(),
        };
}
