using System.Text.Json;
using System.Globalization;
using Watchdog.Core.Ports;
using Watchdog.Core.Releases;
using Watchdog.Integrations.Http;

namespace Watchdog.Integrations.Vercel;

/// <summary>
/// Vercel as a deployment provider, over its REST API as API-NOTES.md §3 documents it: production deployments
/// listed page by page, instant rollback, and the project's <c>lastAliasRequest</c> read to know when the
/// rollback has moved the production domains. A call Vercel cannot answer is a failed result or outcome
/// with its code and message, never an exception.
/// </summary>
public sealed class VercelProvider : IDeploymentProvider, IPinnedProduction, IVariableStates
{
    /// <summary>§3: <c>/v6/deployments</c>, what the CLI pages with; the current OpenAPI names <c>/v7</c> (§7 note 6).</summary>
    private const string DeploymentsPath = "/v6/deployments";

    private const string ProjectHint = " (check ProjectId, and TeamId for a team project)";

    private readonly VercelOptions _options;
    private readonly VercelApi _api;
    private readonly ILogger _logger;
    private string? _projectId;
    private string? _reportedJob;

    /// <exception cref="ArgumentException">The options are invalid (see <see cref="VercelOptionsValidator"/>).</exception>
    public VercelProvider(HttpClient http, VercelOptions options, TimeProvider time, ILogger<VercelProvider> logger)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        var problems = VercelOptionsValidator.Problems(options);
        if (problems.Count > 0)
            throw new ArgumentException($"Vercel provider '{options.Name}': {string.Join(" ", problems)}", nameof(options));
        _options = options;
        _api = new VercelApi(http, options, time);
        _logger = logger;
    }

    public string Name => _options.Name;

    /// <summary>
    /// The project's last alias request (rollback or promote) as last read by <see cref="GetLiveAsync"/>; null before
    /// the first read or when the project has none. A failed one is also logged, once.
    /// </summary>
    public VercelAliasJob? LastAliasJob { get; private set; }

    /// <summary>
    /// The project's production deployments, newest first: <c>GET /v6/deployments?projectId=&amp;target=production&amp;limit=</c>,
    /// then <c>until=&lt;pagination.next&gt;</c> until <c>next</c> is null or <see cref="VercelOptions.MaxPages"/> pages are read.
    /// Every state is listed; only <c>READY</c> ones count as succeeded (see <see cref="VercelDeployments.ToDeployment"/>).
    /// </summary>
    public Task<PeerResult<IReadOnlyList<Deployment>>> ListAsync(CancellationToken cancellationToken) =>
        PeerRead.GuardAsync<IReadOnlyList<Deployment>, PeerRefusedException>(async () => await ListCoreAsync(stopAt: null, cancellationToken));

    /// <summary>
    /// What production serves, from <c>GET /v9/projects/{idOrName}</c> (see <see cref="VercelLive"/>): the deployment a
    /// running rollback started from until Vercel reports it succeeded. Its version comes from the project's own object
    /// when that carries the version key, else from the list, so it matches what <see cref="ListAsync"/> says.
    /// </summary>
    public Task<PeerResult<Deployment?>> GetLiveAsync(CancellationToken cancellationToken) =>
        PeerRead.GuardAsync<Deployment?, PeerRefusedException>(() => LiveAsync(cancellationToken));

    private async Task<Deployment?> LiveAsync(CancellationToken cancellationToken)
    {
        var project = await ProjectAsync(cancellationToken);
        var job = VercelAliasJob.From(project.LastAliasRequest);
        var (id, shown) = VercelLive.Decide(project, job);
        Observe(job, id);
        if (id is null)
        {
            Log.LiveUnknown(_logger, Name);
            return null;
        }

        var fromProject = shown is null ? null : VercelDeployments.ToDeployment(shown, _options.VersionMetaKeys);
        if (shown is not null && VercelDeployments.VersionFromMeta(shown, _options.VersionMetaKeys) is not null && fromProject is not null)
            return fromProject;

        try
        {
            var listed = await ListCoreAsync(stopAt: id, cancellationToken);
            return listed.FirstOrDefault(d => d.Id == id) ?? fromProject ?? new Deployment(id, id);
        }
        catch (PeerRefusedException e)
        {
            // Knowing what is live matters more than knowing its version: the runbook compares ids.
            Log.LiveNotListed(_logger, Name, id, e.Message);
            return fromProject ?? new Deployment(id, id);
        }
    }

    /// <summary>
    /// Instant rollback on the documented path (§11): <c>POST /v1/projects/{projectId}/rollback/{deploymentId}</c> with body
    /// <c>{}</c> (the CLI marks it required on its <c>/v9</c> twin), where the deployment is the one to roll back to. Any 2xx
    /// is accepted, with or without a body (§7 note 8: 201 and no body is documented). The POST is retried only when Vercel
    /// said it did not take it (429), by the client's resilience handler; a 5xx or a timeout is a failure, since the request
    /// may have reached Vercel. Vercel then turns off <c>autoAssignCustomDomains</c> (§11): see <see cref="IPinnedProduction"/>.
    /// </summary>
    public Task<StepOutcome> RollbackAsync(Deployment target, CancellationToken cancellationToken) =>
        // §11: /v1 is the documented path (the SDK's requestRollback); `vercel rollback` sends /v9, which also works.
        RequestAliasAsync("rollback", "/v1", "rollback", target, cancellationToken);

    /// <summary>
    /// §11 promote: <c>POST /v10/projects/{projectId}/promote/{deploymentId}</c> with body <c>{}</c>, as <c>vercel promote</c>
    /// sends it; 201 or 202. It ends a rolled-back state and turns automatic domain assignment back on.
    /// </summary>
    public Task<StepOutcome> PromoteAsync(Deployment target, CancellationToken cancellationToken) =>
        RequestAliasAsync("promote", "/v10", "promote", target, cancellationToken);

    public string AutoAssignSetting => "autoAssignCustomDomains";

    /// <summary>What <c>vercel promote</c> takes: a deployment's URL or id, and the team as its scope.</summary>
    public string PromoteCommand => $"vercel promote <deployment-url-or-id>{(_options.TeamId is { } team ? $" --scope {team}" : "")}";

    /// <summary>The project's <c>autoAssignCustomDomains</c> (§11), from <c>GET /v9/projects/{idOrName}</c>.</summary>
    public Task<PeerResult<bool>> AutoAssignsDomainsAsync(CancellationToken cancellationToken) =>
        PeerRead.GuardAsync<bool, PeerRefusedException>(async () => (await ProjectAsync(cancellationToken)).AutoAssignCustomDomains
            ?? throw new PeerRefusedException("Vercel", $"Vercel get project: project {_projectId ?? _options.ProjectId} has no autoAssignCustomDomains field.", null, null));

    /// <summary>§11: <c>PATCH /v9/projects/{id}</c> with <c>{"autoAssignCustomDomains": on}</c>, an accepted field of the update body.</summary>
    public async Task<StepOutcome> SetAutoAssignDomainsAsync(bool on, CancellationToken cancellationToken)
    {
        var value = on ? "true" : "false";
        try
        {
            var projectId = await ProjectIdAsync(cancellationToken);
            var answer = await _api.SendAsync(HttpMethod.Patch, "update project", $"/v9/projects/{VercelApi.Segment(projectId)}", [],
                $"{{\"autoAssignCustomDomains\":{value}}}", cancellationToken);
            if (!answer.IsSuccess) return Failed($"Vercel refused to set autoAssignCustomDomains to {value} ({answer.Call}): {answer.Describe()}");
            Log.AutoAssignSet(_logger, Name, projectId, on);
            return StepOutcome.Success($"{Name}: autoAssignCustomDomains set to {value} on project {projectId}");
        }
        catch (PeerRefusedException e)
        {
            return Failed($"setting autoAssignCustomDomains to {value} failed: {e.Message}");
        }

        StepOutcome Failed(string detail)
        {
            Log.AutoAssignFailed(_logger, Name, detail);
            return StepOutcome.Failure($"{Name}: {detail}");
        }
    }

    /// <summary>A rollback or promote: the project's id, then <c>POST {version}/projects/{id}/{verb}/{deploymentId}</c> with <c>{}</c>.</summary>
    private async Task<StepOutcome> RequestAliasAsync(string what, string version, string verb, Deployment target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        string projectId;
        try
        {
            projectId = await ProjectIdAsync(cancellationToken);
        }
        catch (PeerRefusedException e)
        {
            return Refused(what, target, $"the project could not be read, so no {what} was requested: {e.Message}");
        }

        var path = $"{version}/projects/{VercelApi.Segment(projectId)}/{verb}/{VercelApi.Segment(target.Id)}";
        VercelAnswer answer;
        try
        {
            answer = await _api.SendAsync(HttpMethod.Post, what, path, [], "{}", cancellationToken);
        }
        catch (PeerRefusedException e)
        {
            return Refused(what, target, $"{e.Message} It may or may not have reached Vercel: the project's lastAliasRequest will say.");
        }

        if (!answer.IsSuccess)
            return Refused(what, target, $"Vercel refused the {what} to {target} ({answer.Call}): {answer.Describe()}");

        Log.AliasRequestAccepted(_logger, Name, what, projectId, target, (int)answer.Status);
        return StepOutcome.Success(
            $"{Name}: Vercel accepted the {what} of project {projectId} to {target} (HTTP {(int)answer.Status}); it moves the production domains in the background");
    }

    /// <summary>
    /// Not supported: API-NOTES.md §3 documents no endpoint for environment variables, nor the redeploy a changed
    /// variable needs before it takes effect. A failure, never a pretended success.
    /// </summary>
    public Task<StepOutcome> SetVariableAsync(string name, string value, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        Log.VariableUnsupported(_logger, Name, name);
        return Task.FromResult(StepOutcome.Failure(
            $"{Name}: setting {name} is not supported by the Vercel provider: the API notes document no environment-variable " +
            "endpoint, and a changed variable only takes effect after a redeploy, for which they document none either. " +
            "Set it in Vercel and redeploy, or configure a command provider that does."));
    }

    /// <summary>
    /// The project's production variables (<c>GET /v10/projects/{id}/env</c>), each dated by Vercel's <c>updatedAt</c>. The
    /// digest covers its id, type, targets and <c>updatedAt</c>, not the value: Vercel lists most values encrypted, and a
    /// ciphertext that is not stable from one listing to the next would read as a change at every poll, while an edit
    /// always moves <c>updatedAt</c>.
    /// </summary>
    public Task<PeerResult<IReadOnlyList<VariableState>>> ReadVariablesAsync(CancellationToken cancellationToken) =>
        VariableReads.GuardAsync<PeerRefusedException>(async () =>
        {
            var projectId = await ProjectIdAsync(cancellationToken);
            var answer = await _api.SendAsync(HttpMethod.Get, "list environment variables", $"/v10/projects/{VercelApi.Segment(projectId)}/env", [], null, cancellationToken);
            var envs = answer.Read(VercelJsonContext.Default.WireEnvs, ProjectHint).Envs ?? [];
            return [.. envs.OfType<WireEnv>().Where(e => e.Key is { Length: > 0 } && ForProduction(e.Target)).Select(e => new VariableState(e.Key!,
                VariableDigest.Of(string.Join('\n', e.Id, e.Type, e.Target?.GetRawText(), e.UpdatedAt)),
                e.UpdatedAt is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null))];
        }, _logger, Name);

    /// <summary>A variable production reads: its targets name <c>production</c> (or it names none).</summary>
    private static bool ForProduction(JsonElement? target) => target switch
    {
        { ValueKind: JsonValueKind.String } t => t.GetString() == "production",
        { ValueKind: JsonValueKind.Array } t => t.EnumerateArray().Any(x => x.ValueKind == JsonValueKind.String && x.GetString() == "production"),
        _ => true,
    };

    private async Task<List<Deployment>> ListCoreAsync(string? stopAt, CancellationToken ct)
    {
        var projectId = await ProjectIdAsync(ct);
        var listed = new List<Deployment>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        long? until = null;
        for (var page = 1; ; page++)
        {
            List<KeyValuePair<string, string>> query =
            [
                new("projectId", projectId),
                new("target", "production"),
                new("limit", _options.PageSize.ToString(CultureInfo.InvariantCulture)),
            ];
            if (until is { } u) query.Add(new("until", u.ToString(CultureInfo.InvariantCulture)));

            var answer = await _api.SendAsync(HttpMethod.Get, "list deployments", DeploymentsPath, query, null, ct);
            var body = answer.Read(VercelJsonContext.Default.WireDeploymentsPage, ProjectHint);
            if (body.Deployments is null)
                throw new PeerRefusedException("Vercel", $"Vercel list deployments ({answer.Call}): the answer has no deployments array.", answer.Status, null);
            foreach (var wire in body.Deployments)
            {
                var deployment = (wire is null ? null : VercelDeployments.ToDeployment(wire, _options.VersionMetaKeys))
                    ?? throw new PeerRefusedException("Vercel", $"Vercel list deployments ({answer.Call}): a listed deployment has no uid.", answer.Status, null);
                if (seen.Add(deployment.Id)) listed.Add(deployment);
            }

            if (stopAt is not null && seen.Contains(stopAt)) break;
            if (body.Pagination?.Next is not { } next || body.Deployments.Count == 0) break;
            if (until is { } before && next >= before)
                throw new PeerRefusedException("Vercel", $"Vercel list deployments ({answer.Call}): pagination.next {next} does not move past until={before}; stopped rather than loop.", answer.Status, null);
            if (page >= _options.MaxPages)
            {
                Log.HistoryCut(_logger, Name, listed.Count, page);
                break;
            }

            until = next;
        }

        // Vercel lists newest first; sorting (stably) keeps that promise should a page ever come out of order.
        return listed.All(d => d.CreatedAt is not null) ? [.. listed.OrderByDescending(d => d.CreatedAt)] : listed;
    }

    /// <summary><c>GET /v9/projects/{idOrName}</c>; remembers the project's id for the calls that need it.</summary>
    private async Task<WireProject> ProjectAsync(CancellationToken ct)
    {
        var idOrName = _projectId ?? _options.ProjectId!;
        var answer = await _api.SendAsync(HttpMethod.Get, "get project", $"/v9/projects/{VercelApi.Segment(idOrName)}", [], null, ct);
        var project = answer.Read(VercelJsonContext.Default.WireProject, ProjectHint);
        if (!string.IsNullOrWhiteSpace(project.Id)) _projectId = project.Id;
        return project;
    }

    /// <summary>The project's id: the rollback path and the list's <c>projectId</c> get the id, never a name.</summary>
    private async Task<string> ProjectIdAsync(CancellationToken ct)
    {
        if (_projectId is { } known) return known;
        await ProjectAsync(ct);
        return _projectId ?? _options.ProjectId!;
    }

    /// <summary>Keeps the job for <see cref="LastAliasJob"/> and logs each new state of it once, a failure as a warning.</summary>
    private void Observe(VercelAliasJob? job, string? live)
    {
        LastAliasJob = job;
        if (job is null) return;
        var key = $"{job.Type}|{job.ToDeploymentId}|{job.RequestedAt?.ToUnixTimeMilliseconds()}|{job.Status}";
        if (Interlocked.Exchange(ref _reportedJob, key) == key) return;
        var to = job.ToDeploymentId ?? "(unnamed)";
        if (job.Failed)
            Log.AliasJobFailed(_logger, Name, job.Type, to, live ?? "(unknown)", _projectId ?? _options.ProjectId!);
        else
            Log.AliasJob(_logger, Name, job.Type, to, job.FromDeploymentId ?? "(unnamed)", job.Status);
    }

    private StepOutcome Refused(string what, Deployment target, string detail)
    {
        Log.AliasRequestRefused(_logger, Name, what, target, detail);
        return StepOutcome.Failure($"{Name}: {detail}");
    }
}
