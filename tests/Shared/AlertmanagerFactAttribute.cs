namespace Watchdog.Testing;

/// <summary>
/// A fact that needs a real Alertmanager (Debian package <c>prometheus-alertmanager</c>, whose binary is
/// <c>prometheus-alertmanager</c>; upstream's is <c>alertmanager</c>). It runs wherever one is on PATH and
/// always in CI, which installs it (a missing binary fails there); elsewhere it is skipped with the install line.
/// </summary>
public sealed class AlertmanagerFactAttribute : FactAttribute
{
    public const string InstallHint = "apt-get install -y --no-install-recommends prometheus-alertmanager";

    public AlertmanagerFactAttribute()
    {
        if (AlertmanagerProcess.FindBinary() is null && Environment.GetEnvironmentVariable("CI") is not ("true" or "1"))
            Skip = $"alertmanager is not installed: {InstallHint} (CI installs it)";
    }
}
