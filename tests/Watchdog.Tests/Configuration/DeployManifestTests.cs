using System.Text.Json.Nodes;
using Watchdog.Tests.Support;

namespace Watchdog.Tests.Configuration;

/// <summary>
/// deploy/ as rendered: `kubectl kustomize` of the sidecar and of the HA example (offline), and the HA compose file
/// parsed as YAML (no compose plugin here), each checked for the facts its README promises.
/// </summary>
public sealed class DeployManifestTests
{
    private static string Deploy(string path) => Path.Combine(ShippedConfigTests.RepoRoot, "deploy", path);

    private static async Task<IReadOnlyList<JsonNode>> KustomizeAsync(string dir)
    {
        var (exit, output) = await Tools.RunAsync("kubectl", "kustomize " + Deploy(dir));
        exit.ShouldBe(0, output);
        return YamlDocuments.Parse(output);
    }

    private static JsonNode Container(JsonNode deployment, string name) =>
        deployment["spec"]!["template"]!["spec"]!["containers"]!.AsArray().Single(c => (string?)c!["name"] == name)!;

    private static JsonNode AppSettings(IReadOnlyList<JsonNode> rendered) =>
        JsonNode.Parse((string)rendered.Single(d => (string?)d["kind"] == "ConfigMap")["data"]!["appsettings.json"]!)!["Watchdog"]!;

    private static string? Env(JsonNode container, string name) =>
        (string?)container["env"]!.AsArray().Single(e => (string?)e!["name"] == name)!["valueFrom"]!["fieldRef"]!["fieldPath"];

    [KubectlFact]
    public async Task Sidecar_JournalOnTheClaim_OneReplica_Recreate_PodIdentityFromTheDownwardApi()
    {
        var rendered = await KustomizeAsync("kubernetes");
        var deployment = rendered.Resource("Deployment", "shop-api");
        var watchdog = Container(deployment, "watchdog");

        ((string?)deployment["spec"]!["replicas"]).ShouldBe("1");
        ((string?)deployment["spec"]!["strategy"]!["type"]).ShouldBe("Recreate");
        var dataMount = watchdog["volumeMounts"]!.AsArray().Single(m => (string?)m!["mountPath"] == "/data")!;
        var volume = deployment["spec"]!["template"]!["spec"]!["volumes"]!.AsArray().Single(v => (string?)v!["name"] == (string?)dataMount["name"])!;
        var claim = (string?)volume["persistentVolumeClaim"]?["claimName"];
        claim.ShouldNotBeNull("the journal's /data must be a PersistentVolumeClaim");
        ((string?)rendered.Resource("PersistentVolumeClaim", claim)["spec"]!["accessModes"]![0]).ShouldBe("ReadWriteOnce");
        Env(watchdog, "WATCHDOG_POD_NAME").ShouldBe("metadata.name");
        Env(watchdog, "WATCHDOG_POD_NAMESPACE").ShouldBe("metadata.namespace");
        ((string?)AppSettings(rendered)["Store"]?["Type"] ?? "Sqlite").ShouldBe("Sqlite");
    }

    [KubectlFact]
    public async Task Ha_WatchdogsOwnDeployment_OnPostgres_MayPatchTheAppOnly()
    {
        var rendered = await KustomizeAsync("kubernetes/ha");
        var deployment = rendered.Resource("Deployment", "watchdog");
        var watchdog = Container(deployment, "watchdog");
        var settings = AppSettings(rendered);

        int.Parse((string)deployment["spec"]!["replicas"]!).ShouldBeInRange(2, 3);
        ((string?)settings["Store"]!["Type"]).ShouldBe("Postgres");
        var connectionFile = (string)settings["Store"]!["ConnectionStringFile"]!;
        var secrets = watchdog["volumeMounts"]!.AsArray().Single(m => connectionFile.StartsWith((string)m!["mountPath"]! + "/", StringComparison.Ordinal))!;
        var secretName = (string)deployment["spec"]!["template"]!["spec"]!["volumes"]!.AsArray().Single(v => (string?)v!["name"] == (string?)secrets["name"])!["secret"]!["secretName"]!;
        rendered.Resource("Secret", secretName)["stringData"]![Path.GetFileName(connectionFile)].ShouldNotBeNull();

        // Only the app's Deployment may be patched, and that is the one the provider rolls back; Watchdog's own is not it.
        var target = (string)settings["Services"]![0]!["Provider"]!["Deployment"]!;
        var deployments = rendered.Resource("Role", "watchdog")["rules"]!.AsArray().Single(r => r!["resources"]!.AsArray().Any(x => (string?)x == "deployments"))!;
        deployments["resourceNames"]!.AsArray().Select(x => (string?)x).ShouldBe([target]);
        target.ShouldNotBe("watchdog");
        rendered.Resource("Deployment", target).ShouldNotBeNull();
        ((string?)rendered.Resource("RoleBinding", "watchdog")["subjects"]![0]!["name"]).ShouldBe((string?)deployment["spec"]!["template"]!["spec"]!["serviceAccountName"]);
        rendered.Resource("ServiceAccount", "watchdog").ShouldNotBeNull();

        var podLabels = deployment["spec"]!["template"]!["metadata"]!["labels"]!.AsObject();
        ShouldSelect(rendered.Resource("PodDisruptionBudget", "watchdog")["spec"]!["selector"]!["matchLabels"]!, podLabels);
        ShouldSelect(rendered.Resource("Service", "watchdog")["spec"]!["selector"]!, podLabels);
        ((string?)watchdog["livenessProbe"]!["httpGet"]!["path"]).ShouldBe("/healthz");
        ((string?)watchdog["readinessProbe"]!["httpGet"]!["path"]).ShouldBe("/readyz");
    }

    private static void ShouldSelect(JsonNode selector, JsonObject labels)
    {
        selector.AsObject().Count.ShouldBePositive();
        foreach (var (key, value) in selector.AsObject()) ((string?)labels[key]).ShouldBe((string?)value, $"selector {key}");
    }

    [Fact]
    public void ComposeHa_TwoWatchdogs_WaitForAHealthyPostgres_AndShareItsJournal()
    {
        var compose = YamlDocuments.Parse(File.ReadAllText(Deploy("compose/ha/compose.yaml"))).ShouldHaveSingleItem();
        var services = compose["services"]!.AsObject();
        var settings = JsonNode.Parse(File.ReadAllText(Deploy("compose/ha/appsettings.json")))!["Watchdog"]!;

        ((string)services["postgres"]!["healthcheck"]!["test"]!.AsArray().Last()!).ShouldContain("pg_isready");
        ((string?)settings["Store"]!["Type"]).ShouldBe("Postgres");
        var connectionSecret = Path.GetFileName((string)settings["Store"]!["ConnectionStringFile"]!);
        var watchdogs = services.Where(s => ((string?)s.Value!["image"])?.Contains("/watchdog:", StringComparison.Ordinal) == true).ToList();

        watchdogs.Count.ShouldBe(2);
        foreach (var (name, watchdog) in watchdogs)
        {
            ((string?)watchdog!["depends_on"]!["postgres"]!["condition"]).ShouldBe("service_healthy", name);
            watchdog["secrets"]!.AsArray().Select(s => (string?)s).ShouldContain(connectionSecret, name);
            watchdog["volumes"]!.AsArray().Select(v => (string?)v).ShouldContain("./appsettings.json:/etc/watchdog/appsettings.json:ro", name);
        }

        watchdogs.Select(w => (string?)w.Value!["ports"]![0]).Distinct().Count().ShouldBe(2, "each instance publishes its own port");
        compose["secrets"]![connectionSecret].ShouldNotBeNull();
    }
}
