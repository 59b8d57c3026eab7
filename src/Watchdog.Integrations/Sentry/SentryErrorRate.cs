using System.Globalization;
using Watchdog.Core.Signals;

namespace Watchdog.Integrations.Sentry;

/// <summary>
/// The event-count form (<see cref="SentryErrorRateKind.EventCount"/>), for projects without transactions'
/// status: errors over all events in the window, from two events-stats counts: error events
/// (dataset <c>errors</c>) and transactions (dataset <c>transactions</c>), one per request the SDK traced.
/// </summary>
/// <remarks>
/// Two single-<c>yAxis</c> calls rather than one multi-<c>yAxis</c> call (§1.2): the split between errors
/// and transactions is a query and dataset, not an aggregate, and one call can carry only one of each.
/// Limits: a project without performance monitoring sends no transactions, so errors have nothing to be
/// divided by; that is NoData, never 100%. Transactions are sampled by the SDK and errors are not, which
/// <see cref="SentryOptions.TransactionSampleRate"/> corrects for. Sentry ingests with some delay, so the
/// newest bucket may still be filling.
/// </remarks>
internal static class SentryErrorRate
{
    /// <summary>Named in every verdict on such a reading: it is not the share of failed requests.</summary>
    public const string Note = "event-count ratio: errors ÷ (errors + transactions)";

    public static Reading From(double errors, double transactions, double sampleRate, DateTimeOffset at)
    {
        if (errors + transactions <= 0)
            return Reading.NoData(Signal.ErrorRate, at, "no events in the window (every bucket empty or zero)");
        if (transactions <= 0)
            return Reading.NoData(Signal.ErrorRate, at,
                $"{Count(errors)} errors but no transactions in the window, so nothing to divide by (is performance monitoring off?)");

        var requests = transactions / sampleRate;
        return Reading.Of(Signal.ErrorRate, errors / (errors + requests), SentryTally.Clamp((long)Math.Round(errors + transactions)), at) with { Note = Note };
    }

    private static string Count(double n) => n.ToString("0.##", CultureInfo.InvariantCulture);
}
