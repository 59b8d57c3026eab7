using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Watchdog.Core.Ports;
using Watchdog.Core.Releases;
using Watchdog.Integrations.Http;

namespace Watchdog.Integrations.Railway;

/// <summary>
/// A Railway service as a deployment provider, over the public GraphQL API (API-NOTES.md §2). Every call returns
/// Railway's refusal as data (a failed result or outcome with Railway's words), never as an exception.
/// <c>deploymentRollback</c> answers only a Boolean (§2.2), and Railway may put the rolled-back release live as a new
/// deployment with an id of its own: what is live afterwards is read again from <c>serviceInstance</c>
/// (<see cref="GetLiveAsync"/>), never assumed to be the target's id. As evidence it reads the live deployment's logs
/// (<see cref="LiveLogsAsync"/>).
/// </summary>
public sealed class RailwayProvider : IDeploymentProvider, IProviderLogs, IVariableStates
{
    private readonly RailwayOptions _options;
    private readonly RailwayGraphQl _graphQl;
    private readonly ILogger _logger;

    /// <param name="http">Should carry the host's resilience handler: queries are marked retryable, mutations are not.</param>
    /// <exception cref="ArgumentException">The options are invalid (see <see cref="RailwayOptionsValidator"/>).</exception>
    public RailwayProvider(HttpClient http, RailwayOptions options, TimeProvider time, ILogger<RailwayProvider>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        var problems = RailwayOptionsValidator.Problems(options);
        if (problems.Count > 0)
            throw new ArgumentException($"Railway provider '{options.Name}': {string.Join(" ", problems)}", nameof(options));
        _options = options;
        _graphQl = new RailwayGraphQl(http, options, time);
        _logger = logger ?? NullLogger<RailwayProvider>.Instance;
    }

    public string Name => _options.Name;

    /// <summary>
    /// The service's deployments in this environment, newest first, read page by page up to
    /// <see cref="RailwayOptions.MaxPages"/>. Failed, crashed, unfinished and too-short-lived ones are marked
    /// not succeeded; <c>canRollback</c> is Railway's own.
    /// </summary>
    public Task<PeerResult<IReadOnlyList<Deployment>>> ListAsync(CancellationToken cancellationToken) =>
        PeerRead.GuardAsync<IReadOnlyList<Deployment>, PeerRefusedException>(() => ListCoreAsync(cancellationToken));

    private async Task<IReadOnlyList<Deployment>> ListCoreAsync(CancellationToken cancellationToken)
    {
        const string operation = "Deployments";
        var found = new List<RailwayDeployment>();
        var cursors = new HashSet<string>(StringComparer.Ordinal);
        string? after = null;
        for (var page = 1; ; page++)
        {
            var variables = new JsonObject
            {
                // §2.2 DeploymentListInput; no status filter, so the journal sees the whole history and each
                // status is judged here (the CLI, §2.3, leaves status and includeDeleted null too).
                ["input"] = new JsonObject
                {
                    ["projectId"] = _options.ProjectId,
                    ["environmentId"] = _options.EnvironmentId,
                    ["serviceId"] = _options.ServiceId,
                },
                ["first"] = _options.PageSize,
                ["after"] = after,
            };
            var data = await _graphQl.SendAsync(operation, RailwayDocuments.Deployments, variables, read: true, cancellationToken);
            var connection = Object(data, "deployments", operation);
            if (!connection.TryGetProperty("edges", out var edges) || edges.ValueKind != JsonValueKind.Array)
                throw new PeerRefusedException("Railway", $"Railway {operation}: the answer holds no edges.", null);
            foreach (var edge in edges.EnumerateArray())
            {
                var node = edge.ValueKind == JsonValueKind.Object && edge.TryGetProperty("node", out var n) ? n : default;
                found.Add(RailwayDeployment.Parse(node, _options.VersionMetaKeys, operation));
            }

            var pageInfo = Object(connection, "pageInfo", operation);
            var hasNext = pageInfo.TryGetProperty("hasNextPage", out var h) && h.ValueKind == JsonValueKind.True;
            if (!hasNext)
            {
                Log.Listed(_logger, Name, found.Count, page);
                break;
            }

            var endCursor = pageInfo.TryGetProperty("endCursor", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
            if (string.IsNullOrEmpty(endCursor) || !cursors.Add(endCursor))
                throw new PeerRefusedException("Railway", $"Railway {operation}: page {page} says more follow but gives no new endCursor.", null);
            if (page >= _options.MaxPages)
            {
                Log.HistoryCut(_logger, Name, page, found.Count);
                break;
            }

            after = endCursor;
        }

        // Newest first whatever order the pages came in (OrderBy is stable, so ties keep Railway's order).
        return [.. found.DistinctBy(d => d.Id).OrderByDescending(d => d.CreatedAt).Select(d => RailwayStatus.ToCore(d, _options.MinHealthyFor))];
    }

    /// <summary>
    /// The deployment serving traffic: rolled out (<c>SUCCESS</c>) with an instance <c>RUNNING</c>, from
    /// <c>serviceInstance</c> (see <see cref="RailwayStatus.Live"/>). Null when the service has none in place.
    /// </summary>
    public Task<PeerResult<Deployment?>> GetLiveAsync(CancellationToken cancellationToken) =>
        PeerRead.GuardAsync<Deployment?, PeerRefusedException>(async () =>
            await FindLiveAsync(cancellationToken) is { } live ? RailwayStatus.ToCore(live, _options.MinHealthyFor) : null);

    private async Task<RailwayDeployment?> FindLiveAsync(CancellationToken cancellationToken)
    {
        const string operation = "ServiceInstance";
        var variables = new JsonObject { ["environmentId"] = _options.EnvironmentId, ["serviceId"] = _options.ServiceId };
        var data = await _graphQl.SendAsync(operation, RailwayDocuments.ServiceInstance, variables, read: true, cancellationToken);
        var instance = Object(data, "serviceInstance", operation);

        var active = new List<RailwayDeployment>();
        if (instance.TryGetProperty("activeDeployments", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var node in list.EnumerateArray())
                active.Add(RailwayDeployment.Parse(node, _options.VersionMetaKeys, operation));
        }

        var latest = instance.TryGetProperty("latestDeployment", out var l) && l.ValueKind == JsonValueKind.Object
            ? RailwayDeployment.Parse(l, _options.VersionMetaKeys, operation)
            : null;
        var live = RailwayStatus.Live(active, latest);
        if (live is not null)
            Log.Live(_logger, Name, live, live.Status, live.InstanceStatuses.Count);
        return live;
    }

    /// <summary>
    /// The live deployment's newest <paramref name="maxLines"/> log lines, oldest first, as
    /// <c>{timestamp} [{severity}] {message}</c>, from <c>deploymentLogs(deploymentId, limit)</c>.
    /// </summary>
    /// <exception cref="PeerRefusedException">Railway could not be asked, refused (its GraphQL errors), or names no live deployment.</exception>
    public async Task<IReadOnlyList<string>> LiveLogsAsync(int maxLines, CancellationToken cancellationToken)
    {
        const string operation = "DeploymentLogs";
        if (maxLines <= 0) return [];
        var live = await FindLiveAsync(cancellationToken)
            ?? throw new PeerRefusedException("Railway", $"Railway {operation}: Railway names no live deployment whose logs could be read.", null);
        var variables = new JsonObject { ["deploymentId"] = live.Id, ["limit"] = maxLines };
        var data = await _graphQl.SendAsync(operation, RailwayDocuments.DeploymentLogs, variables, read: true, cancellationToken);
        if (!data.TryGetProperty("deploymentLogs", out var logs) || logs.ValueKind != JsonValueKind.Array)
            throw new PeerRefusedException("Railway", $"Railway {operation}: the answer holds no deploymentLogs list.", null);

        var lines = new List<string>();
        foreach (var log in logs.EnumerateArray())
        {
            if (Text(log, "message") is not { } message) continue;
            var severity = Text(log, "severity") is { Length: > 0 } s ? $"[{s}] " : "";
            lines.Add($"{Text(log, "timestamp")} {severity}{message.TrimEnd('\r', '\n')}".TrimStart());
        }

        // The CLI keeps the last `limit` because one more may come.
        var kept = lines.TakeLast(maxLines).ToList();
        Log.LogsRead(_logger, Name, kept.Count, live);
        return kept;
    }

    private static string? Text(JsonElement o, string name) =>
        o.ValueKind == JsonValueKind.Object && o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    /// <summary>
    /// <c>deploymentRollback(id)</c> to <paramref name="target"/> (§2.2), sent once: a mutation is not retried
    /// after Railway may have taken it. Accepted is <c>true</c>, or a Deployment object where the server types the
    /// mutation that way (§7 note 4); <c>false</c> or GraphQL <c>errors</c> are a failure with Railway's words.
    /// </summary>
    public async Task<StepOutcome> RollbackAsync(Deployment target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        var variables = new JsonObject { ["id"] = target.Id };
        string? failure;
        try
        {
            JsonElement data;
            try
            {
                data = await _graphQl.SendAsync("DeploymentRollback", RailwayDocuments.DeploymentRollback, variables, read: false, cancellationToken);
            }
            catch (PeerRefusedException e) when (e.Errors.Any(m => m.Contains("must have a selection of subfields", StringComparison.OrdinalIgnoreCase)))
            {
                // A validation error: GraphQL validates a document before executing any of it, so nothing ran.
                Log.RollbackNeedsSelection(_logger, Name);
                data = await _graphQl.SendAsync("DeploymentRollback", RailwayDocuments.DeploymentRollbackSelecting, variables.DeepClone().AsObject(), read: false, cancellationToken);
            }

            failure = data.TryGetProperty("deploymentRollback", out var answer) ? answer.ValueKind switch
            {
                JsonValueKind.True or JsonValueKind.Object => null,
                JsonValueKind.False => "Railway answered deploymentRollback: false (not accepted).",
                _ => "Railway's answer holds no deploymentRollback result.",
            } : "Railway's answer holds no deploymentRollback result.";
        }
        catch (PeerRefusedException e)
        {
            failure = e.Message;
        }

        if (failure is not null)
        {
            Log.RollbackRefused(_logger, Name, target, failure);
            return StepOutcome.Failure($"{Name}: rollback to {target} failed: {failure}");
        }

        Log.RollbackAccepted(_logger, Name, target);
        return StepOutcome.Success($"{Name}: rollback to {target} accepted by Railway (deploymentRollback answers only true; what goes live is read again from serviceInstance)");
    }

    /// <summary>The service's variables by name, each value reduced to its keyed digest as it is read (<see cref="VariableDigest"/>).</summary>
    public Task<PeerResult<IReadOnlyList<VariableState>>> ReadVariablesAsync(CancellationToken cancellationToken) =>
        VariableReads.GuardAsync<PeerRefusedException>(async () =>
        {
            var data = await _graphQl.SendAsync(RailwayVariables.ReadOperation, RailwayVariables.ReadDocument, RailwayVariables.ReadInput(_options), read: true, cancellationToken);
            if (!data.TryGetProperty("variables", out var map) || map.ValueKind != JsonValueKind.Object)
                throw new PeerRefusedException("Railway", $"{RailwayVariables.ReadOperation} answered no variables object");
            return [.. map.EnumerateObject().Select(v => new VariableState(v.Name, VariableDigest.Of(v.Value.ValueKind == JsonValueKind.String ? v.Value.GetString() : v.Value.GetRawText()), null))];
        }, _logger, Name);

    /// <summary>A variable takes effect only through a redeploy of the live deployment.</summary>
    public bool SetVariableRedeploys => true;

    /// <summary>
    /// Sets <paramref name="name"/> on the service with <c>variableCollectionUpsert</c> (deploys skipped), then
    /// redeploys the live deployment so the value takes effect. Railway binds variables to a deployment (a
    /// rollback restores "both the Docker image and custom variables"), so <c>deploymentRestart</c>, which restarts
    /// that same deployment, is not expected to apply it; <c>serviceInstanceRedeploy</c> names no deployment, and
    /// after a rollback the instance's latest may be the bad one. <c>deploymentRedeploy</c> of the live id, as
    /// <c>railway redeploy</c> sends it (§2.3), is exact.
    /// </summary>
    public async Task<StepOutcome> SetVariableAsync(string name, string value, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(value);

        // Find what to redeploy before changing anything, so a failure here leaves the service as it was.
        RailwayDeployment? live;
        try
        {
            live = await FindLiveAsync(cancellationToken);
        }
        catch (PeerRefusedException e)
        {
            return VariableFailed(name, $"could not find the live deployment to redeploy; nothing changed: {e.Message}");
        }

        if (live is null)
            return VariableFailed(name, "Railway names no live deployment to redeploy; nothing changed.");
        if (live.CanRedeploy == false)
            return VariableFailed(name, $"Railway says the live deployment {live} cannot be redeployed (canRedeploy: false); nothing changed.");

        try
        {
            var set = await _graphQl.SendAsync(RailwayVariables.Operation, RailwayVariables.Document, RailwayVariables.Input(_options, name, value), read: false, cancellationToken);
            if (!set.TryGetProperty("variableCollectionUpsert", out var ok) || ok.ValueKind != JsonValueKind.True)
                return VariableFailed(name, "Railway did not confirm variableCollectionUpsert (answer not true).");
        }
        catch (PeerRefusedException e)
        {
            return VariableFailed(name, e.Message);
        }

        string? redeployed;
        try
        {
            var data = await _graphQl.SendAsync("DeploymentRedeploy", RailwayDocuments.DeploymentRedeploy, new JsonObject { ["id"] = live.Id }, read: false, cancellationToken);
            redeployed = data.TryGetProperty("deploymentRedeploy", out var d) && d.ValueKind == JsonValueKind.Object
                && d.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;
        }
        catch (PeerRefusedException e)
        {
            return VariableFailed(name, $"{name} is set on Railway but not applied: redeploying {live} failed: {e.Message}");
        }

        if (redeployed is null)
            return VariableFailed(name, $"{name} is set on Railway but may not be applied: the redeploy of {live} named no new deployment.");

        Log.VariableSet(_logger, Name, name, live);
        return StepOutcome.Success($"{Name}: set {name}={value}; redeployed {live} as {redeployed} to apply it");
    }

    private StepOutcome VariableFailed(string variable, string reason)
    {
        Log.VariableFailed(_logger, Name, variable, reason);
        return StepOutcome.Failure($"{Name}: setting {variable} failed: {reason}");
    }

    private static JsonElement Object(JsonElement parent, string name, string operation) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object
            ? value
            : throw new PeerRefusedException("Railway", $"Railway {operation}: the answer holds no {name}.", null);
}
