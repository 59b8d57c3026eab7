namespace Watchdog.Tests.Support;

/// <summary>
/// A fact that needs headless Chromium and chromedriver (Debian packages <c>chromium</c> and
/// <c>chromium-driver</c>). It runs wherever both are installed and always in CI, which installs them
/// (missing there, it fails); on a developer machine without them it is skipped with the install line.
/// </summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public const string InstallHint = "apt-get install -y --no-install-recommends chromium chromium-driver";

    public ChromiumFactAttribute()
    {
        if (!ShouldRun)
            Skip = $"chromium and chromedriver are not installed: {InstallHint} (CI installs them)";
    }

    public static bool ShouldRun =>
        (File.Exists(Chromium.Browser) && Tools.Find(Chromium.Driver) is not null) || Environment.GetEnvironmentVariable("CI") is "true" or "1";
}
