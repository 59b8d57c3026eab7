using System.Globalization;
using System.Text;
using Watchdog.Core.Incidents;
using Watchdog.Core.Signals;

namespace Watchdog.Integrations.Storage;

/// <summary>
/// <c>incidents.log</c> beside the journal: one line per closed incident, as seed 2 keeps one by hand
/// ("Rollback completed at …, From version …, To version …"), for people who grep before they query.
/// </summary>
public static class IncidentLog
{
    public const string FileName = "incidents.log";

    public static string Line(Incident i)
    {
        var m = i.Metrics;
        static string F(TimeSpan? d) => d is { } x ? SignalFormat.Duration(x) : "-";
        return string.Create(CultureInfo.InvariantCulture,
            $"{i.ClosedAt:yyyy-MM-ddTHH:mm:ssZ} {i.Id} service={i.Service} state={i.State} mode={i.Mode} rule={i.Trigger.Source} " +
            $"from={i.FromVersion ?? "-"} to={i.ToVersion ?? "-"} detect={F(m.TimeToDetect)} initiate={F(m.TimeToInitiate)} restore={F(m.TimeToRestore)} impact={F(m.ImpactDuration)} " +
            $"why=\"{i.Trigger.Summary.Replace("\"", "'", StringComparison.Ordinal).Replace('\n', ' ')}\"");
    }

    public static async Task AppendAsync(string path, Incident incident, CancellationToken ct) =>
        await File.AppendAllTextAsync(path, Line(incident) + "\n", Encoding.UTF8, ct);
}
