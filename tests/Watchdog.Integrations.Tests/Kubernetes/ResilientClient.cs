using Microsoft.Extensions.Logging.Abstractions;
using Watchdog.Integrations.Http;

namespace Watchdog.Integrations.Tests.Kubernetes;

/// <summary>An HttpClient through the host's resilience handler, with short attempts and delays, as the provider gets it.</summary>
internal static class ResilientClient
{
    public static HttpClient Create() => new(new ResilienceHandler(
        new ResilienceOptions { AttemptTimeout = TimeSpan.FromSeconds(2), MaxRetries = 2, BaseDelay = TimeSpan.FromMilliseconds(20), CircuitBreaker = false },
        TimeProvider.System,
        NullLogger<ResilienceHandler>.Instance) { InnerHandler = new SocketsHttpHandler() })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };
}
