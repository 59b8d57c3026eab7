using Polly;
using Watchdog.Core.Ports;
using Watchdog.Core.Reports;
using Watchdog.Integrations.Commands;

namespace Watchdog.Integrations.Configuration;

/// <summary>What a module's factory may use: the host's clients, clock, logs, redactor, ledger and command runner.</summary>
public sealed class IntegrationContext
{
    private readonly Dictionary<object, object> _shared = [];

    /// <summary>The resilient client (timeout, jittered retries honouring Retry-After, breaker): for platform and chat APIs.</summary>
    public required Func<HttpClient> Outbound { get; init; }

    /// <summary>The client without retries or breaker: sources and checks must see failures, not hide them.</summary>
    public required Func<HttpClient> Probe { get; init; }

    /// <summary>The pipeline behind <see cref="Outbound"/>, for a module that needs a client over its own handler (a cluster's CA).</summary>
    public required ResiliencePipeline<HttpResponseMessage> Resilience { get; init; }

    public required TimeProvider Time { get; init; }

    public required ILoggerFactory Logs { get; init; }

    public required Redactor Redactor { get; init; }

    public required ILedger Ledger { get; init; }

    public required CommandRunner Commands { get; init; }

    /// <summary>One object per key for the whole process, made on first use: what several instances must share (a per-key rate limit).</summary>
    public T Shared<T>(object key, Func<T> create) where T : notnull
    {
        lock (_shared)
        {
            if (!_shared.TryGetValue(key, out var value)) _shared[key] = value = create();
            return (T)value;
        }
    }
}
