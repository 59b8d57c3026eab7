using BenchmarkDotNet.Attributes;
using Watchdog.Core.Rules;
using Watchdog.Core.Signals;

namespace Watchdog.Benchmarks;

/// <summary>
/// The hot path of every poll: one reading judged by one rule, and one service's batch of readings
/// judged by its rule set. Targets: at least 5 M readings/s per core and nothing allocated.
/// </summary>
[MemoryDiagnoser]
public class RuleEvaluationBenchmarks
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    private readonly Rule _errorRate = Rule.Defaults[0];
    private Reading _breach;
    private Reading _healthy;
    private Reading _tooFew;
    private RuleState _breachState;
    private RuleState _healthyState;
    private RuleState _tooFewState;

    private Reading[] _batch = [];
    private RuleSet _ruleSet = null!;
    private RuleSet _withBaseline = null!;
    private BaselineBook _book = null!;
    private static readonly Rule Latency = new("latency", Signal.LatencyP95, Comparison.AboveBaselineBy, 0.5, TimeSpan.FromMinutes(5), 10, Meaning.Performance);
    private DateTimeOffset _at;

    [GlobalSetup]
    public void Setup()
    {
        _breach = Reading.Of(Signal.ErrorRate, 0.25, 200, Now);    // 25% > 10%: pending, then firing
        _healthy = Reading.Of(Signal.ErrorRate, 0.01, 200, Now);   // 1%: inactive
        _tooFew = Reading.Of(Signal.ErrorRate, 0.50, 3, Now);      // 3 samples < 10: inconclusive
        _breachState = default;
        _healthyState = default;
        _tooFewState = default;

        // What one health poll produces: a reading of each signal.
        _batch =
        [
            Reading.Of(Signal.ErrorRate, 0.02, 30, Now),
            Reading.Of(Signal.Availability, 0.99, 30, Now),
            Reading.Of(Signal.LatencyP95, 0.120, 30, Now),
            Reading.Of(Signal.Up, 1, 1, Now),
        ];
        _ruleSet = new RuleSet(Rule.Defaults);
        _at = Now;

        // The defaults plus a latency rule whose baseline was measured over the last hour (360 healthy ticks).
        _withBaseline = new RuleSet([.. Rule.Defaults, Latency]);
        for (var i = 0; i < 360; i++)
        {
            var at = Now.AddSeconds(-10 * (360 - i));
            _withBaseline.Baselines.Observe([Reading.Of(Signal.LatencyP95, 0.100 + i % 7 * 0.005, 30, at)], [], incidentOpen: false, at);
        }

        _book = new BaselineBook([Latency], null, new BaselineSettings());
    }

    /// <summary>The batch against the defaults and a latency rule judged against its trailing-window baseline.</summary>
    [Benchmark, ReadingsPerOperation(4)]
    public RuleStatus RuleSetBatchWithBaseline()
    {
        var verdicts = _withBaseline.Evaluate(_batch, _at);
        var worst = RuleStatus.Inactive;
        foreach (ref readonly var v in verdicts)
        {
            if (v.Status > worst) worst = v.Status;
        }

        return worst;
    }

    /// <summary>A healthy tick counted towards the baselines: what every poll adds when a latency rule is configured.</summary>
    [Benchmark, ReadingsPerOperation(4)]
    public bool BaselineObserve()
    {
        _at = _at.AddSeconds(10);
        _book.Observe(_batch, [], incidentOpen: false, _at);
        return _book.Dirty;
    }

    [Benchmark, ReadingsPerOperation(1)]
    public Verdict Breach() => RuleEvaluator.Evaluate(_errorRate, in _breach, ref _breachState);

    [Benchmark(Baseline = true), ReadingsPerOperation(1)]
    public Verdict Healthy() => RuleEvaluator.Evaluate(_errorRate, in _healthy, ref _healthyState);

    [Benchmark, ReadingsPerOperation(1)]
    public Verdict Inconclusive() => RuleEvaluator.Evaluate(_errorRate, in _tooFew, ref _tooFewState);

    /// <summary>4 readings against the 3 default rules (each rule picks its signal's newest reading).</summary>
    [Benchmark, ReadingsPerOperation(4)]
    public RuleStatus RuleSetBatch()
    {
        var verdicts = _ruleSet.Evaluate(_batch, _at);
        var worst = RuleStatus.Inactive;
        foreach (ref readonly var v in verdicts)
        {
            if (v.Status > worst) worst = v.Status;
        }

        return worst;
    }
}
