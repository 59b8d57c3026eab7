namespace Watchdog.Testing;

/// <summary>
/// A fact that needs a real <c>prometheus</c> and <c>promtool</c> (Debian package <c>prometheus</c>). It runs
/// wherever they are installed and always in CI, which installs them (missing there, it fails); on a developer
/// machine without them it is skipped with the command to install them.
/// </summary>
public sealed class PrometheusFactAttribute : FactAttribute
{
    public PrometheusFactAttribute()
    {
        if (!ShouldRun)
            Skip = "prometheus is not installed: apt-get install -y --no-install-recommends prometheus (CI installs it)";
    }

    /// <summary>Whether these tests run here: the tools are installed, or this is CI (where their absence must fail).</summary>
    public static bool ShouldRun =>
        (Find("prometheus") is not null && Find("promtool") is not null) || Environment.GetEnvironmentVariable("CI") is "true" or "1";

    public static string? Find(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name)).FirstOrDefault(File.Exists);
}
