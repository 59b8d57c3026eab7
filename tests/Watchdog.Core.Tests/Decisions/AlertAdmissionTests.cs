using Watchdog.Core.Decisions;
using Watchdog.Core.Rules;
using static Watchdog.Core.Tests.Fakes.TestData;

namespace Watchdog.Core.Tests.Decisions;

public class AlertAdmissionTests
{
    private static readonly DateTimeOffset Now = T0.AddHours(3);

    private static PushedAlert Alert(DateTimeOffset startsAt, AlertStatus status = AlertStatus.Firing, string? release = null) =>
        new("api", "metric_alert:42", "sentry", status, Meaning.UsersAffected, "Too many errors", startsAt) { Release = release };

    public static TheoryData<string, PushedAlert, DateTimeOffset?, bool, string?, TimeSpan?, string?> Rows() => new()
    {
        { "first delivery", Alert(Now.AddMinutes(-2)), null, false, "v3", TimeSpan.FromHours(1), null },
        { "a repeat once the alert is gone", Alert(Now.AddMinutes(-2)), Now.AddMinutes(-1), false, "v3", null, "a repeat of the delivery taken at" },
        { "a repeat while it is held keeps it alive", Alert(Now.AddMinutes(-2)), Now.AddMinutes(-1), true, "v3", null, null },
        { "started longer ago than the tolerance", Alert(Now.AddHours(-2)), null, false, "v3", TimeSpan.FromHours(1), "more than 1h00m ago: a replay or a stale resend" },
        { "old, but no tolerance (Alertmanager resends)", Alert(Now.AddHours(-5)), null, false, "v3", null, null },
        { "about a release that is not live", Alert(Now.AddMinutes(-2), release: "v2"), null, false, "v3", null, "it is about release v2, but v3 is live" },
        { "about the live release", Alert(Now.AddMinutes(-2), release: "v3"), null, false, "v3", null, null },
        { "about a release, nothing known live", Alert(Now.AddMinutes(-2), release: "v2"), null, false, null, null, null },
        { "a resolved repeat only withdraws", Alert(Now.AddHours(-2), AlertStatus.Resolved), Now.AddMinutes(-1), false, "v3", TimeSpan.FromHours(1), null },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void Refusal_Table(string row, PushedAlert alert, DateTimeOffset? takenAt, bool held, string? live, TimeSpan? maxAge, string? refused)
    {
        var why = AlertAdmission.Refusal(alert, takenAt, held, live, Now, maxAge);

        if (refused is null) why.ShouldBeNull(row);
        else why.ShouldNotBeNull(row).ShouldContain(refused);
    }

    [Fact]
    public void DeliveryKey_SameAlertStateAndStart_IsOneDelivery()
    {
        var a = Alert(Now);

        AlertAdmission.DeliveryKey(a).ShouldBe(AlertAdmission.DeliveryKey(a with { Summary = "reworded" }));
        AlertAdmission.DeliveryKey(a).ShouldNotBe(AlertAdmission.DeliveryKey(a with { StartsAt = Now.AddSeconds(1) }));
        AlertAdmission.DeliveryKey(a).ShouldNotBe(AlertAdmission.DeliveryKey(a with { Status = AlertStatus.Resolved }));
    }
}
