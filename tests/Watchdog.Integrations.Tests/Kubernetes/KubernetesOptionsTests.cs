using Microsoft.Extensions.Logging.Abstractions;
using Watchdog.Integrations.Kubernetes;

namespace Watchdog.Integrations.Tests.Kubernetes;

public sealed class KubernetesOptionsTests
{
    private static KubernetesOptions Valid() => new() { Deployment = "shop-api", Namespace = "shop", Token = "t0k3n" };

    [Fact]
    public void Problems_DefaultsWithADeployment_None()
    {
        KubernetesOptionsValidator.Problems(new KubernetesOptions { Deployment = "shop-api" }).ShouldBeEmpty();
    }

    [Fact]
    public void Problems_EachBadValue_OneMessageStartingWithItsKey()
    {
        var options = new KubernetesOptions
        {
            Name = " ",
            ApiUrl = new Uri("ftp://cluster.example/"),
            Token = "line\nbreak",
            Deployment = "Shop_API",
            Namespace = "shop\n",
            Container = "app.v2",
            PageSize = 0,
            MaxResponseBytes = 1024,
        };

        var problems = KubernetesOptionsValidator.Problems(options);

        problems.Select(p => p.Split(' ')[0]).ShouldBe(["Name", "ApiUrl", "Token", "Deployment", "Namespace", "Container", "PageSize", "MaxResponseBytes"]);
        string.Join(" ", problems).ShouldNotContain("line\nbreak");
    }

    [Fact]
    public void Problems_NoDeploymentNoTokenNoNamespaceSource_NamesEach()
    {
        var problems = KubernetesOptionsValidator.Problems(new KubernetesOptions { TokenFile = "", NamespaceFile = null });

        problems.ShouldBe(
        [
            "Token or TokenFile is required.",
            "Deployment is required: the name of the Deployment to roll back.",
            "Namespace is required when NamespaceFile is empty.",
        ]);
    }

    [Theory]
    [InlineData("10.96.0.1", "443", "https://10.96.0.1/")]
    [InlineData("10.96.0.1", "6443", "https://10.96.0.1:6443/")]
    [InlineData("fd00:10:96::1", "443", "https://[fd00:10:96::1]/")]
    [InlineData(null, null, "https://kubernetes.default.svc/")]
    public void EffectiveApiUrl_NotConfigured_InClusterFromTheServiceEnvironment(string? host, string? port, string expected)
    {
        var env = new Dictionary<string, string?> { ["KUBERNETES_SERVICE_HOST"] = host, ["KUBERNETES_SERVICE_PORT"] = port };

        new KubernetesOptions().EffectiveApiUrl(name => env.GetValueOrDefault(name)).AbsoluteUri.ShouldBe(expected);
    }

    [Fact]
    public void EffectiveApiUrl_ConfiguredWithAPathPrefix_KeepsItForRequests()
    {
        var options = new KubernetesOptions { ApiUrl = new Uri("https://rancher.example/k8s/clusters/c-m-42") };

        new Uri(options.EffectiveApiUrl(), "apis/apps/v1").AbsoluteUri.ShouldBe("https://rancher.example/k8s/clusters/c-m-42/apis/apps/v1");
    }

    [Fact]
    public void Constructor_NamespaceFileMissing_SaysToSetNamespace()
    {
        var options = Valid();
        options.Namespace = null;
        options.NamespaceFile = "/nonexistent/serviceaccount/namespace";

        var e = Should.Throw<ArgumentException>(() => new KubernetesProvider(new HttpClient(), options, TimeProvider.System, NullLogger<KubernetesProvider>.Instance));

        e.Message.ShouldStartWith("Namespace is not set and /nonexistent/serviceaccount/namespace cannot be read");
    }

    [Fact]
    public void Constructor_InvalidOptions_ThrowsWithEveryProblem()
    {
        var options = Valid();
        options.Deployment = null;

        Should.Throw<ArgumentException>(() => new KubernetesProvider(new HttpClient(), options, TimeProvider.System, NullLogger<KubernetesProvider>.Instance))
            .Message.ShouldContain("Deployment is required");
    }
}
