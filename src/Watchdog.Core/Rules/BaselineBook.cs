using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Watchdog.Core.Signals;
using Watchdog.Core.Releases;

namespace Watchdog.Core.Rules;

/// <summary>
/// Measures the baselines of one service's <see cref="Comparison.AboveBaselineBy"/> rules from its own healthy
/// readings: per deployment (so the next deployment is judged against the one before it) and over a trailing
/// window (the fallback while no deployment has been measured). Only readings taken while no incident is open
/// and no rule is breaching count, so a slow regression never becomes its own baseline. It also keeps the samples
/// the <see cref="Comparison.RegressedFrom"/> rules are judged on (<see cref="ReleaseSamples"/>).
/// </summary>
public sealed class BaselineBook
{
    /// <summary>Per deployment, the newest healthy readings kept (two hours at a 10 s poll); the median is over these.</summary>
    private const int MaxPerDeployment = 720;

    private readonly BaselineSettings _settings;
    private readonly Track[] _tracks;
    private readonly ReleaseSamples[] _judged;
    private DeploymentRef? _live;
    private string? _liveName; // "v1.2 (dep-c)", made once a deployment: the judge names it every tick

    public BaselineBook(IReadOnlyList<Rule> rules, IReadOnlyDictionary<string, double>? configured, BaselineSettings settings)
    {
        _settings = settings;
        _tracks = [.. rules.Where(r => r.Comparison == Comparison.AboveBaselineBy)
            .Select(r => new Track(r, configured is not null && configured.TryGetValue(r.Name, out var b) ? Baseline.Configured(b) : null))];
        _judged = [.. rules.Where(r => r.Comparison == Comparison.RegressedFrom).Select(r => new ReleaseSamples(r, r.Judge ?? new JudgeSettings()))];
    }

    /// <summary>Whether any rule compares with a baseline, so which deployment is live matters.</summary>
    public bool Measures => _tracks.Length > 0 || _judged.Length > 0;

    /// <summary>What the judge concluded of the live release for a <see cref="Comparison.RegressedFrom"/> rule; null for another rule.</summary>
    public Judgement? Judge(Rule rule)
    {
        foreach (var samples in _judged)
            if (samples.Rule == rule) return samples.Current(_liveName);
        return null;
    }

    /// <summary>Whether anything changed since the last <see cref="Save"/>.</summary>
    public bool Dirty { get; private set; }

    /// <summary>The baseline each rule compares with now, best origin first; null when there is none yet.</summary>
    public Baseline? For(Rule rule, DateTimeOffset now)
    {
        // A loop, not Array.Find: rules are judged every tick, and a capturing lambda allocates each time.
        foreach (var track in _tracks)
            if (track.Rule == rule) return track.Current(_settings, now);
        return null;
    }

    /// <summary>Counts this tick's readings towards the baselines if the service was healthy.</summary>
    public void Observe(IReadOnlyList<Reading> readings, ReadOnlySpan<Verdict> verdicts, bool incidentOpen, DateTimeOffset now)
    {
        var healthy = !incidentOpen;
        foreach (var v in verdicts)
            if (v.Status is RuleStatus.Pending or RuleStatus.Firing) healthy = false;
        // The live release's own samples count healthy or not: a regression must not hide its own evidence.
        foreach (var samples in _judged)
            if (samples.Sample(RuleSet.Newest(samples.Rule, readings, now), healthy, _liveName)) Dirty = true;
        if (_tracks.Length == 0 || !healthy) return;

        foreach (var track in _tracks)
        {
            for (var i = 0; i < readings.Count; i++) // by index: an IReadOnlyList enumerator is boxed
            {
                var r = readings[i];
                if (r.Signal != track.Rule.Signal || !r.HasValue || r.Samples < track.Rule.MinSamples) continue;
                if (track.Rule.Source is { } source && r.Source != source) continue;
                track.Add(r.At, r.Value, _settings, now);
                Dirty = true;
                break;
            }
        }
    }

    /// <summary>
    /// The provider says <paramref name="live"/> is live. When that is a new deployment, what was measured of the
    /// one before becomes the baseline, unless it was quarantined (a bad release is nobody's baseline) or too little was seen.
    /// </summary>
    public void Deployed(Deployment live, IReadOnlySet<string> quarantined)
    {
        if (_live?.Id == live.Id)
        {
            _liveName ??= _live.ToString(); // judged afresh since JudgeAfresh
            return;
        }

        var before = _live;
        _live = new DeploymentRef(live.Id, live.Version);
        _liveName = _live.ToString();
        Dirty = true;
        foreach (var track in _tracks)
            track.Roll(before, quarantined, _settings.MinReadings);
        var bad = before is not null && (quarantined.Contains(before.Id) || quarantined.Contains(before.Version));
        foreach (var samples in _judged)
            samples.Roll(before?.ToString(), bad);
    }

    /// <summary>
    /// After a rollback or a flag turned off: what the judge concluded of the release is over. Until the next live
    /// check says which release is live, nothing is judged, and no reading counts as that release's.
    /// </summary>
    public void JudgeAfresh()
    {
        if (_judged.Length == 0) return;
        _liveName = null;
        foreach (var samples in _judged) samples.Restart();
    }

    public string Save()
    {
        Dirty = false;
        return JsonSerializer.Serialize(new Saved(_live, _tracks.ToDictionary(t => t.Rule.Name, t => (SavedTrack?)t.Save()))
        {
            Judged = _judged.ToDictionary(j => j.Rule.Name, j => (SavedSamples?)j.Save()),
        }, BaselineJsonContext.Default.Saved);
    }

    /// <summary>Takes back what <see cref="Save"/> wrote before a restart; what cannot be read is ignored (baselines are measured again).</summary>
    public void Load(string json)
    {
        Saved? saved;
        try
        {
            saved = JsonSerializer.Deserialize(json, BaselineJsonContext.Default.Saved);
        }
        catch (JsonException)
        {
            return;
        }

        if (saved?.Rules is null) return;
        _live = saved.Live;
        _liveName = _live?.ToString();
        foreach (var track in _tracks)
            if (saved.Rules.TryGetValue(track.Rule.Name, out var s) && s is not null) track.Load(s);
        foreach (var samples in _judged)
            if (saved.Judged?.TryGetValue(samples.Rule.Name, out var s) == true && s is not null) samples.Load(s);
    }

    public static string LedgerScope => "baselines";

    internal sealed record DeploymentRef(string Id, string Version)
    {
        public override string ToString() => Id == Version ? Id : $"{Version} ({Id})";
    }

    /// <summary>What was measured of one deployment while it was live and healthy.</summary>
    internal sealed record Measured(DeploymentRef Deployment, double Median, int Readings, DateTimeOffset From, DateTimeOffset To);

    internal sealed record SavedTrack(List<double> Values, DateTimeOffset? From, DateTimeOffset? To, Measured? Previous);

    /// <summary>What the ledger keeps; <see cref="Judged"/> came later, so an older saving without it still loads.</summary>
    internal sealed record Saved(DeploymentRef? Live, Dictionary<string, SavedTrack?> Rules)
    {
        public Dictionary<string, SavedSamples?>? Judged { get; init; }
    }

    private sealed class Track(Rule rule, Baseline? configured)
    {
        private readonly Queue<(DateTimeOffset At, double Value)> _trailing = new();
        private List<double> _deployment = [];
        private DateTimeOffset? _from, _to;
        private Measured? _previous;
        private Baseline? _cached;
        private bool _stale = true;

        public Rule Rule { get; } = rule;

        public void Add(DateTimeOffset at, double value, BaselineSettings settings, DateTimeOffset now)
        {
            _trailing.Enqueue((at, value));
            Prune(settings, now);
            _stale = true;
            if (_deployment.Count == MaxPerDeployment) _deployment.RemoveAt(0);
            _deployment.Add(value);
            _from ??= at;
            _to = at;
        }

        public void Roll(DeploymentRef? before, IReadOnlySet<string> quarantined, int minReadings)
        {
            if (before is not null && _deployment.Count >= minReadings && !quarantined.Contains(before.Id) && !quarantined.Contains(before.Version))
                _previous = new Measured(before, Median(_deployment), _deployment.Count, _from ?? default, _to ?? default);
            _deployment = [];
            _from = _to = null;
            _stale = true;
        }

        /// <summary>Built again only when a reading came or went: rules are judged every tick and should not allocate.</summary>
        public Baseline? Current(BaselineSettings settings, DateTimeOffset now)
        {
            Prune(settings, now);
            if (_stale) (_cached, _stale) = (Build(settings), false);
            return _cached;
        }

        private Baseline? Build(BaselineSettings settings)
        {
            if (_previous is { } p)
                return new Baseline(p.Median, BaselineOrigin.PreviousDeployment,
                    $"deployment {p.Deployment} while live and healthy: median of {p.Readings} readings {p.From:MM-dd HH:mm}–{p.To:MM-dd HH:mm}Z");
            if (_trailing.Count >= settings.MinReadings)
                return new Baseline(Median(_trailing.Select(t => t.Value)), BaselineOrigin.TrailingWindow,
                    $"trailing {SignalFormat.Duration(settings.Window)}: median of {_trailing.Count.ToString(CultureInfo.InvariantCulture)} healthy readings");
            return configured;
        }

        public SavedTrack Save() => new([.. _deployment], _from, _to, _previous);

        public void Load(SavedTrack saved)
        {
            _deployment = [.. (saved.Values ?? []).Where(double.IsFinite).TakeLast(MaxPerDeployment)];
            (_from, _to) = _deployment.Count > 0 ? (saved.From, saved.To) : (null, null);
            _previous = saved.Previous is { Deployment: not null } p && double.IsFinite(p.Median) && p.Median > 0 ? p : null;
            _stale = true;
        }

        private void Prune(BaselineSettings settings, DateTimeOffset now)
        {
            while (_trailing.TryPeek(out var oldest) && now - oldest.At > settings.Window)
            {
                _trailing.Dequeue();
                _stale = true;
            }
        }

        private static double Median(IEnumerable<double> values)
        {
            var sorted = values.Order().ToArray();
            var mid = sorted.Length / 2;
            return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        }
    }
}
