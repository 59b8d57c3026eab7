namespace Watchdog.Core.Ports;

/// <summary>
/// This instance no longer holds the lease it tried to act under: another instance took the service over (the journal
/// found a newer token), or this one could not renew it in time. Whatever was about to be done is not done.
/// </summary>
public sealed class FencedOffException(string service, string why) : Exception($"{service}: not acting, the lease is lost: {why}")
{
    public string Service { get; } = service;
}
