using Watchdog.Core.Decisions;
using Watchdog.Core.Incidents;
using Watchdog.Core.Ports;
using Watchdog.Core.Runbook;
using Watchdog.Testing;
using static Watchdog.Core.Tests.Fakes.TestData;

namespace Watchdog.Core.Tests.Runbook;

/// <summary>What a poll of the flag service or the platform's variables calls a change, and a change heard twice kept once.</summary>
public sealed class ChangePollTests
{
    private static Dictionary<string, FlagState> Before(params FlagState[] flags) => flags.ToDictionary(f => f.Key);

    [Fact]
    public void Flags_TurnedOnOffOrChanged_DatedByTheServiceWhenItSaysANewerTime_ElseByThePoll()
    {
        var before = Before(new("a", false, "1", T0.AddHours(-1)), new("b", true, "4", null), new("c", true, "7", T0.AddHours(-1)), new("same", true, "2", null));

        var changes = ChangePoll.FlagChanges(before,
            [new("a", true, "2", T0.AddMinutes(-3)), new("b", false, "5", null), new("c", true, "8", T0.AddHours(-1)), new("same", true, "2", null), new("new", true, "1", null)],
            "LaunchDarkly", T0);

        changes.Select(c => (c.Flag, c.TurnedOn, c.At, c.Polled)).ShouldBe([
            ("a", true, T0.AddMinutes(-3), true), ("b", false, T0, true), ("c", false, T0, true), ("new", true, T0, true)]);
        changes[0].What.ShouldBe("flag a turned on at LaunchDarkly (found by polling)");
        changes[1].What.ShouldBe("flag b turned off at LaunchDarkly (found by polling; LaunchDarkly gives no newer time of change, so it is dated by the poll at 03:00:00Z)");
        changes[2].What.ShouldStartWith("flag c changed (version 7 to 8) at LaunchDarkly");
        changes[3].What.ShouldStartWith("flag new added, on, at LaunchDarkly");
    }

    [Fact]
    public void Variables_ChangedAddedRemoved_ByNameOnly_AndTheFirstLookTakesOnlyWhatThePlatformDatesWithinTheLookback()
    {
        var digest = VariableDigest.Of("s3cret");
        var first = new Dictionary<string, VariableState>
        {
            ["RECENT"] = new("RECENT", digest, T0.AddMinutes(-20)),
            ["OLD"] = new("OLD", digest, T0.AddHours(-3)),
            ["UNDATED"] = new("UNDATED", digest, null),
        };

        ChangePoll.VariableChanges(null, first, "Vercel", T0).Select(c => c.What)
            .ShouldBe(["variable RECENT changed at Vercel (dated by Vercel; found at Watchdog's first look since it started)"]);

        var next = new Dictionary<string, VariableState>
        {
            ["RECENT"] = new("RECENT", VariableDigest.Of("other"), T0.AddMinutes(1)),
            ["OLD"] = new("OLD", digest, T0.AddHours(-3)),
            ["ADDED"] = new("ADDED", digest, null),
        };
        var changes = ChangePoll.VariableChanges(first, next, "Vercel", T0.AddMinutes(2));

        changes.Select(c => (c.Kind, c.At)).ShouldAllBe(c => c.Kind == SuspectKind.Variable);
        changes.Select(c => c.What).ShouldBe([
            "variable RECENT changed at Vercel (found by polling)",
            "variable ADDED added at Vercel (found by polling; Vercel gives no newer time of change, so it is dated by the poll at 03:02:00Z)",
            "variable UNDATED removed at Vercel (found by polling)"]);
        changes[0].At.ShouldBe(T0.AddMinutes(1));
        changes.ShouldAllBe(c => !c.What.Contains("s3cret") && !c.What.Contains(digest));
    }

    [Fact]
    public void Merged_APolledChangeTheWebhookToldIsOneSuspect_TheWebhooks()
    {
        var told = new Change(SuspectKind.Flag, "flag x turned on at launchdarkly", T0, Flag: "x", TurnedOn: true);
        var polled = told with { What = "flag x turned on at LaunchDarkly (found by polling)", At = T0.AddMinutes(1), Polled = true };
        var otherFlag = polled with { Flag = "y" };
        var later = polled with { At = T0.AddMinutes(30) };
        var turnedOff = polled with { TurnedOn = false };

        Suspects.Merged([polled, told, otherFlag, later, turnedOff], TimeSpan.FromMinutes(2)).ShouldBe([told, otherFlag, later, turnedOff]);
    }

    private readonly FakeFlagSwitch _flags = new() { States = [new("new-checkout", false, "1", T0.AddDays(-3))] };
    private readonly InMemoryLedger _ledger = new();

    private WatchHarness NewWatch()
    {
        var w = new WatchHarness(ledger: _ledger);
        w.R.Flags = _flags;
        w.R.Settings = w.R.Settings with { FlagPollInterval = TimeSpan.FromMinutes(1), VariablePollInterval = TimeSpan.FromMinutes(1) };
        w.R.Provider.PlatformVariables = [new("DATABASE_POOL", VariableDigest.Of("10"), null)];
        return w;
    }

    /// <summary>One tick as the scheduler runs it (the sources read, the polls started), the poll and any runbook let finish, then the clock on.</summary>
    private static async Task TickAsync(WatchHarness w, double errorRate, TimeSpan then)
    {
        w.Source.Next = WatchHarness.Values(w.Now, errorRate);
        await w.Watch.TickAsync(CancellationToken.None);
        await w.Watch.PollingChanges;
        await w.R.Clock.RunUntil(w.Watch.Running, TimeSpan.FromSeconds(1));
        w.R.Clock.Advance(then);
    }

    [Fact]
    public async Task AFlagAPollFoundTurnedOn_IsTheTopSuspect_AndIsTurnedOff_NotARollback()
    {
        var w = NewWatch();
        await TickAsync(w, 0.001, TimeSpan.FromMinutes(1)); // the baseline: nothing changed
        _flags.States = [new("new-checkout", true, "2", w.Now.AddSeconds(-20))];
        await TickAsync(w, 0.001, TimeSpan.FromSeconds(30));
        await TickAsync(w, 0.001, TimeSpan.FromSeconds(30)); // within the interval: no second read
        _flags.Reads.ShouldBe(2);
        var breaching = 0.6;
        _flags.Answer = flag =>
        {
            breaching = 0.001; // turning the flag off helps
            w.Source.Next = WatchHarness.Values(w.Now, breaching);
            return FlagOutcome.Off($"flag {flag} turned off");
        };

        for (var i = 0; i < 12; i++) await TickAsync(w, breaching, TimeSpan.FromSeconds(30));

        _flags.Calls.ShouldBe(["new-checkout"]);
        w.R.Provider.RollbackCalls.ShouldBeEmpty();
        var incident = await w.OnlyIncidentAsync();
        incident.Decision.ShouldNotBeNull().Action.ShouldBe(RunbookAction.DisableFlag);
        incident.Decision.Reason.ShouldStartWith("flag new-checkout turned on at LaunchDarkly (found by polling) 1m20s before the first breach");
        (await _ledger.GetAsync(ChangePoll.FlagStateScope, "api", CancellationToken.None)).ShouldNotBeNull().ShouldContain("new-checkout\t1\t2\t");
    }

    [Fact]
    public async Task TheFlagsLastStateOutlivesARestart_SoItsFirstPollIsNoChange()
    {
        var w = NewWatch();
        await TickAsync(w, 0.001, TimeSpan.FromMinutes(1));

        var restarted = new WatchHarness(ledger: _ledger);
        restarted.R.Flags = _flags;
        restarted.R.Settings = restarted.R.Settings with { FlagPollInterval = TimeSpan.FromMinutes(1) };
        _flags.States = [new("new-checkout", true, "2", null)];
        await TickAsync(restarted, 0.001, TimeSpan.FromMinutes(1));

        (await _ledger.EntriesAsync(ServiceWatch.FlagChangesScope("api"), CancellationToken.None)).ShouldHaveSingleItem().Value.ShouldContain("flag new-checkout turned on");
    }

    [Fact]
    public async Task AVariableThatChanged_AsksAPerson_NamingIt_AndRollsNothingBack()
    {
        var w = NewWatch();
        await TickAsync(w, 0.001, TimeSpan.FromMinutes(1));
        w.R.Provider.PlatformVariables = [new("DATABASE_POOL", VariableDigest.Of("1"), null)];
        await TickAsync(w, 0.001, TimeSpan.FromSeconds(30));

        for (var i = 0; i < 12; i++) await TickAsync(w, 0.6, TimeSpan.FromSeconds(30));

        w.R.Provider.RollbackCalls.ShouldBeEmpty();
        var incident = await w.OnlyIncidentAsync();
        incident.State.ShouldBe(IncidentState.AwaitingApproval);
        incident.Decision.ShouldNotBeNull().PersonDecides.ShouldNotBeNull().ShouldStartWith("the top suspect is variable DATABASE_POOL changed at fake (found by polling");
        var asked = w.R.Notifier.Sent.ShouldHaveSingleItem();
        asked.Text.ShouldContain("Why a person: the top suspect is variable DATABASE_POOL");
        asked.Text.ShouldNotContain(VariableDigest.Of("1"));
        (await _ledger.EntriesAsync(ServiceWatch.VariableChangesScope("api"), CancellationToken.None)).ShouldHaveSingleItem().Value.ShouldNotContain(VariableDigest.Of("1"));
    }

    [Fact]
    public async Task AFailingFlagService_NeverHoldsUpTheTick_AndIsAskedAgainAtTheNextInterval()
    {
        var w = NewWatch();
        _flags.States = null;
        await TickAsync(w, 0.001, TimeSpan.FromMinutes(1));
        await TickAsync(w, 0.001, TimeSpan.FromMinutes(1));

        _flags.Reads.ShouldBe(2);
        (await _ledger.GetAsync(ChangePoll.FlagStateScope, "api", CancellationToken.None)).ShouldBeNull();
    }

    [Fact]
    public async Task AJournalRefusingWhatAPollFound_IsHandedToTheHost_Once_AndTheTickGoesOn()
    {
        var w = NewWatch();
        await TickAsync(w, 0.001, TimeSpan.FromMinutes(1));
        w.Watch.TakeChangePollFailure().ShouldBeNull();
        _ledger.FailWrites = scope => scope == ServiceWatch.FlagChangesScope("api") ? new IOException("disk full") : null;
        _flags.States = [new("new-checkout", true, "2", null)];

        await TickAsync(w, 0.001, TimeSpan.FromMinutes(1));

        w.Watch.TakeChangePollFailure().ShouldBeOfType<IOException>().Message.ShouldBe("disk full");
        w.Watch.TakeChangePollFailure().ShouldBeNull();
        w.Watch.Verdicts.ShouldNotBeEmpty();
    }
}
