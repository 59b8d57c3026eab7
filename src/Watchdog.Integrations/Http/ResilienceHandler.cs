using System.Net;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace Watchdog.Integrations.Http;

/// <summary>
/// Retries transient failures, breaks the circuit on a failing peer and times out each attempt,
/// with a Polly pipeline on the injected clock. Register it on the clients for platform and
/// notification APIs, not on health probes or smoke tests, which must see every failure.
/// </summary>
/// <remarks>
/// <para>Retried: 408, 429, 5xx, connection errors and attempt timeouts — for idempotent methods
/// (GET, HEAD, OPTIONS, TRACE, PUT, DELETE). A POST or PATCH is retried only when the server said it
/// did not take the request (429, or 503 with <c>Retry-After</c>) or the connection was never made,
/// because a rollback or a variable change that reached the server must not be sent again blindly.
/// <see cref="ResilienceOptions.RetryNonIdempotent"/> or the <see cref="Retryable"/> request option
/// (for a GraphQL query sent as POST, say) lifts that.</para>
/// <para><c>Retry-After</c> on 429/503 sets the wait; beyond <see cref="ResilienceOptions.MaxRetryAfter"/>
/// the response is returned as is so the caller sees the 429.</para>
/// <para>An open circuit surfaces as <see cref="HttpRequestException"/>; an attempt timeout on the last
/// attempt as <see cref="TaskCanceledException"/> with an inner <see cref="TimeoutException"/>, as
/// <see cref="HttpClient"/> reports its own timeout, so callers need only the usual catches.</para>
/// </remarks>
public sealed class ResilienceHandler : DelegatingHandler
{
    /// <summary>Per-request override of the idempotency rule: true lets this request be retried like a GET, false never retries it.</summary>
    public static readonly HttpRequestOptionsKey<bool> Retryable = new("Watchdog.Retryable");

    private static readonly ResiliencePropertyKey<HttpRequestMessage> RequestKey = new("Watchdog.Request");

    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;

    public ResilienceHandler(ResilienceOptions options, TimeProvider time, ILogger<ResilienceHandler> logger)
        : this(BuildPipeline(options, time, logger))
    {
    }

    /// <summary>Shares one pipeline (and so one circuit) between handler instances that the client factory recycles.</summary>
    public ResilienceHandler(ResiliencePipeline<HttpResponseMessage> pipeline) => _pipeline = pipeline;

    public static ResiliencePipeline<HttpResponseMessage> BuildPipeline(ResilienceOptions options, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time };

        if (options.MaxRetries > 0)
        {
            // Polly rejects MaxRetryAttempts = 0, so "no retries" means no retry strategy at all.
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = options.MaxRetries,
                Delay = options.BaseDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = args => new ValueTask<bool>(ShouldRetry(args.Outcome, args.Context, options, time, logger)),
                DelayGenerator = args => new ValueTask<TimeSpan?>(
                    args.Outcome.Result is { } r && RetryAfter.Applies(r.StatusCode) && RetryAfter.TryGet(r, time.GetUtcNow(), out var wait)
                        ? wait
                        : null),
                OnRetry = args =>
                {
                    if (logger.IsEnabled(LogLevel.Information))
                    {
                        var (method, url, what) = (Method(args.Context), Url(args.Context), Describe(args.Outcome));
                        Log.Retrying(logger, method, url, what, args.RetryDelay, args.AttemptNumber + 1);
                    }

                    return ValueTask.CompletedTask;
                },
            });
        }

        if (options.CircuitBreaker)
        {
            builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
            {
                FailureRatio = options.FailureRatio,
                SamplingDuration = options.SamplingDuration,
                MinimumThroughput = options.MinimumThroughput,
                BreakDuration = options.BreakDuration,
                ShouldHandle = args => new ValueTask<bool>(IsTransient(args.Outcome)),
                OnOpened = args =>
                {
                    if (logger.IsEnabled(LogLevel.Warning))
                    {
                        var (url, what) = (Url(args.Context), Describe(args.Outcome));
                        Log.CircuitOpened(logger, url, what, args.BreakDuration);
                    }

                    return ValueTask.CompletedTask;
                },
                OnClosed = args =>
                {
                    var url = Url(args.Context);
                    Log.CircuitClosed(logger, url);
                    return ValueTask.CompletedTask;
                },
            });
        }

        builder.AddTimeout(options.AttemptTimeout);
        return builder.Build();
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // A retry sends the same message again: its content must be readable more than once.
        if (request.Content is not null)
            await request.Content.LoadIntoBufferAsync(cancellationToken);

        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(RequestKey, request);
        try
        {
            return await _pipeline.ExecuteAsync(
                static (ctx, state) => new ValueTask<HttpResponseMessage>(state.self.SendOnceAsync(state.request, ctx.CancellationToken)),
                context,
                (self: this, request));
        }
        catch (BrokenCircuitException e)
        {
            throw new HttpRequestException($"Not calling {request.RequestUri?.Authority}: its circuit is open after repeated failures.", e);
        }
        catch (TimeoutRejectedException e)
        {
            throw new TaskCanceledException($"{request.Method} {SafeUrl.Display(request.RequestUri)} timed out.", new TimeoutException(e.Message, e));
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private Task<HttpResponseMessage> SendOnceAsync(HttpRequestMessage request, CancellationToken ct) => base.SendAsync(request, ct);

    internal static bool IsTransient(Outcome<HttpResponseMessage> outcome) => outcome.Exception switch
    {
        null => outcome.Result is { } r && IsTransient(r.StatusCode),
        HttpRequestException or TimeoutRejectedException => true,
        _ => false,
    };

    private static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;

    private static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, ResilienceContext context, ResilienceOptions options, TimeProvider time, ILogger logger)
    {
        if (!IsTransient(outcome)) return false;
        context.Properties.TryGetValue(RequestKey, out var request);
        bool? forced = request is not null && request.Options.TryGetValue(Retryable, out var flag) ? flag : null;
        if (forced == false) return false;
        bool safe = forced == true || options.RetryNonIdempotent || IsIdempotent(request?.Method);

        if (outcome.Result is { } response && RetryAfter.Applies(response.StatusCode) && RetryAfter.TryGet(response, time.GetUtcNow(), out var wait))
        {
            if (wait > options.MaxRetryAfter)
            {
                var (method, url) = (Method(context), Url(context));
                Log.RetryAfterTooLong(logger, method, url, (int)response.StatusCode, wait, options.MaxRetryAfter);
                return false;
            }

            // The server said it did not process the request and when to come back: safe for any method.
            return true;
        }

        if (safe) return true;

        // Not idempotent: retry only what never reached the server.
        return outcome.Exception is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError }
            || outcome.Result?.StatusCode == HttpStatusCode.TooManyRequests;
    }

    private static bool IsIdempotent(HttpMethod? method) =>
        method is not null && (method == HttpMethod.Get || method == HttpMethod.Head || method == HttpMethod.Options
            || method == HttpMethod.Trace || method == HttpMethod.Put || method == HttpMethod.Delete);

    private static string Method(ResilienceContext context) =>
        context.Properties.TryGetValue(RequestKey, out var r) ? r.Method.Method : "?";

    private static string Url(ResilienceContext context) =>
        context.Properties.TryGetValue(RequestKey, out var r) ? SafeUrl.Display(r.RequestUri) : "?";

    private static string Describe(Outcome<HttpResponseMessage> outcome) => outcome.Exception switch
    {
        null => outcome.Result is { } r ? $"HTTP {(int)r.StatusCode}" : "no response",
        HttpRequestException h => $"{nameof(HttpRequestException)} ({h.HttpRequestError})",
        TimeoutRejectedException => "attempt timed out",
        var e => e.GetType().Name,
    };
}
