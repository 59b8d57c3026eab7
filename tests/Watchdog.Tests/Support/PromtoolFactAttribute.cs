namespace Watchdog.Tests.Support;

/// <summary>
/// A fact that needs <c>promtool</c> (Debian package <c>prometheus</c>). It runs wherever promtool
/// is installed and always in CI, which installs it (a missing promtool fails there); on a
/// developer machine without it, it is skipped with the command to install it.
/// </summary>
public sealed class PromtoolFactAttribute : FactAttribute
{
    public PromtoolFactAttribute()
    {
        if (Tools.Find("promtool") is null && Environment.GetEnvironmentVariable("CI") is not ("true" or "1"))
            Skip = "promtool is not installed: apt-get install -y --no-install-recommends prometheus (CI installs it)";
    }
}
