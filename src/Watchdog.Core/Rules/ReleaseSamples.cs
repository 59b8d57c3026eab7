using Watchdog.Core.Signals;

namespace Watchdog.Core.Rules;

/// <summary>
/// What one <see cref="Comparison.RegressedFrom"/> rule knows of its signal: the live release's samples (all of
/// them, healthy or not, up to the last look), the healthy ones that will be the next release's baseline, the previous
/// release's, and the healthy samples by hour of the week. A reading is a sample only once its window no longer
/// overlaps the last sample's (and the first window after a deploy, which still holds the release before, is
/// skipped): overlapping windows share requests, and correlated samples would make every p-value too small.
/// </summary>
public sealed class ReleaseSamples(Rule rule, JudgeSettings settings)
{
    /// <summary>A release's healthy samples kept for the next one to be judged against (four hours at a minute's spacing).</summary>
    private const int KeptPerRelease = 240;

    private List<double> _live = [];
    private DateTimeOffset? _liveFrom, _liveTo, _lastSampleAt;
    private bool _fresh = true;
    private List<double> _healthy = [];
    private DateTimeOffset? _healthyTo;
    private SavedRelease? _previous;
    private readonly HourlySamples _hours = new();
    private int _looks;
    private Judgement? _held;

    public Rule Rule { get; } = rule;

    public JudgeSettings Settings { get; } = settings;

    private int Kept => Math.Max(KeptPerRelease, Settings.MinReadings);

    private Judgement? _unknown;

    /// <summary>The live release's judgement as of its last sample; made once and kept, as rules are judged every tick.</summary>
    public Judgement Current(string? release) =>
        release is null ? _unknown ??= Judgement.Inconclusive(null, 0, Settings, "which release is live is not known yet", missingBaseline: true)
        : _held ??= Judgement.Inconclusive(release, 0, Settings, $"only 0 readings of {release} so far, needs {Settings.MinReadings}");

    /// <summary>Takes the reading as a sample if it is one; <paramref name="healthy"/> ones also count towards baselines. Returns whether it was.</summary>
    public bool Sample(in Reading reading, bool healthy, string? release)
    {
        if (!reading.HasValue || !double.IsFinite(reading.Value) || reading.Samples < Rule.MinSamples) return false;
        if (_fresh)
        {
            // The first window after a deploy sums up the release before too: the next sample starts after it.
            (_fresh, _lastSampleAt) = (false, reading.At);
            return false;
        }

        if (reading.Window is { } window && _lastSampleAt is { } last && reading.At - last < window) return false;
        _lastSampleAt = reading.At;
        // A microsecond or a millionth is finer than any regression; the ledger keeps a week of these, so short numbers.
        var value = Math.Round(reading.Value, 6);
        if (release is not null && _live.Count < Settings.MinReadings * Settings.MaxLooks)
        {
            _live.Add(value);
            _liveFrom ??= reading.At;
            _liveTo = reading.At;
            Consider(release);
        }

        if (!healthy) return true;
        _hours.Add(reading.At, value);
        if (release is null) return true; // whose it is is not known: no release's baseline
        if (_healthy.Count == Kept) _healthy.RemoveAt(0);
        _healthy.Add(value);
        _healthyTo = reading.At;
        return true;
    }

    /// <summary>A new release is live: the one before becomes the baseline unless it was bad or too briefly seen.</summary>
    public void Roll(string? before, bool quarantined)
    {
        if (before is not null && !quarantined && _healthy.Count >= Settings.MinReadings)
            _previous = new SavedRelease(before, [.. _healthy], _healthyTo ?? default);
        (_healthy, _healthyTo) = ([], null);
        Restart();
    }

    /// <summary>Forgets the live release's samples and verdict (its healthy ones stay, for the roll to the next release).</summary>
    public void Restart()
    {
        _live = [];
        (_liveFrom, _liveTo) = (null, null);
        (_looks, _held, _fresh) = (0, null, true);
    }

    /// <summary>A look when one is due: at every <see cref="JudgeSettings.MinReadings"/> samples, until regressed or out of looks.</summary>
    private void Consider(string release)
    {
        if (_held?.Outcome == JudgeOutcome.Regressed || _looks >= Settings.MaxLooks) return;
        if (_live.Count < Settings.MinReadings * (_looks + 1))
        {
            if (_looks == 0) _held = Judgement.Inconclusive(release, 0, Settings, $"only {_live.Count} readings of {release} so far, needs {Settings.MinReadings}");
            return;
        }

        var (baselines, missing) = Baselines();
        var judged = RegressionJudge.Look(_live, baselines, missing, Settings, _looks + 1, release);
        if (judged.Tests.Count > 0) _looks++;
        _held = judged;
    }

    private (List<BaselineSample>, List<string>) Baselines()
    {
        var baselines = new List<BaselineSample>();
        var missing = new List<string>();
        if (_previous is { } p) baselines.Add(new BaselineSample($"previous release {p.Release}, {p.Values.Count} healthy readings until {p.To:MM-dd HH:mm}Z", p.Values));
        else missing.Add("no previous release was measured");
        var (week, span) = _hours.WeekBefore(_liveFrom!.Value, _liveTo!.Value);
        if (span is not null) baselines.Add(new BaselineSample($"the same hours a week earlier, {span}", week));
        else missing.Add("no healthy readings the same hours a week earlier");
        return (baselines, missing);
    }

    public SavedSamples Save() => new([.. _live], _liveFrom, _liveTo, _lastSampleAt, _fresh, [.. _healthy], _healthyTo, _previous, _hours.Save(), _looks, _held);

    /// <summary>Takes back what <see cref="Save"/> wrote; values that are not numbers are dropped.</summary>
    public void Load(SavedSamples s)
    {
        _live = [.. (s.Live ?? []).Where(double.IsFinite).Take(Settings.MinReadings * Settings.MaxLooks)];
        (_liveFrom, _liveTo) = _live.Count > 0 ? (s.LiveFrom, s.LiveTo) : (null, null);
        (_lastSampleAt, _fresh) = (s.LastSampleAt, s.Fresh);
        _healthy = [.. (s.Healthy ?? []).Where(double.IsFinite).TakeLast(Kept)];
        _healthyTo = _healthy.Count > 0 ? s.HealthyTo : null;
        _previous = s.Previous is { Release: not null, Values: not null } p ? p with { Values = [.. p.Values.Where(double.IsFinite).TakeLast(Kept)] } : null;
        _hours.Load(s.Hours);
        (_looks, _held) = (Math.Clamp(s.Looks, 0, Settings.MaxLooks), s.Held);
    }
}

/// <summary>A release's newest healthy samples (the older ones dropped as it ran), kept to judge the next one against.</summary>
public sealed record SavedRelease(string Release, List<double> Values, DateTimeOffset To);

/// <summary>What <see cref="ReleaseSamples"/> keeps in the ledger across a restart.</summary>
public sealed record SavedSamples(
    List<double> Live, DateTimeOffset? LiveFrom, DateTimeOffset? LiveTo, DateTimeOffset? LastSampleAt, bool Fresh,
    List<double> Healthy, DateTimeOffset? HealthyTo,
    SavedRelease? Previous, List<SavedHour> Hours, int Looks, Judgement? Held);
