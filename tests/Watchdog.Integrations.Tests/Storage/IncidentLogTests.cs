using Watchdog.Core.Incidents;
using Watchdog.Integrations.Storage;

namespace Watchdog.Integrations.Tests.Storage;

public sealed class IncidentLogTests : IDisposable
{
    private readonly TempJournal _journal = new();

    public void Dispose() => _journal.Dispose();

    private string LogPath => Path.Combine(_journal.DataDirectory, IncidentLog.FileName);

    [Fact]
    public async Task Save_ClosingAnIncident_AppendsOneLineAndSavingAgainAddsNone()
    {
        using var store = _journal.Open();
        var incident = Samples.Open("inc-1", Samples.T0);
        incident.FromVersion = "v2";
        incident.ToVersion = "v1";
        await store.SaveAsync(incident, CancellationToken.None);
        File.Exists(LogPath).ShouldBeFalse("an open incident writes no line");

        incident.MoveTo(IncidentState.Monitoring, Samples.T0.AddMinutes(1), "watch only");
        incident.MoveTo(IncidentState.Resolved, Samples.T0.AddMinutes(9), "healthy again");
        await store.SaveAsync(incident, CancellationToken.None);
        await store.SaveAsync(incident, CancellationToken.None);

        var line = (await File.ReadAllLinesAsync(LogPath)).ShouldHaveSingleItem();
        line.ShouldStartWith("2026-11-21T03:09:00Z inc-1 service=api state=Resolved mode=Auto rule=error-rate from=v2 to=v1 detect=5m");
        line.ShouldEndWith("why=\"error rate 23.4% above 10% for 5m (baseline 1.2%)\"");
    }

    [Fact]
    public async Task Save_AnotherProcessAlreadyClosedIt_NoSecondLine()
    {
        var incident = Samples.Open("inc-2", Samples.T0);
        incident.MoveTo(IncidentState.Monitoring, Samples.T0.AddMinutes(1), "watch only");
        incident.MoveTo(IncidentState.Resolved, Samples.T0.AddMinutes(2), "healthy again");
        using (var first = _journal.Open()) await first.SaveAsync(incident, CancellationToken.None);
        using (var second = _journal.Open()) await second.SaveAsync(incident, CancellationToken.None);

        (await File.ReadAllLinesAsync(LogPath)).Length.ShouldBe(1);
    }
}
