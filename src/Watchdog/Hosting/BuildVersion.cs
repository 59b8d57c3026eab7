using System.Reflection;

namespace Watchdog.Hosting;

/// <summary>The build's version as <c>--version</c> prints it (the informational version, with the commit), for everything that names the build.</summary>
public static class BuildVersion
{
    public static string Current { get; } =
        typeof(BuildVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(BuildVersion).Assembly.GetName().Version?.ToString() ?? "0";
}
