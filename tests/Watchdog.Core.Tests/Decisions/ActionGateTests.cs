using Watchdog.Core.Decisions;
using static Watchdog.Core.Tests.Fakes.TestData;
using Watchdog.Core.Incidents;

namespace Watchdog.Core.Tests.Decisions;

/// <summary>Mode and budget, every passage and every refusal a row.</summary>
public class ActionGateTests
{
    private static readonly RollbackBudget Budget = new(TimeSpan.FromMinutes(30), 2);

    private static Decision Decided(RunbookAction action) => new(action, "test reason", ErrorRateTrigger());

    /// <summary>Budget histories: none, one 10 minutes ago (cooldown), two spread over the day (spent).</summary>
    private static DateTimeOffset[] History(string name) => name switch
    {
        "fresh" => [],
        "cooling" => [T0.AddMinutes(-10)],
        "spent" => [T0.AddHours(-20), T0.AddHours(-2)],
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    // The decision is to watch: nothing to gate, in any mode.
    [InlineData(RunbookAction.Monitor, Mode.Auto, Authority.None, "spent", Passage.Monitor, "no action: test reason", false)]
    [InlineData(RunbookAction.Monitor, Mode.Approve, Authority.None, "fresh", Passage.Monitor, "no action: test reason", false)]
    [InlineData(RunbookAction.Monitor, Mode.DryRun, Authority.None, "fresh", Passage.Monitor, "no action: test reason", false)]
    // A dry run calls nothing, whatever the budget or a person says.
    [InlineData(RunbookAction.Rollback, Mode.DryRun, Authority.None, "spent", Passage.DryRun, "dry run: nothing is called", false)]
    [InlineData(RunbookAction.DisableFlag, Mode.DryRun, Authority.Approved, "fresh", Passage.DryRun, "dry run: nothing is called", false)]
    // Auto acts within the budget, and the action counts in it.
    [InlineData(RunbookAction.Rollback, Mode.Auto, Authority.None, "fresh", Passage.Act, "Auto mode, within the budget", true)]
    [InlineData(RunbookAction.DisableFlag, Mode.Auto, Authority.None, "fresh", Passage.Act, "Auto mode, within the budget", true)]
    // Auto past the budget goes to people, naming the limit.
    [InlineData(RunbookAction.Rollback, Mode.Auto, Authority.None, "cooling", Passage.Refuse, "Rollback needed (test reason) but not automatic: cooldown: last automatic rollback 10m ago, cooldown is 30m", false)]
    [InlineData(RunbookAction.Rollback, Mode.Auto, Authority.None, "spent", Passage.Refuse, "Rollback needed (test reason) but not automatic: budget spent: 2 automatic rollbacks in the last 24h, maximum is 2", false)]
    // Approve asks, whatever the budget; a person's approval acts whatever the budget, and does not count.
    [InlineData(RunbookAction.Rollback, Mode.Approve, Authority.None, "spent", Passage.Ask, "Approve mode: a person decides", false)]
    [InlineData(RunbookAction.Rollback, Mode.Approve, Authority.Approved, "spent", Passage.Act, "approved by a person", false)]
    [InlineData(RunbookAction.Rollback, Mode.Auto, Authority.Approved, "cooling", Passage.Act, "approved by a person", false)]
    // A veto window that passed in silence is nobody's approval: it must fit the budget, and counts.
    [InlineData(RunbookAction.Rollback, Mode.Approve, Authority.Unvetoed, "fresh", Passage.Act, "no veto within the window: acting as announced", true)]
    [InlineData(RunbookAction.Rollback, Mode.Approve, Authority.Unvetoed, "cooling", Passage.Refuse, "the veto window passed, but Rollback is not automatic: cooldown: last automatic rollback 10m ago, cooldown is 30m", false)]
    [InlineData(RunbookAction.DisableFlag, Mode.Approve, Authority.Unvetoed, "spent", Passage.Refuse, "the veto window passed, but DisableFlag is not automatic: budget spent: 2 automatic rollbacks in the last 24h, maximum is 2", false)]
    public void Judge(RunbookAction action, Mode mode, Authority authority, string history, Passage passage, string reason, bool counts)
    {
        var result = ActionGate.Judge(Decided(action), mode, authority, Budget, History(history), T0);

        result.ShouldBe(new GateResult(passage, reason, counts));
    }

    [Fact]
    public void Judge_BudgetRecovers_OnceTheCooldownHasPassed()
    {
        var later = T0.AddMinutes(21); // 31 minutes after the rollback 10 minutes before T0

        ActionGate.Judge(Decided(RunbookAction.Rollback), Mode.Auto, Authority.None, Budget, History("cooling"), later).Passage.ShouldBe(Passage.Act);
    }
}
