namespace Watchdog.Integrations.Railway;

/// <summary>
/// The GraphQL documents the provider sends, written against the introspected public schema
/// (API-NOTES.md §2.2) and, where the CLI sends the same operation, as the CLI writes it (§2.3).
/// Variables are always passed as variables, never spliced into a document.
/// </summary>
internal static class RailwayDocuments
{
    /// <summary>What a listed deployment needs: §2.2 <c>type Deployment</c>; <c>meta</c> is opaque JSON.</summary>
    private const string ListedFields = "id status createdAt statusUpdatedAt canRollback meta";

    /// <summary>A deployment that may be live: its instances tell whether it runs.</summary>
    private const string LiveFields = ListedFields + " canRedeploy instances { id status }";

    /// <summary>
    /// §2.2 <c>Query.deployments(input, first, after)</c>: Relay cursor pagination, newest first, walked through
    /// <c>pageInfo.endCursor</c> while <c>hasNextPage</c>. The CLI's own list (§2.3) asks for the first page only.
    /// </summary>
    public const string Deployments =
        "query Deployments($input: DeploymentListInput!, $first: Int, $after: String) { "
        + "deployments(input: $input, first: $first, after: $after) { "
        + "edges { node { " + ListedFields + " } } pageInfo { hasNextPage endCursor } } }";

    /// <summary>
    /// §2.2 <c>Query.serviceInstance(environmentId, serviceId)</c>: <c>activeDeployments</c> are what the service
    /// runs now (during a rollout, the old and the new one side by side); <c>latestDeployment</c> is only the
    /// newest, which may still be building or have failed, so it never decides alone what is live.
    /// </summary>
    public const string ServiceInstance =
        "query ServiceInstance($environmentId: String!, $serviceId: String!) { "
        + "serviceInstance(environmentId: $environmentId, serviceId: $serviceId) { "
        + "latestDeployment { " + LiveFields + " } activeDeployments { " + LiveFields + " } } }";

    /// <summary>
    /// §2.2 <c>deploymentRollback(id): Boolean!</c>, as unmerged CLI PR #914 sends it (§2.3): no selection set.
    /// <c>id</c> is the deployment to roll back <em>to</em>.
    /// </summary>
    public const string DeploymentRollback =
        "mutation DeploymentRollback($id: String!) { deploymentRollback(id: $id) }";

    /// <summary>
    /// The docs' form (§2.3 "Docs conflict", §7 note 4), returning a Deployment: sent only after the server
    /// refused <see cref="DeploymentRollback"/> in validation for lacking a selection, so it never runs twice.
    /// </summary>
    public const string DeploymentRollbackSelecting =
        "mutation DeploymentRollback($id: String!) { deploymentRollback(id: $id) { id status } }";

    /// <summary>§2.3, exactly as <c>railway redeploy</c> sends it: a new deployment made from the given one.</summary>
    public const string DeploymentRedeploy =
        "mutation DeploymentRedeploy($id: String!) { deploymentRedeploy(id:$id) { id } }";

    /// <summary>
    /// <c>Query.deploymentLogs(deploymentId: String!, limit: Int): [Log!]!</c>, <c>Log { timestamp: String!
    /// message: String! severity: String }</c> (the CLI's schema.json; the limit defaults to 100, at most 5000),
    /// selected as the CLI's <c>DeploymentLogs</c> query does. Oldest first; the CLI notes one more than
    /// <c>limit</c> may come and keeps the last <c>limit</c>.
    /// </summary>
    public const string DeploymentLogs =
        "query DeploymentLogs($deploymentId: String!, $limit: Int) { "
        + "deploymentLogs(deploymentId: $deploymentId, limit: $limit) { message timestamp severity } }";

    /// <summary>
    /// §2.2 <c>Query.deployment(id: String!): Deployment!</c>, with the ids that say whose it is: what a project webhook
    /// claims (§8: unsigned) is believed only as far as this answer confirms it.
    /// </summary>
    public const string Deployment =
        "query Deployment($id: String!) { deployment(id: $id) { id status serviceId environmentId projectId createdAt statusUpdatedAt canRollback meta } }";
}
