using Watchdog.Core.Ports;

namespace Watchdog.Core.Reports;

/// <summary>
/// Sends one notification to every channel at once. Each channel has its own time limit and its
/// failure is reported, never thrown: one broken webhook must not silence the others or stall a rollback.
/// </summary>
public sealed class NotifierFanout(IReadOnlyList<INotifier> notifiers, Redactor redactor, TimeProvider time, TimeSpan timeout)
{
    public async Task<IReadOnlyList<string>> SendAsync(Notification notification, CancellationToken cancellationToken)
    {
        if (notifiers.Count == 0) return ["no notifiers configured"];
        var clean = notification with
        {
            Title = redactor.Redact(notification.Title),
            Lines = [.. notification.Lines.Select(redactor.Redact)],
            Facts = [.. notification.Facts.Select(f => new KeyValuePair<string, string>(f.Key, redactor.Redact(f.Value)))],
        };
        return await Task.WhenAll(notifiers.Select(n => SendOneAsync(n, clean, cancellationToken)));
    }

    /// <summary>Whether any channel took the message (or none is configured, so none could).</summary>
    public bool Delivered(IReadOnlyList<string> results) => notifiers.Count == 0 || results.Any(r => r.EndsWith(": sent", StringComparison.Ordinal));

    private async Task<string> SendOneAsync(INotifier notifier, Notification n, CancellationToken cancellationToken)
    {
        using var limit = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(limit.Token, cancellationToken);
        try
        {
            await notifier.SendAsync(n, linked.Token);
            return $"{notifier.Name}: sent";
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return $"{notifier.Name}: failed (no answer within {Signals.SignalFormat.Duration(timeout)})";
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            return $"{notifier.Name}: failed ({redactor.Redact(e.Message)})";
        }
    }
}
