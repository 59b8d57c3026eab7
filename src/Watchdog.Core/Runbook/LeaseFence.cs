namespace Watchdog.Core.Runbook;

/// <summary>
/// A service's lease as this instance last heard it from the journal (the host's lease keeper keeps it): the token its
/// saves are fenced with, and until when it may act. Watching outlives acting: while the journal cannot be reached the
/// service is still polled here, but nothing is done once the lease is past the time it was renewed until.
/// </summary>
public sealed class LeaseFence
{
    private long _token;
    private long _untilTicks;
    private volatile string? _holder;

    /// <summary>The token saves are fenced with; 0 while another instance holds the service.</summary>
    public long Token => Interlocked.Read(ref _token);

    /// <summary>This instance polls the service: it holds the lease, or held it last and has not heard otherwise.</summary>
    public bool Watches => Token != 0;

    /// <summary>Who holds the service when this instance does not, as far as it knows; null when it does, or nobody does.</summary>
    public string? Holder => _holder;

    /// <summary>This instance may act: it holds the lease, renewed until after <paramref name="now"/>.</summary>
    public bool Held(DateTimeOffset now) => Token != 0 && now.UtcTicks < Interlocked.Read(ref _untilTicks);

    public void Grant(long token, DateTimeOffset until)
    {
        Interlocked.Exchange(ref _untilTicks, until.UtcTicks);
        Interlocked.Exchange(ref _token, token);
        _holder = null;
    }

    public void Revoke(string? holder)
    {
        Interlocked.Exchange(ref _token, 0);
        _holder = holder;
    }
}
