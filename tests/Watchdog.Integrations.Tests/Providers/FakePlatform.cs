namespace Watchdog.Integrations.Tests.Providers;

public sealed record FakeDeployment(string Id, string Version, DateTimeOffset CreatedAt, bool Succeeded = true, bool CanRollback = true);

public enum FaultKind
{
    /// <summary>HTTP 429 with <c>Retry-After</c> (and the platform's own rate-limit headers, where it has them).</summary>
    RateLimited,

    /// <summary>HTTP 500 in the platform's error shape.</summary>
    ServerError,

    /// <summary>The answer comes only after <see cref="Fault.Delay"/>.</summary>
    Slow,

    /// <summary>HTTP 200 whose body is not what the API promises (truncated JSON).</summary>
    Malformed,

    /// <summary>
    /// HTTP 403 in the platform's error shape, quoting the credential it was sent (as a careless proxy might),
    /// so a provider that puts the peer's words in a reason must mask them.
    /// </summary>
    Forbidden,

    /// <summary>HTTP 404 in the platform's error shape.</summary>
    NotFound,
}

public sealed record Fault(FaultKind Kind, TimeSpan? RetryAfter = null, TimeSpan? Delay = null);

/// <summary>
/// The state behind every provider's fake peer: deployments, which is live, a rollout that takes a
/// few looks to finish, variables, and faults to serve next. Each peer renders it in its own
/// platform's documented wire format, so one conformance suite can hold every provider to the same
/// behaviour.
/// </summary>
public sealed class FakePlatform
{
    private readonly Lock _gate = new();
    private readonly Queue<Fault> _faults = new();
    private string? _pending;
    private int _looksLeft;

    public FakePlatform(IEnumerable<FakeDeployment> newestFirst)
    {
        Deployments = [.. newestFirst];
        LiveId = Deployments[0].Id;
    }

    /// <summary>Newest first.</summary>
    public List<FakeDeployment> Deployments { get; }

    public string LiveId { get; private set; }

    /// <summary>How many looks at the live state a rollout takes to finish once requested.</summary>
    public int LooksUntilLive { get; set; } = 2;

    public int RollbackRequests { get; private set; }

    public List<string> RollbackTargets { get; } = [];

    public Dictionary<string, string> Variables { get; } = new(StringComparer.Ordinal);

    public int Restarts { get; set; }

    /// <summary>Every request the peer received, as "METHOD path" (and for GraphQL the operation), for tests to inspect.</summary>
    public List<string> Requests { get; } = [];

    /// <summary><paramref name="count"/> deployments an hour apart, v{count} live and newest.</summary>
    public static FakePlatform WithHistory(int count, DateTimeOffset? newest = null)
    {
        var top = newest ?? new DateTimeOffset(2026, 11, 21, 2, 0, 0, TimeSpan.Zero);
        return new FakePlatform(Enumerable.Range(0, count).Select(i =>
            new FakeDeployment($"dep-{count - i:D3}", $"v{count - i}", top.AddHours(-i))));
    }

    public FakeDeployment Find(string id) => Deployments.Single(d => d.Id == id);

    /// <summary>A team's deploy: a new deployment, live at once.</summary>
    public void Deploy(FakeDeployment deployment)
    {
        lock (_gate)
        {
            Deployments.Insert(0, deployment);
            LiveId = deployment.Id;
        }
    }

    public void Enqueue(Fault fault)
    {
        lock (_gate) _faults.Enqueue(fault);
    }

    /// <summary>The fault to serve for this request, if any (each fault is served once).</summary>
    public Fault? TakeFault()
    {
        lock (_gate) return _faults.TryDequeue(out var f) ? f : null;
    }

    public void Record(string request)
    {
        lock (_gate) Requests.Add(request);
    }

    /// <summary>A rollback accepted by the platform: it becomes live after <see cref="LooksUntilLive"/> looks.</summary>
    public void RequestRollback(string id)
    {
        lock (_gate)
        {
            RollbackRequests++;
            RollbackTargets.Add(id);
            _pending = id;
            _looksLeft = LooksUntilLive;
        }
    }

    /// <summary>One look at the live state, as a status or rollout endpoint would give it; moves a rollout on.</summary>
    public (string LiveId, bool RollingOut) Look()
    {
        lock (_gate)
        {
            if (_pending is not null && --_looksLeft <= 0)
            {
                LiveId = _pending;
                _pending = null;
            }

            return (LiveId, _pending is not null);
        }
    }

    /// <summary>What the platform would show without moving a rollout on (for list endpoints).</summary>
    public (string LiveId, string? Pending) Peek()
    {
        lock (_gate) return (LiveId, _pending);
    }
}
