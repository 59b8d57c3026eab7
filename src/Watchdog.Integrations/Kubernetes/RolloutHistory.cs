using System.Text.Json.Nodes;
using Watchdog.Core.Releases;

namespace Watchdog.Integrations.Kubernetes;

/// <summary>
/// A Deployment's ReplicaSets as the runbook sees them: one <see cref="Deployment"/> per ReplicaSet,
/// identified by its name (stable: a rollback re-uses the old ReplicaSet, it only gets a new revision).
/// Pure, so the choices are tested without a server.
/// </summary>
internal sealed class RolloutHistory
{
    private RolloutHistory(DeploymentObject deployment, IReadOnlyList<ReplicaSetObject> newestFirst, string? container)
    {
        Deployment = deployment;
        NewestFirst = newestFirst;
        _container = container;
    }

    private readonly string? _container;

    public DeploymentObject Deployment { get; }

    /// <summary>
    /// Owned ReplicaSets, highest revision first; those without a revision (which <c>rollout undo</c>
    /// cannot pick either) last, newest created first.
    /// </summary>
    public IReadOnlyList<ReplicaSetObject> NewestFirst { get; }

    /// <summary>Keeps only the ReplicaSets <paramref name="deployment"/> controls (API-NOTES §4.1 step 2).</summary>
    public static RolloutHistory Of(DeploymentObject deployment, IEnumerable<JsonObject> replicaSets, string? container)
    {
        var owned = replicaSets
            .Select(rs => ReplicaSetObject.ParseIfControlledBy(rs, deployment.Uid))
            .OfType<ReplicaSetObject>()
            .OrderBy(rs => rs.Revision is null)
            .ThenByDescending(rs => rs.Revision)
            .ThenByDescending(rs => rs.CreatedAt)
            .ThenBy(rs => rs.Name, StringComparer.Ordinal)
            .ToList();
        return new RolloutHistory(deployment, owned, container);
    }

    public ReplicaSetObject? Find(string name) => NewestFirst.FirstOrDefault(rs => rs.Name == name);

    /// <summary>The ReplicaSet whose template is the Deployment's, the hash label aside; null before the controller made it.</summary>
    public ReplicaSetObject? Current => NewestFirst.FirstOrDefault(rs => PodTemplates.EqualIgnoringHash(rs.Template, Deployment.Template));

    /// <summary>
    /// What serves traffic. The current ReplicaSet once its rollout is complete. While it rolls out, the
    /// one before it (the highest revision besides it) still does, so a rollback is seen live only when
    /// finished. A rollout the controller declared failed (<c>ProgressDeadlineExceeded</c> naming the current
    /// ReplicaSet) is what the Deployment runs now and is reported live, listed as not succeeded, so the
    /// runbook's target is the release before it rather than one further back.
    /// </summary>
    public ReplicaSetObject? Live
    {
        get
        {
            var current = Current;
            if (current is not null && Deployment.Status.ObservedGeneration >= Deployment.Generation
                && (Deployment.RolloutComplete || Deployment.Status.TimedOut == current.Name))
                return current;
            return NewestFirst.FirstOrDefault(rs => rs != current && rs.Revision is not null);
        }
    }

    /// <summary>
    /// Can be rolled back to when it has a revision (as <c>rollout undo</c> needs). Did not succeed when its
    /// pods cannot be created (<c>ReplicaFailure</c>) or its rollout timed out. Kubernetes keeps no record
    /// of whether an older, scaled-down ReplicaSet ever became available, so those count as succeeded, and none
    /// carries a <see cref="Deployment.LiveRecord"/>: a revision says the controller started rolling it out, not that
    /// it served (a newer template may have overtaken it mid-rollout). Only Watchdog's own journal says that here.
    /// </summary>
    public Deployment ToDeployment(ReplicaSetObject rs) => new(
        rs.Name,
        PodTemplates.Version(rs.Template, _container),
        rs.CreatedAt,
        CanRollback: rs.Revision is not null,
        Succeeded: !rs.FailingToCreatePods && Deployment.Status.TimedOut != rs.Name);
}
