using Polly;
using Polly.Retry;

namespace Watchdog.Hosting;

/// <summary>
/// How start-up waits for a journal it cannot reach: a Polly retry on the injected clock, exponential with jitter from
/// <see cref="FirstDelay"/> up to <see cref="LongestDelay"/>, for as long as it takes. Only unreachability is retried
/// (<see cref="StoreFaults.Unreachable"/>); anything else ends the wait with the error that names it.
/// </summary>
internal static class JournalRetry
{
    public static readonly TimeSpan FirstDelay = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan LongestDelay = TimeSpan.FromSeconds(30);

    /// <param name="retrying">Told before each wait: what failed, how long the wait is, and which attempt failed (from 1).</param>
    public static ResiliencePipeline Build(TimeProvider time, Func<Exception, TimeSpan, int, ValueTask> retrying) =>
        new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(StoreFaults.Unreachable),
                MaxRetryAttempts = int.MaxValue,
                Delay = FirstDelay,
                MaxDelay = LongestDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                OnRetry = args => retrying(args.Outcome.Exception!, args.RetryDelay, args.AttemptNumber + 1),
            })
            .Build();
}
