using Watchdog.Core.Incidents;
using Watchdog.Core.Reports;
using Watchdog.Core.Rules;
using static Watchdog.Core.Tests.Fakes.TestData;

namespace Watchdog.Core.Tests.Reports;

/// <summary>What the journal keeps of a rollback that pinned production, and what the messages say of it.</summary>
public class ProductionPinTests
{
    private static readonly ProductionPin Pin = new("vercel", "autoAssignCustomDomains", false, "vercel promote <deployment-url-or-id> --scope team_ops");

    private static Incident RolledBack(StepStatus rollback, string suffix = "")
    {
        var i = new Incident("inc-pin", "shop", Mode.Auto, Tripped(Meaning.CoreBroken), T0) { FromVersion = "v5", ToVersion = "v4" };
        i.SetStep(new StepRecord(ProductionPin.BeforeStep + suffix, StepStatus.Succeeded, 1, T0, T0.AddSeconds(1), Pin.Write()));
        i.SetStep(new StepRecord(Incident.RollbackStep + suffix, rollback, 1, T0.AddSeconds(1), T0.AddSeconds(20), "done"));
        return i;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Write_ThenRead_GivesTheSameFacts(bool wasOn)
    {
        var pin = Pin with { WasOn = wasOn };

        ProductionPin.Read(pin.Write()).ShouldBe(pin);
        ProductionPin.Read((pin with { WasOn = null }).Write("HTTP 403 forbidden")).ShouldBe(pin with { WasOn = null });
        ProductionPin.Read("some other step's output").ShouldBeNull();
    }

    [Fact]
    public void Of_OnlyWhenThatProvidersRollbackWentThrough()
    {
        ProductionPin.Of(RolledBack(StepStatus.Succeeded)).ShouldBe(Pin);
        ProductionPin.Of(RolledBack(StepStatus.Failed)).ShouldBeNull();
        ProductionPin.Of(RolledBack(StepStatus.Succeeded, ":vercel")).ShouldBe(Pin);
    }

    [Fact]
    public void Escalation_AfterThePinnedRollback_SaysWhereTheDomainsStayAndHowToEndIt()
    {
        var lines = Messages.Escalation(RolledBack(StepStatus.Succeeded), "verification failed", "rolled back").Lines;

        lines.ShouldContain("Production domains: stay on v4. The rollback turned off autoAssignCustomDomains on vercel, so new production builds are staged, not served, until someone promotes one.");
        lines.ShouldContain("To undo the rollback once a fixed deployment is ready: vercel promote <deployment-url-or-id> --scope team_ops");
        Messages.Escalation(RolledBack(StepStatus.Failed), "rollback failed", "nothing").Text.ShouldNotContain("Production domains");
    }
}
