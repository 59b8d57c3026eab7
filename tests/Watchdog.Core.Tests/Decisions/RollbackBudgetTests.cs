using Watchdog.Core.Decisions;
using static Watchdog.Core.Tests.Fakes.TestData;

namespace Watchdog.Core.Tests.Decisions;

public class RollbackBudgetTests
{
    private static readonly RollbackBudget Budget = new(TimeSpan.FromMinutes(30), 3);

    private static DateTimeOffset[] MinutesAgo(params int[] minutes) => [.. minutes.Select(m => T0.AddMinutes(-m))];

    [Fact]
    public void Refusal_NoEarlierRollbacks_Allowed()
    {
        Budget.Refusal([], T0).ShouldBeNull();
    }

    [Theory]
    [InlineData(new[] { 29 }, "cooldown")]
    [InlineData(new[] { 300, 5 }, "cooldown")]
    [InlineData(new[] { 30 }, null)]                    // the cooldown has just passed
    [InlineData(new[] { 31, 200 }, null)]
    [InlineData(new[] { 60, 120, 180 }, "budget spent")] // three in 24 h, the maximum
    [InlineData(new[] { 60, 120, 1440 }, null)]         // exactly 24 h ago no longer counts
    [InlineData(new[] { 60, 120, 1500, 3000 }, null)]   // older than a day: not counted
    public void Refusal_CooldownAndDailyMaximum(int[] minutesAgo, string? refusal)
    {
        var why = Budget.Refusal(MinutesAgo(minutesAgo), T0);

        if (refusal is null) why.ShouldBeNull();
        else why.ShouldNotBeNull().ShouldStartWith(refusal);
    }

    [Fact]
    public void Refusal_Cooldown_SaysHowLongAgoAndTheCooldown()
    {
        Budget.Refusal(MinutesAgo(12), T0).ShouldBe("cooldown: last automatic rollback 12m ago, cooldown is 30m");
    }

    [Fact]
    public void Refusal_BudgetSpent_SaysCountAndMaximum()
    {
        Budget.Refusal(MinutesAgo(60, 120, 180, 240), T0).ShouldBe("budget spent: 4 automatic rollbacks in the last 24h, maximum is 3");
    }

    [Fact]
    public void Refusal_OrderOfEarlierRollbacksDoesNotMatter()
    {
        Budget.Refusal(MinutesAgo(600, 10, 300), T0).ShouldNotBeNull().ShouldStartWith("cooldown");
    }

    [Fact]
    public void Default_IsConservative()
    {
        RollbackBudget.Default.MaxPerDay.ShouldBeGreaterThanOrEqualTo(1);
        RollbackBudget.Default.Cooldown.ShouldBeGreaterThan(TimeSpan.Zero);
    }
}
