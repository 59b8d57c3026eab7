namespace Watchdog.Core.Channels;

public enum Delivery
{
    Sent,
    Failed,

    /// <summary>The same message went to this channel within the duplicate window; not sent again.</summary>
    Duplicate,
}

/// <summary>What became of one message on one channel. <see cref="ToString"/> is the journal's wording.</summary>
/// <param name="Why">For a failure, the reason (redacted).</param>
public sealed record ChannelResult(string Channel, Delivery Delivery, string? Why = null)
{
    public override string ToString() => Delivery switch
    {
        Delivery.Sent => $"{Channel}: sent",
        Delivery.Duplicate => $"{Channel}: duplicate, not sent again",
        _ => $"{Channel}: failed ({Why})",
    };

    /// <summary>Whether a message reached people: some channel took it, or none failed (none configured or routed, or all duplicates).</summary>
    public static bool Delivered(IReadOnlyList<ChannelResult> results) =>
        results.Any(r => r.Delivery == Delivery.Sent) || results.All(r => r.Delivery != Delivery.Failed);

    /// <summary>One line for the journal.</summary>
    public static string Describe(IReadOnlyList<ChannelResult> results) =>
        results.Count == 0 ? "no notifiers configured" : string.Join("; ", results);
}
