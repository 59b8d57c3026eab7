using Watchdog.Core.Incidents;
using Watchdog.Core.Ports;
using Watchdog.Core.Rules;
using Watchdog.Core.Runbook;
using Watchdog.Core.Signals;

namespace Watchdog.Core.Tests.Fakes;

/// <summary>A <see cref="ServiceWatch"/> for service "api" over fakes, fed error-rate and availability readings on a manual clock.</summary>
public sealed class WatchHarness
{
    public WatchHarness(Mode mode = Mode.Auto, IReadOnlyList<Rule>? rules = null, IReadOnlyDictionary<string, string>? flags = null,
        ILedger? ledger = null, BaselineSettings? baselines = null, IActionLinks? links = null, IJournalGate? journal = null)
    {
        _links = links;
        _journal = journal;
        _ledger = ledger;
        _baselines = baselines;
        R.Settings = R.Settings with { Mode = mode, FeatureFlags = flags ?? new Dictionary<string, string>() };
        Rules = rules ?? [TestData.ErrorRate, TestData.Availability];
    }

    public RunbookHarness R { get; } = new();

    public IReadOnlyList<Rule> Rules { get; }

    public FakeSignalSource Source { get; } = new();

    private readonly ILedger? _ledger;
    private readonly BaselineSettings? _baselines;
    private readonly IActionLinks? _links;
    private readonly IJournalGate? _journal;
    private ServiceWatch? _watch;

    public ServiceWatch Watch => _watch ??= new ServiceWatch(R.Runbook, new RuleSet(Rules, null, _baselines), [Source], R.Store, R.Fanout, R.Redactor, R.Clock, CancellationToken.None, _ledger, _links, _journal);

    public DateTimeOffset Now => R.Clock.GetUtcNow();

    public static Reading[] Values(DateTimeOffset at, double errorRate, double availability = 0.999) =>
        [Reading.Of(Signal.ErrorRate, errorRate, 100, at), Reading.Of(Signal.Availability, availability, 100, at)];

    public static Reading[] Blind(DateTimeOffset at) =>
        [Reading.Error(Signal.ErrorRate, at, "sentry: 503"), Reading.NoData(Signal.Availability, at, "no probes in window")];

    public static Reading[] NoData(DateTimeOffset at) =>
        [Reading.NoData(Signal.ErrorRate, at, "no requests in window"), Reading.NoData(Signal.Availability, at, "no probes in window")];

    /// <summary>One tick now, then lets any runbook it started finish.</summary>
    public async Task ObserveAsync(Reading[] readings)
    {
        await Watch.ObserveAsync(readings, CancellationToken.None);
        await R.Clock.RunUntil(Watch.Running, TimeSpan.FromSeconds(1));
    }

    public Task ObserveAsync(double errorRate, double availability = 0.999) => ObserveAsync(Values(Now, errorRate, availability));

    /// <summary>Ticks every <paramref name="every"/> (30 s by default) for <paramref name="duration"/>, first tick now.</summary>
    public async Task ObserveForAsync(TimeSpan duration, Func<DateTimeOffset, Reading[]> readings, TimeSpan? every = null)
    {
        var step = every ?? TimeSpan.FromSeconds(30);
        var end = Now + duration;
        while (true)
        {
            await ObserveAsync(readings(Now));
            if (Now + step > end) return;
            R.Clock.Advance(step);
        }
    }

    public Task BreachForAsync(TimeSpan duration, double errorRate = 0.6) => ObserveForAsync(duration, at => Values(at, errorRate));

    public async Task<IReadOnlyList<Incident>> IncidentsAsync() => await R.Store.ListAsync(100, CancellationToken.None);

    public async Task<Incident> OnlyIncidentAsync() => (await IncidentsAsync()).ShouldHaveSingleItem();
}
