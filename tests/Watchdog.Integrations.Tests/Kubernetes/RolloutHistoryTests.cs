using System.Text.Json.Nodes;
using Watchdog.Core.Runbook;
using Watchdog.Integrations.Kubernetes;

namespace Watchdog.Integrations.Tests.Kubernetes;

/// <summary>Which ReplicaSet is live, and how history is ordered and marked, decided from API objects alone.</summary>
public sealed class RolloutHistoryTests
{
    private const string Uid = "uid-web";

    private static JsonObject Template(string tag, string? hash = null)
    {
        var labels = new JsonObject { ["app"] = "web" };
        if (hash is not null) labels["pod-template-hash"] = hash;
        return new JsonObject
        {
            ["metadata"] = new JsonObject { ["labels"] = labels },
            ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "web", ["image"] = "registry.local:5000/web:" + tag }) },
        };
    }

    private static JsonObject Rs(string name, long? revision, string tag, string owner = Uid, string created = "2026-11-20T10:00:00Z", bool replicaFailure = false)
    {
        var annotations = new JsonObject();
        if (revision is not null) annotations["deployment.kubernetes.io/revision"] = revision.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var rs = new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["creationTimestamp"] = created,
                ["annotations"] = annotations,
                ["ownerReferences"] = new JsonArray(new JsonObject { ["kind"] = "Deployment", ["uid"] = owner, ["controller"] = true }),
            },
            ["spec"] = new JsonObject { ["template"] = Template(tag, hash: name[^4..]) },
        };
        if (replicaFailure)
            rs["status"] = new JsonObject { ["conditions"] = new JsonArray(new JsonObject { ["type"] = "ReplicaFailure", ["status"] = "True" }) };
        return rs;
    }

    private static DeploymentObject Deployment(string tag, long observed = 4, int updated = 3, int available = 3, int replicas = 3, string? timedOut = null)
    {
        var progressing = timedOut is null
            ? new JsonObject { ["type"] = "Progressing", ["status"] = "True", ["reason"] = "NewReplicaSetAvailable" }
            : new JsonObject { ["type"] = "Progressing", ["status"] = "False", ["reason"] = "ProgressDeadlineExceeded", ["message"] = $"ReplicaSet \"{timedOut}\" has timed out progressing." };
        return DeploymentObject.Parse(new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "web", ["uid"] = Uid, ["generation"] = 4 },
            ["spec"] = new JsonObject
            {
                ["replicas"] = 3,
                ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = "web" } },
                ["template"] = Template(tag),
            },
            ["status"] = new JsonObject
            {
                ["observedGeneration"] = observed,
                ["replicas"] = replicas,
                ["updatedReplicas"] = updated,
                ["availableReplicas"] = available,
                ["conditions"] = new JsonArray(progressing),
            },
        });
    }

    private static RolloutHistory History(DeploymentObject d) =>
        RolloutHistory.Of(d, [Rs("web-aaaa", 1, "v1"), Rs("web-cccc", 3, "v3"), Rs("web-bbbb", 2, "v2")], container: null);

    [Theory]
    [InlineData(4, 3, 3, 3, "web-cccc")] // observed, every replica updated and available, no old one left: complete
    [InlineData(3, 3, 3, 3, "web-bbbb")] // the controller has not yet seen the new template
    [InlineData(4, 1, 3, 4, "web-bbbb")] // one of three updated
    [InlineData(4, 3, 2, 3, "web-bbbb")] // updated but not yet available
    [InlineData(4, 3, 3, 4, "web-bbbb")] // an old pod still running
    [InlineData(4, 4, 3, 4, "web-bbbb")] // more updated pods than wanted: still scaling
    public void Live_OnlyACompleteRolloutMakesTheCurrentTemplateLive(long observed, int updated, int available, int replicas, string live)
    {
        var history = History(Deployment("v3", observed, updated, available, replicas));

        history.Live.ShouldNotBeNull().Name.ShouldBe(live);
    }

    [Fact]
    public void ToDeployment_AnOlderRevision_ClaimsNoRecordOfServing_SoTheTargetIsOlderAndSucceeded()
    {
        // A revision says only that the controller started rolling the template out; whether it ever became
        // available is kept nowhere once its ReplicaSet is scaled down (or a newer template overtook it).
        var history = History(Deployment("v3"));
        var list = history.NewestFirst.Select(history.ToDeployment).ToList();

        list.ShouldAllBe(d => d.LiveRecord == null);
        var choice = RollbackTarget.Choose(list, history.ToDeployment(history.Live!), null, new HashSet<string>()).ShouldNotBeNull();
        (choice.Target.Id, choice.Basis).ShouldBe(("web-bbbb", TargetBasis.OlderSucceeded));
    }

    [Fact]
    public void Live_TemplateWithoutAReplicaSetYet_TheHighestRevisionStillServes()
    {
        var history = History(Deployment("v4", observed: 3, updated: 0));

        history.Current.ShouldBeNull();
        history.Live.ShouldNotBeNull().Name.ShouldBe("web-cccc");
    }

    [Fact]
    public void Live_RolloutTimedOut_TheFailedReplicaSetIsLiveAndNotSucceeded_SoTheTargetIsTheReleaseBeforeIt()
    {
        var history = History(Deployment("v3", updated: 1, replicas: 4, timedOut: "web-cccc"));
        var list = history.NewestFirst.Select(history.ToDeployment).ToList();

        var live = history.ToDeployment(history.Live!);

        live.Id.ShouldBe("web-cccc");
        live.Succeeded.ShouldBeFalse();
        RollbackTarget.Choose(list, live).ShouldNotBeNull().Id.ShouldBe("web-bbbb");
    }

    [Fact]
    public void Live_TimeoutNamesAnotherReplicaSet_TheNewRolloutIsNotLiveYet()
    {
        // Patched back to v2 while the timed-out v3 condition still stands.
        var history = History(Deployment("v2", updated: 1, replicas: 4, timedOut: "web-cccc"));

        history.Live.ShouldNotBeNull().Name.ShouldBe("web-cccc");
    }

    [Fact]
    public void Of_OrdersByRevisionNotCreationOrName_UnrevisionedLastAndOthersOwnersDropped()
    {
        var d = Deployment("v3");

        var history = RolloutHistory.Of(d,
        [
            Rs("web-aaaa", 7, "v1", created: "2026-11-01T00:00:00Z"),
            Rs("web-zzzz", null, "v0", created: "2026-11-30T00:00:00Z"),
            Rs("web-cccc", 3, "v3", created: "2026-11-20T00:00:00Z"),
            Rs("web-dddd", 99, "v9", owner: "uid-other"),
            Rs("web-yyyy", null, "v8", created: "2026-11-29T00:00:00Z", replicaFailure: true),
        ], container: null);
        var list = history.NewestFirst.Select(history.ToDeployment).ToList();

        list.Select(x => x.Id).ShouldBe(["web-aaaa", "web-cccc", "web-zzzz", "web-yyyy"]);
        list.Select(x => x.Version).ShouldBe(["v1", "v3", "v0", "v8"]);
        list.Select(x => x.CanRollback).ShouldBe([true, true, false, false]);
        list.Select(x => x.Succeeded).ShouldBe([true, true, true, false]);
        list[0].CreatedAt.ShouldBe(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public void Parse_DeploymentWithoutSelector_IsAFormatErrorNotAListOfEverything()
    {
        var raw = new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "web", ["uid"] = Uid },
            ["spec"] = new JsonObject { ["template"] = Template("v1") },
        };

        Should.Throw<FormatException>(() => DeploymentObject.Parse(raw)).Message.ShouldContain("selector is empty");
    }
}
