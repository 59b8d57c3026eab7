using System.Text.Json.Nodes;
using Watchdog.Integrations.Kubernetes;

namespace Watchdog.Integrations.Tests.Kubernetes;

public sealed class PodTemplatesTests
{
    [Theory]
    [InlineData("ghcr.io/example/shop-api:1.4.2", "1.4.2")]
    [InlineData("localhost:5000/shop-api:v2", "v2")]
    [InlineData("localhost:5000/shop-api", "localhost:5000/shop-api")]
    [InlineData("shop-api:1.4.2@sha256:0f1e", "1.4.2")]
    [InlineData("shop-api@sha256:0f1e", "sha256:0f1e")]
    [InlineData("nginx", "nginx")]
    public void ImageTag_TagElseDigestElseTheImage(string image, string version) =>
        PodTemplates.ImageTag(image).ShouldBe(version);

    [Fact]
    public void EqualIgnoringHash_HashLabelKeyOrderAndEmptyValues_DoNotMatter()
    {
        var rs = JsonNode.Parse("""{"metadata":{"labels":{"pod-template-hash":"5d8f","app":"web"}},"spec":{"containers":[{"name":"web","image":"web:v3","env":[]}],"securityContext":{}}}""")!.AsObject();
        var deployment = JsonNode.Parse("""{"spec":{"containers":[{"image":"web:v3","name":"web"}]},"metadata":{"labels":{"app":"web"},"annotations":null}}""")!.AsObject();

        PodTemplates.EqualIgnoringHash(rs, deployment).ShouldBeTrue();
    }

    [Fact]
    public void EqualIgnoringHash_AnotherImage_Differs()
    {
        var a = JsonNode.Parse("""{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web","image":"web:v3"}]}}""")!.AsObject();
        var b = JsonNode.Parse("""{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web","image":"web:v4"}]}}""")!.AsObject();

        PodTemplates.EqualIgnoringHash(a, b).ShouldBeFalse();
    }

    [Fact]
    public void LabelSelector_LabelsAndExpressions_RenderedSortedByKeyAsTheApiParsesThem()
    {
        var selector = JsonNode.Parse("""
            {"matchLabels": {"tier": "web", "app": "shop"},
             "matchExpressions": [
               {"key": "env", "operator": "In", "values": ["stage", "prod"]},
               {"key": "legacy", "operator": "DoesNotExist"},
               {"key": "canary", "operator": "NotIn", "values": ["true"]},
               {"key": "owner", "operator": "Exists"}]}
            """)!.AsObject();

        LabelSelector.Render(selector).ShouldBe("app=shop,canary notin (true),env in (prod,stage),!legacy,owner,tier=web");
    }
}
