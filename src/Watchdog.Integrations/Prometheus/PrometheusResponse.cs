namespace Watchdog.Integrations.Prometheus;

/// <summary>The <c>resultType</c> of a successful answer.</summary>
public enum PrometheusResultType
{
    Vector,
    Matrix,
    Scalar,
    String,
}

/// <summary>Why a query gave no result.</summary>
public enum PrometheusFailureKind
{
    /// <summary>Prometheus answered with its error envelope (<c>bad_data</c>, <c>execution</c>, <c>timeout</c>…).</summary>
    Prometheus,

    /// <summary>A non-2xx answer without the envelope, typically from a proxy in front of Prometheus.</summary>
    Http,

    /// <summary>No answer: refused, reset, timed out on our side.</summary>
    Transport,

    /// <summary>The answer was longer than <see cref="PrometheusOptions.MaxBodyBytes"/>.</summary>
    TooLarge,

    /// <summary>Not JSON, or JSON not shaped as the API documents.</summary>
    Malformed,
}

/// <summary>A failed query. <see cref="Message"/> is bounded, on one line, and has any configured secret masked.</summary>
public sealed record PrometheusFailure(PrometheusFailureKind Kind, string? ErrorType, string Message, int? HttpStatus)
{
    /// <summary>"bad_data (HTTP 400): parse error…", "HTTP 502: &lt;html&gt;…", "timed out after 10s".</summary>
    public override string ToString() => Kind switch
    {
        PrometheusFailureKind.Prometheus => $"{ErrorType} (HTTP {HttpStatus}): {Message}",
        PrometheusFailureKind.Http => Message.Length == 0 ? $"HTTP {HttpStatus}" : $"HTTP {HttpStatus}: {Message}",
        PrometheusFailureKind.Transport => Message,
        _ => HttpStatus is { } s ? $"{Message} (HTTP {s})" : Message,
    };
}

/// <summary>One point. <see cref="Value"/> keeps NaN and ±Inf as Prometheus sent them.</summary>
public readonly record struct PrometheusSample(DateTimeOffset At, double Value);

/// <summary>
/// One series: a vector's element (one sample), a matrix's (many), or a scalar (one sample, no labels).
/// A native histogram series has <see cref="IsNativeHistogram"/> set and NaN values: it is not one number.
/// </summary>
public sealed record PrometheusSeries(IReadOnlyDictionary<string, string> Labels, IReadOnlyList<PrometheusSample> Samples, bool IsNativeHistogram = false);

/// <summary>What one <c>/api/v1/query</c> or <c>/api/v1/query_range</c> call gave: a result or a <see cref="Failure"/>.</summary>
public sealed record PrometheusResponse
{
    public PrometheusFailure? Failure { get; init; }

    public bool Succeeded => Failure is null;

    public PrometheusResultType ResultType { get; init; }

    public IReadOnlyList<PrometheusSeries> Series { get; init; } = [];

    /// <summary>The value of a <c>string</c> result.</summary>
    public string? Text { get; init; }

    /// <summary>Prometheus's <c>warnings</c> (results may be partial), even on success.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Prometheus's <c>infos</c> (newer servers: "metric might not be a counter"…).</summary>
    public IReadOnlyList<string> Infos { get; init; } = [];

    public static PrometheusResponse Failed(PrometheusFailureKind kind, string message, int? status = null, string? errorType = null) =>
        new() { Failure = new PrometheusFailure(kind, errorType, message, status) };
}
