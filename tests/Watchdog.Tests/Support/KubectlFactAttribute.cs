namespace Watchdog.Tests.Support;

/// <summary>A test that renders deploy/kubernetes with <c>kubectl kustomize</c> (offline): skipped where kubectl is not installed.</summary>
public sealed class KubectlFactAttribute : FactAttribute
{
    public KubectlFactAttribute()
    {
        if (Tools.Find("kubectl") is null)
            Skip = "kubectl is not installed (it renders deploy/kubernetes with `kubectl kustomize`, offline)";
    }
}
