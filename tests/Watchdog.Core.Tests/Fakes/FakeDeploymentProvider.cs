using System.Diagnostics;
using Watchdog.Core.Ports;
using Watchdog.Core.Releases;

namespace Watchdog.Core.Tests.Fakes;

/// <summary>
/// A hosting platform in memory: a list of deployments and which one is live. By default a rollback
/// request is accepted and the target is live at the next look; tests switch that off to model
/// slow, failing or lost rollbacks. Records every call.
/// </summary>
public sealed class FakeDeploymentProvider : IDeploymentProvider, IVariableStates
{
    private readonly object _gate = new();
    private readonly List<Deployment> _rollbacks = [];
    private readonly List<(string Name, string Value)> _variables = [];
    private int _liveLooks;

    /// <param name="newestFirst">Deployments, newest first; the first is live unless <see cref="LiveId"/> is set.</param>
    public FakeDeploymentProvider(params Deployment[] newestFirst)
    {
        Deployments = [.. newestFirst];
        LiveId = newestFirst.FirstOrDefault()?.Id;
    }

    public string Name { get; init; } = "fake";

    /// <summary>The platform's configuration variables as <see cref="ReadVariablesAsync"/> answers them; null: the read fails.</summary>
    public List<VariableState>? PlatformVariables { get; set; }

    public Task<PeerResult<IReadOnlyList<VariableState>>> ReadVariablesAsync(CancellationToken cancellationToken) => Task.FromResult(PlatformVariables is { } v
        ? PeerResult.Of<IReadOnlyList<VariableState>>([.. v])
        : PeerResult.Failed<IReadOnlyList<VariableState>>("the variables cannot be read"));

    public List<Deployment> Deployments { get; }

    public string? LiveId { get; set; }

    /// <summary>What a rollback request answers; success by default.</summary>
    public Func<Deployment, StepOutcome> OnRollback { get; set; } = d => StepOutcome.Success($"rollback to {d.Id} accepted");

    /// <summary>Whether an accepted rollback makes the target live (after <see cref="LiveAfterLooks"/> looks).</summary>
    public bool RollbackGoesLive { get; set; } = true;

    /// <summary>How many GetLive calls after an accepted rollback still show the old deployment.</summary>
    public int LiveAfterLooks { get; set; }

    /// <summary>When set, a rollback makes the target's release live as a new deployment with this id.</summary>
    public string? RollbackRedeploysAs { get; set; }

    /// <summary>Whether setting a variable redeploys the live release, as on Railway or Kubernetes.</summary>
    public bool SetVariableRedeploys { get; set; }

    public Func<string, string, StepOutcome> OnSetVariable { get; set; } = (n, v) => StepOutcome.Success($"{n}={v} set; restarted");

    /// <summary>When true for the 1-based number of a GetLive call, that call fails (a flaky platform API).</summary>
    public Func<int, bool>? LookFails { get; set; }

    private string? _pendingLive;

    public IReadOnlyList<Deployment> RollbackCalls
    {
        get { lock (_gate) return [.. _rollbacks]; }
    }

    public IReadOnlyList<(string Name, string Value)> SetVariableCalls
    {
        get { lock (_gate) return [.. _variables]; }
    }

    public int LiveLooks
    {
        get { lock (_gate) return _liveLooks; }
    }

    /// <summary>How many times the deployments were listed.</summary>
    public int Lists => Volatile.Read(ref _lists);

    private int _lists;

    public Task<PeerResult<IReadOnlyList<Deployment>>> ListAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _lists);
        return Task.FromResult(PeerResult.Of<IReadOnlyList<Deployment>>([.. Deployments]));
    }

    private static async Task<PeerResult<Deployment?>> HangAsync(CancellationToken ct)
    {
        await Task.Delay(Timeout.Infinite, ct);
        throw new UnreachableException();
    }

    /// <summary>When true, GetLive never answers; only its cancellation ends it (a platform API that hangs).</summary>
    public bool LiveHangs { get; set; }

    public Task<PeerResult<Deployment?>> GetLiveAsync(CancellationToken cancellationToken)
    {
        if (LiveHangs) return HangAsync(cancellationToken);
        lock (_gate)
        {
            _liveLooks++;
            if (LookFails?.Invoke(_liveLooks) == true)
                return Task.FromResult(PeerResult.Failed<Deployment?>("platform API: 502 Bad Gateway"));
            if (_pendingLive is not null)
            {
                if (LiveAfterLooks <= 0) { LiveId = _pendingLive; _pendingLive = null; }
                else LiveAfterLooks--;
            }

            return Task.FromResult(PeerResult.Of<Deployment?>(Deployments.FirstOrDefault(d => d.Id == LiveId)));
        }
    }

    public Task<StepOutcome> RollbackAsync(Deployment target, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _rollbacks.Add(target);
            var outcome = OnRollback(target);
            if (outcome.Ok && RollbackGoesLive && RollbackRedeploysAs is { } fresh)
            {
                // As Railway does: the rolled-back release goes live as a new deployment with an id of its own.
                Deployments.Insert(0, new Deployment(fresh, target.Version));
                _pendingLive = fresh;
            }
            else if (outcome.Ok && RollbackGoesLive) _pendingLive = target.Id;
            return Task.FromResult(outcome);
        }
    }

    public Task<StepOutcome> SetVariableAsync(string name, string value, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _variables.Add((name, value));
            return Task.FromResult(OnSetVariable(name, value));
        }
    }
}
