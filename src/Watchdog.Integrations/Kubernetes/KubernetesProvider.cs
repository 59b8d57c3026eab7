using System.Text.Json.Nodes;
using Watchdog.Core.Ports;
using Watchdog.Core.Releases;
using Watchdog.Integrations.Http;

namespace Watchdog.Integrations.Kubernetes;

/// <summary>
/// Rolls a Deployment back the way <c>kubectl rollout undo</c> does (API-NOTES §4.1), over the REST API.
/// A deployment is a ReplicaSet the Deployment controls, identified by its name; its version is the
/// app container's image tag. Every call reports what the API could not
/// answer or refused as a failed result or outcome carrying the API's message, never as an exception.
/// As evidence it reads the live ReplicaSet's pod logs (<see cref="LiveLogsAsync"/>).
/// </summary>
public sealed class KubernetesProvider : IDeploymentProvider, IProviderLogs, IVariableStates
{
    private readonly KubernetesOptions _options;
    private readonly KubernetesApi _api;
    private readonly string _namespace;
    private readonly string _deploymentPath;
    private readonly PodLogs _podLogs;
    private readonly ILogger _logger;

    /// <param name="http">
    /// A client with the host's resilience handler, whose primary handler trusts the cluster's CA
    /// (<see cref="KubernetesTls.CreateHandler"/>).
    /// </param>
    /// <exception cref="ArgumentException">The options are invalid, or the namespace file cannot be read.</exception>
    public KubernetesProvider(HttpClient http, KubernetesOptions options, TimeProvider time, ILogger<KubernetesProvider> logger)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        var problems = KubernetesOptionsValidator.Problems(options);
        if (problems.Count > 0)
            throw new ArgumentException($"kubernetes provider '{options.Name}': {string.Join(" ", problems)}", nameof(options));
        _options = options;
        _logger = logger;
        _namespace = options.Namespace ?? ReadNamespace(options.NamespaceFile!);
        _deploymentPath = KubernetesApi.DeploymentPath(_namespace, options.Deployment!);
        _api = new KubernetesApi(http, options.EffectiveApiUrl(), new BearerToken(options, time), options.MaxResponseBytes);
        _podLogs = new PodLogs(_api, _namespace, Target, options.PageSize);
    }

    public string Name => _options.Name;

    private string Target => $"deployment/{_options.Deployment}";

    /// <summary>The Deployment's ReplicaSets, highest revision first (see <see cref="RolloutHistory.NewestFirst"/>).</summary>
    public Task<PeerResult<IReadOnlyList<Deployment>>> ListAsync(CancellationToken cancellationToken) =>
        PeerRead.GuardAsync<IReadOnlyList<Deployment>, PeerRefusedException>(async () =>
        {
            var history = await ReadAsync(cancellationToken);
            return [.. history.NewestFirst.Select(history.ToDeployment)];
        });

    /// <summary>The ReplicaSet serving traffic (see <see cref="RolloutHistory.Live"/>); null when none can be named.</summary>
    public Task<PeerResult<Deployment?>> GetLiveAsync(CancellationToken cancellationToken) =>
        PeerRead.GuardAsync<Deployment?, PeerRefusedException>(async () =>
        {
            var history = await ReadAsync(cancellationToken);
            var live = history.Live;
            var d = history.Deployment;
            Log.Live(_logger, Name, d.Name, live?.Name ?? "unknown", d.Generation, d.Status.ObservedGeneration, d.Status.UpdatedReplicas, d.Replicas, d.Status.AvailableReplicas);
            return live is null ? null : history.ToDeployment(live);
        });

    /// <summary>
    /// The newest lines the app container of the live ReplicaSet's pods printed (see <see cref="PodLogs"/>),
    /// oldest first, each prefixed with its pod's name. Needs <c>pods</c> (list) and <c>pods/log</c> (get) in the Role.
    /// </summary>
    /// <exception cref="PeerRefusedException">The API could not be asked, or refused (a 403 names what the Role lacks).</exception>
    public async Task<IReadOnlyList<string>> LiveLogsAsync(int maxLines, CancellationToken cancellationToken)
    {
        if (maxLines <= 0) return [];
        var history = await ReadAsync(cancellationToken);
        var live = history.Live ?? throw new PeerRefusedException("Kubernetes", $"{Target} names no live ReplicaSet whose pods could be read.");
        if (PodTemplates.Container(live.Template, _options.Container) is not ({ } container, _) || PodTemplates.Text(container["name"]) is not { } name)
            throw new PeerRefusedException("Kubernetes", $"replicaset {live.Name} has no container {(_options.Container is null ? "at all" : "named " + _options.Container)} to read the log of.");

        string selector;
        try
        {
            // The ReplicaSet's own selector carries its pod-template-hash; the Deployment's would find every release's pods.
            selector = live.Selector is { } own ? LabelSelector.Render(own) : history.Deployment.Selector;
        }
        catch (FormatException e)
        {
            throw new PeerRefusedException("Kubernetes", $"replicaset {live.Name}'s selector: {e.Message}.", null, innerException: e);
        }

        var (lines, pods) = await _podLogs.ReadAsync(live, selector, name, maxLines, cancellationToken);
        Log.LogsRead(_logger, Name, lines.Count, pods, live.Name);
        return lines;
    }

    /// <summary>The app container's variables, from its env and the ConfigMaps it reads (<see cref="ContainerVariables"/>).</summary>
    public Task<PeerResult<IReadOnlyList<VariableState>>> ReadVariablesAsync(CancellationToken cancellationToken) =>
        VariableReads.GuardAsync<PeerRefusedException>(async () =>
            await ContainerVariables.ReadAsync(_api, _namespace, await _api.GetAsync(_deploymentPath, cancellationToken), _options.Container, cancellationToken), _logger, Name);

    /// <summary>
    /// <c>rollout undo</c> to <paramref name="target"/>'s ReplicaSet: refused when the Deployment is paused or
    /// the ReplicaSet is not one it controls or has no revision; "skipped" with no write when the Deployment
    /// already has that template; else one JSON patch (§4.1 steps 5–6). Returns once the API accepted it.
    /// </summary>
    public async Task<StepOutcome> RollbackAsync(Deployment target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        try
        {
            // §4.1 step 1, then the paused guard first, as kubectl checks it before reading history.
            var deployment = Parse(await _api.GetAsync(_deploymentPath, cancellationToken));
            if (deployment.Paused)
                return Refused(target, $"{Target} is paused; resume it first (kubectl rollout resume {Target} -n {_namespace}), then roll back");

            var history = await HistoryAsync(deployment, cancellationToken);
            if (history.Find(target.Id) is not { } rs)
                return Refused(target, $"replicaset {target.Id} is not one of {Target}'s ReplicaSets: none by that name is controlled by it");
            if (rs.Revision is not { } revision)
                return Refused(target, $"replicaset {rs.Name} has no {ReplicaSetObject.RevisionAnnotation} annotation, so rollout undo cannot roll back to it");

            var version = PodTemplates.Version(rs.Template, _options.Container);
            if (PodTemplates.EqualIgnoringHash(rs.Template, deployment.Template))
            {
                Log.RollbackSkipped(_logger, Name, deployment.Name, rs.Name);
                return StepOutcome.Success($"skipped rollback (already at target): {Target} already has the template of replicaset {rs.Name} ({version})");
            }

            PeerRefusedException? refusal = null;
            long generation = 0;
            try
            {
                var patched = await _api.PatchAsync(_deploymentPath, Patches.Rollback(deployment, rs), cancellationToken);
                generation = DeploymentObject.Number(patched["metadata"]?["generation"]) ?? 0;
            }
            catch (PeerRefusedException e)
            {
                refusal = e;
            }

            if (refusal is not null)
                return Refused(target, $"Kubernetes refused the rollback of {Target} to replicaset {rs.Name}: {refusal.Message}");

            Log.RolledBack(_logger, Name, deployment.Name, rs.Name, revision, version, generation);
            return StepOutcome.Success(
                $"{Target} patched to the template of replicaset {rs.Name} (revision {revision}, {version}); generation {generation}, which the controller rolls out as a new revision");
        }
        catch (PeerRefusedException e)
        {
            return Refused(target, $"could not roll back {Target} to replicaset {target.Id}: {e.Message}");
        }
    }

    /// <summary>A changed pod template rolls the Deployment out again.</summary>
    public bool SetVariableRedeploys => true;

    /// <summary>
    /// Sets the variable in the app container's <c>env</c> with a JSON patch (see <see cref="Patches.SetEnv"/>).
    /// Changing the template starts a rollout, which is the restart; this returns once the API accepted the patch.
    /// </summary>
    public async Task<StepOutcome> SetVariableAsync(string name, string value, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        try
        {
            var deployment = Parse(await _api.GetAsync(_deploymentPath, cancellationToken));
            if (deployment.Paused)
                return NotSet(name, $"{Target} is paused; resume it first: a changed template would not roll out while paused");
            if (PodTemplates.Container(deployment.Template, _options.Container) is not ({ } container, var index))
                return NotSet(name, _options.Container is null ? $"{Target} has no containers" : $"{Target} has no container named {_options.Container}");

            var containerName = PodTemplates.Text(container["name"]) ?? $"#{index}";
            if (Patches.SetEnv(container, index, name, value) is not { } patch)
                return StepOutcome.Success($"{name} is already {value} on container {containerName} of {Target}: nothing to change");

            var patched = await _api.PatchAsync(_deploymentPath, patch, cancellationToken);
            var generation = DeploymentObject.Number(patched["metadata"]?["generation"]) ?? 0;
            Log.VariableSet(_logger, Name, name, containerName, deployment.Name, generation);
            return StepOutcome.Success($"set {name}={value} on container {containerName} of {Target} (generation {generation}); the rollout restarts its pods");
        }
        catch (PeerRefusedException e)
        {
            return NotSet(name, $"could not set {name} on {Target}: {e.Message}");
        }
    }

    private StepOutcome Refused(Deployment target, string why)
    {
        Log.RollbackRefused(_logger, Name, _options.Deployment!, target.Id, why);
        return StepOutcome.Failure(why);
    }

    private StepOutcome NotSet(string variable, string why)
    {
        Log.VariableNotSet(_logger, Name, variable, _options.Deployment!, why);
        return StepOutcome.Failure(why);
    }

    private async Task<RolloutHistory> ReadAsync(CancellationToken ct) =>
        await HistoryAsync(Parse(await _api.GetAsync(_deploymentPath, ct)), ct);

    /// <summary>§4.1 step 2: ReplicaSets by the Deployment's selector, then only those it controls.</summary>
    private async Task<RolloutHistory> HistoryAsync(DeploymentObject deployment, CancellationToken ct)
    {
        var path = KubernetesApi.ReplicaSetsPath(_namespace);
        var items = await _api.ListAsync(path, deployment.Selector, _options.PageSize, ct);
        try
        {
            return RolloutHistory.Of(deployment, items, _options.Container);
        }
        catch (FormatException e)
        {
            throw new PeerRefusedException("Kubernetes", $"Kubernetes API GET /{path}: {e.Message}.", null, innerException: e);
        }
    }

    private DeploymentObject Parse(JsonObject raw)
    {
        try
        {
            return DeploymentObject.Parse(raw);
        }
        catch (FormatException e)
        {
            throw new PeerRefusedException("Kubernetes", $"Kubernetes API GET /{_deploymentPath}: {e.Message}.", null, innerException: e);
        }
    }

    private static string ReadNamespace(string file)
    {
        string ns;
        try
        {
            ns = File.ReadAllText(file).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"Namespace is not set and {file} cannot be read ({e.GetType().Name}); set Namespace outside a pod.", e);
        }

        return KubernetesOptionsValidator.IsLabel(ns)
            ? ns
            : throw new ArgumentException($"Namespace is not set and {file} does not hold a namespace name.");
    }
}
