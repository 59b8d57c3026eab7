using Watchdog.Core.Ports;

namespace Watchdog.Core.Tests.Fakes;

/// <summary>A flag service that answers as told and records what it was asked to turn off.</summary>
public sealed class FakeFlagSwitch(string name = "LaunchDarkly") : IFlagSwitch
{
    private readonly List<string> _calls = [];

    public string Name => name;

    public Func<string, FlagOutcome> Answer { get; set; } = flag => FlagOutcome.Off($"flag {flag} turned off at {name} in production");

    public IReadOnlyList<string> Calls
    {
        get { lock (_calls) return [.. _calls]; }
    }

    public Task<FlagOutcome> TurnOffAsync(string flag, CancellationToken cancellationToken)
    {
        lock (_calls) _calls.Add(flag);
        return Task.FromResult(Answer(flag));
    }
}
