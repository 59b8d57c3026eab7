using Watchdog.Integrations.LaunchDarkly;
using Watchdog.Integrations.Unleash;

namespace Watchdog.Configuration;

/// <summary>
/// Which watched services a flag service's change is of: those whose <c>Flags</c> are that service's project and
/// environment (several services may share one). Those are also the services that can turn the flag off again.
/// </summary>
public static class FlagTargets
{
    public static IReadOnlyList<string> LaunchDarkly(WatchdogSettings settings, string project, string environment) =>
        Of<LaunchDarklyOptions>(settings, o => o.ProjectKey == project && o.EnvironmentKey == environment);

    public static IReadOnlyList<string> Unleash(WatchdogSettings settings, string project, string environment) =>
        Of<UnleashOptions>(settings, o => o.ProjectId == project && o.Environment == environment);

    private static IReadOnlyList<string> Of<T>(WatchdogSettings settings, Func<T, bool> matches) where T : class =>
        [.. settings.Services.Where(s => s.Flags?.Options is T o && matches(o)).Select(s => s.Name)];
}
