using System.Text.Json.Nodes;
using Watchdog.Integrations.Kubernetes;

namespace Watchdog.Integrations.Tests.Kubernetes;

/// <summary>The JSON patches, op by op (API-NOTES §4.1 steps 5–6 for the rollback).</summary>
public sealed class PatchesTests
{
    private static DeploymentObject Deployment(JsonObject? annotations) => DeploymentObject.Parse(new JsonObject
    {
        ["metadata"] = new JsonObject { ["name"] = "web", ["uid"] = "uid-web", ["annotations"] = annotations },
        ["spec"] = new JsonObject
        {
            ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = "web" } },
            ["template"] = new JsonObject { ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = "web" } } },
        },
    });

    private static ReplicaSetObject ReplicaSet(JsonObject annotations) => new(
        "web-5d8f",
        3,
        null,
        JsonNode.Parse("""{"metadata":{"labels":{"app":"web","pod-template-hash":"5d8f"}},"spec":{"containers":[{"name":"web","image":"web:v3"}]}}""")!.AsObject(),
        annotations,
        false);

    [Fact]
    public void Rollback_KeptKeysComeFromTheDeploymentOrStayAbsent_AllOthersFromTheReplicaSet()
    {
        var deployment = Deployment(new JsonObject
        {
            ["deployment.kubernetes.io/revision"] = "7",
            ["deployment.kubernetes.io/revision-history"] = "2,4",
            ["kubectl.kubernetes.io/last-applied-configuration"] = "{}",
            ["deprecated.deployment.rollback.to"] = "3",
            ["kubernetes.io/change-cause"] = "deploy v7",
            ["only-on-deployment"] = "dropped, as kubectl's replace drops it",
        });
        var rs = ReplicaSet(new JsonObject
        {
            ["deployment.kubernetes.io/revision"] = "3",
            ["deployment.kubernetes.io/revision-history"] = "1",
            ["deployment.kubernetes.io/desired-replicas"] = "3",
            ["deployment.kubernetes.io/max-replicas"] = "4",
            ["deprecated.deployment.rollback.to"] = "9",
            ["kubernetes.io/change-cause"] = "deploy v3",
        });

        var patch = Patches.Rollback(deployment, rs);

        JsonPatchApplier.Canonical(patch).ShouldBe(JsonPatchApplier.Canonical(JsonNode.Parse("""
            [
              {"op": "replace", "path": "/spec/template", "value": {"metadata": {"labels": {"app": "web"}}, "spec": {"containers": [{"name": "web", "image": "web:v3"}]}}},
              {"op": "replace", "path": "/metadata/annotations", "value": {
                "deployment.kubernetes.io/revision": "7",
                "deployment.kubernetes.io/revision-history": "2,4",
                "kubectl.kubernetes.io/last-applied-configuration": "{}",
                "deprecated.deployment.rollback.to": "3",
                "kubernetes.io/change-cause": "deploy v3"
              }}
            ]
            """)));
        // The ReplicaSet read from the API is left as it was.
        rs.Template["metadata"]!["labels"]!["pod-template-hash"]!.GetValue<string>().ShouldBe("5d8f");
    }

    [Fact]
    public void SetEnv_ContainerWithoutEnv_AddsTheWholeList()
    {
        var container = new JsonObject { ["name"] = "web", ["image"] = "web:v3" };

        var patch = Patches.SetEnv(container, 2, "FEATURE_X", "false");

        JsonPatchApplier.Canonical(patch).ShouldBe(JsonPatchApplier.Canonical(JsonNode.Parse("""
            [
              {"op": "test", "path": "/spec/template/spec/containers/2/name", "value": "web"},
              {"op": "add", "path": "/spec/template/spec/containers/2/env", "value": [{"name": "FEATURE_X", "value": "false"}]}
            ]
            """)));
    }

    [Fact]
    public void SetEnv_VariableFromASecret_ReplacedByTheLiteralValue()
    {
        var container = JsonNode.Parse("""{"name":"web","env":[{"name":"FEATURE_X","valueFrom":{"secretKeyRef":{"name":"flags","key":"x"}}}]}""")!.AsObject();

        var patch = Patches.SetEnv(container, 0, "FEATURE_X", "false");

        patch.ShouldNotBeNull().Last()!.ToJsonString().ShouldBe("""{"op":"replace","path":"/spec/template/spec/containers/0/env/0","value":{"name":"FEATURE_X","value":"false"}}""");
    }
}
