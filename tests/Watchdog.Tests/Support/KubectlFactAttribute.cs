namespace Watchdog.Tests.Support;

/// <summary>A fact that renders deploy/kubernetes with <c>kubectl kustomize</c> (offline). It runs wherever
/// kubectl is installed and always in CI, where a missing kubectl fails the test instead of skipping it.</summary>
public sealed class KubectlFactAttribute : FactAttribute
{
    public KubectlFactAttribute()
    {
        if (Tools.Find("kubectl") is null && Environment.GetEnvironmentVariable("CI") is not ("true" or "1"))
            Skip = "kubectl is not installed (it renders deploy/kubernetes with `kubectl kustomize`, offline; CI requires it)";
    }
}
