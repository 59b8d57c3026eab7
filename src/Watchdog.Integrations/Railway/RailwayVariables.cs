using System.Text.Json.Nodes;

namespace Watchdog.Integrations.Railway;

/// <summary>
/// Setting a service variable: the one place that knows <c>variableCollectionUpsert</c>'s input. Its shape is
/// the introspected schema's (API-NOTES.md §2.2: <c>{projectId!, environmentId!, variables: EnvironmentVariables!,
/// serviceId, replace, skipDeploys}</c>) and the document is the CLI's (§2.3).
/// </summary>
internal static class RailwayVariables
{
    public const string Operation = "VariableCollectionUpsert";

    /// <summary>§2.3, the CLI's variables document.</summary>
    public const string Document =
        "mutation VariableCollectionUpsert($projectId: String!, $serviceId: String!, $environmentId: String!, $variables: EnvironmentVariables!, $skipDeploys: Boolean) { "
        + "variableCollectionUpsert(input: {projectId: $projectId, environmentId: $environmentId, serviceId: $serviceId, variables: $variables, skipDeploys: $skipDeploys}) }";

    public const string ReadOperation = "Variables";

    /// <summary>
    /// <c>Query.variables(projectId!, environmentId!, serviceId)</c>, as Railway's public API guide "Manage Variables" and the CLI ask it: the
    /// service's variables as one JSON object of name to value (the EnvironmentVariables scalar). Railway says no time of
    /// a variable's change, so a change is dated by the poll that found it.
    /// </summary>
    public const string ReadDocument =
        "query Variables($projectId: String!, $environmentId: String!, $serviceId: String) { "
        + "variables(projectId: $projectId, environmentId: $environmentId, serviceId: $serviceId) }";

    public static JsonObject ReadInput(RailwayOptions options) => new()
    {
        ["projectId"] = options.ProjectId,
        ["environmentId"] = options.EnvironmentId,
        ["serviceId"] = options.ServiceId,
    };

    /// <summary>
    /// One variable, merged into the service's others (<c>replace</c> is left unset: true would delete every
    /// variable not named). <c>skipDeploys</c> is true because the provider redeploys the live deployment itself
    /// right after, and an implicit deploy on top of that would roll out twice.
    /// </summary>
    public static JsonObject Input(RailwayOptions options, string name, string value) => new()
    {
        ["projectId"] = options.ProjectId,
        ["serviceId"] = options.ServiceId,
        ["environmentId"] = options.EnvironmentId,
        ["variables"] = new JsonObject { [name] = value },
        ["skipDeploys"] = true,
    };
}
