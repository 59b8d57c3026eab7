using Watchdog.Core.Ports;

namespace Watchdog.Integrations.Tests.Flags;

/// <summary>
/// What every flag switch must do, wherever its flags live: turn a known flag off (and say so in the service's name),
/// turn an already-off flag off again as a success, and refuse — as an outcome, not an exception — a flag it does not
/// know. Each service's class derives from this (or from <see cref="HttpFlagConformance"/>) with a peer that speaks
/// its documented API, or a real file for flagd.
/// </summary>
public abstract class FlagConformance : IAsyncLifetime
{
    /// <summary>A flag the peer knows, on.</summary>
    protected const string KnownFlag = "new-checkout";

    /// <summary>A flag the peer has never heard of.</summary>
    protected const string UnknownFlag = "no-such-flag";

    protected IFlagSwitch Switch { get; private set; } = null!;

    /// <summary>Whether the service's own state shows <paramref name="flag"/> off now.</summary>
    protected abstract bool IsOffAtThePeer(string flag);

    /// <summary>How many times the service's state was changed.</summary>
    protected abstract int Changes { get; }

    protected abstract Task<IFlagSwitch> StartAsync();

    public virtual async Task InitializeAsync() => Switch = await StartAsync();

    public virtual Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task TurnOff_KnownFlag_IsOffAtTheServiceAndSaysWhere()
    {
        var outcome = await Switch.TurnOffAsync(KnownFlag, CancellationToken.None);

        outcome.Result.ShouldBe(FlagResult.TurnedOff, outcome.Detail);
        outcome.Detail.ShouldContain($"flag {KnownFlag} turned off at {Switch.Name}");
        IsOffAtThePeer(KnownFlag).ShouldBeTrue();
    }

    [Fact]
    public async Task TurnOff_Twice_SecondIsASuccessToo()
    {
        (await Switch.TurnOffAsync(KnownFlag, CancellationToken.None)).TurnedOff.ShouldBeTrue();

        var again = await Switch.TurnOffAsync(KnownFlag, CancellationToken.None);

        again.Result.ShouldBe(FlagResult.TurnedOff, again.Detail);
        IsOffAtThePeer(KnownFlag).ShouldBeTrue();
    }

    [Fact]
    public async Task TurnOff_UnknownFlag_RefusedNamingIt()
    {
        var outcome = await Switch.TurnOffAsync(UnknownFlag, CancellationToken.None);

        outcome.Result.ShouldBe(FlagResult.Refused);
        outcome.Detail.ShouldContain(UnknownFlag);
        Changes.ShouldBe(0);
    }
}
