using Watchdog.Core.Ports;
using Watchdog.Core.Signals;
using Watchdog.Core.Releases;

namespace Watchdog.Core.Tests.Fakes;

/// <summary>A stabilization step or smoke test with a fixed outcome that counts its runs.</summary>
/// <param name="ran">Called as it runs (to note the order of several, or what else had happened by then).</param>
public sealed class FakeTask(string name, bool ok = true, string? detail = null, Action? ran = null) : IRunbookTask
{
    private int _runs;

    public string Name => name;

    public int Runs => Volatile.Read(ref _runs);

    public Task<StepOutcome> RunAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _runs);
        ran?.Invoke();
        return Task.FromResult(new StepOutcome(ok, detail ?? (ok ? $"{name} passed" : $"{name} failed")));
    }
}

/// <summary>A command that never answers; only cancellation ends it.</summary>
public sealed class HangingTask(string name) : IRunbookTask
{
    public string Name => name;

    public async Task<StepOutcome> RunAsync(CancellationToken cancellationToken)
    {
        await Task.Delay(Timeout.Infinite, cancellationToken);
        return StepOutcome.Success("unreachable");
    }
}

/// <summary>A <c>migrate resolve --rolled-back</c> command that records the migrations it was given.</summary>
public sealed class FakeMigrationResolve(bool namesMigration = true, bool ok = true, Action? ran = null) : IMigrationResolve
{
    private readonly List<string?> _calls = [];

    public bool NamesMigration => namesMigration;

    public IReadOnlyList<string?> Calls
    {
        get { lock (_calls) return [.. _calls]; }
    }

    public Task<StepOutcome> ResolveAsync(string? migration, CancellationToken cancellationToken)
    {
        lock (_calls) _calls.Add(migration);
        ran?.Invoke();
        return Task.FromResult(new StepOutcome(ok, ok ? $"migration {migration} marked as rolled back" : "P3011: migration not found"));
    }
}

public sealed class FakeVerifier : IVerifier
{
    private readonly List<Deployment> _calls = [];

    public Func<Deployment, StepOutcome> Outcome { get; set; } = d => StepOutcome.Success($"{d.Version} healthy, error rate 0.2%");

    public IReadOnlyList<Deployment> Calls
    {
        get { lock (_calls) return [.. _calls]; }
    }

    public Task<StepOutcome> VerifyAsync(Deployment expected, CancellationToken cancellationToken)
    {
        lock (_calls) _calls.Add(expected);
        return Task.FromResult(Outcome(expected));
    }
}

public sealed class FakeSignalSource(string name = "fake-source") : ISignalSource
{
    private int _resets;

    public string Name => name;

    public IReadOnlyList<Reading> Next { get; set; } = [];

    public int Resets => Volatile.Read(ref _resets);

    public int Reads => Volatile.Read(ref _reads);

    private int _reads;

    public Task<IReadOnlyList<Reading>> ReadAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _reads);
        return Task.FromResult(Next);
    }

    public void Reset() => Interlocked.Increment(ref _resets);
}
