using Watchdog.Core.Signals;

namespace Watchdog.Integrations.Sentry;

/// <summary>What one answer measured before it becomes a reading: a number with its sample count, or why there is none.</summary>
internal readonly record struct SentryTally(ReadingState State, double Value, long Samples, string? Reason)
{
    public static SentryTally Of(double value, long samples) => new(ReadingState.Value, value, samples, null);

    public static SentryTally NoData(string reason) => new(ReadingState.NoData, double.NaN, 0, reason);

    public static SentryTally Error(string reason) => new(ReadingState.Error, double.NaN, 0, reason);

    public bool HasValue => State == ReadingState.Value;

    /// <summary>The reading for a tally that has no value, its reason prefixed with what was asked.</summary>
    public Reading Failed(Signal signal, DateTimeOffset at, string what) => State == ReadingState.NoData
        ? Reading.NoData(signal, at, $"{what}: {Reason}")
        : Reading.Error(signal, at, $"{what}: {Reason}");

    /// <summary>Sample counts are ints downstream; billions of events saturate rather than wrap.</summary>
    public static int Clamp(long samples) => (int)Math.Clamp(samples, 0, int.MaxValue);
}
