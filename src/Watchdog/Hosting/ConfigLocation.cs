namespace Watchdog.Hosting;

/// <summary>
/// Where the configuration is found. <see cref="File"/> (<c>--config</c>) replaces appsettings.json; environment
/// variables and <c>--Section:Key value</c> overrides still apply on top. <see cref="ContentRoot"/> (<c>--contentRoot</c>)
/// is where appsettings.json is read from and what every relative path in the configuration resolves against.
/// </summary>
public sealed record ConfigLocation(string? File = null, string? ContentRoot = null)
{
    /// <summary>
    /// The content root as any .NET host finds it: <c>--contentRoot</c>, else <c>ASPNETCORE_CONTENTROOT</c>, else
    /// <c>DOTNET_CONTENTROOT</c>, else the current directory. Relative values resolve against the current directory.
    /// </summary>
    /// <returns>The absolute directory, or null when it does not exist (then <paramref name="error"/> names where it came from).</returns>
    public string? ResolveContentRoot(out string? error)
    {
        var (value, from) = ContentRoot is not null ? (ContentRoot, "--contentRoot")
            : Variable("ASPNETCORE_CONTENTROOT") ?? Variable("DOTNET_CONTENTROOT") ?? (Directory.GetCurrentDirectory(), "the current directory");
        var path = Path.GetFullPath(value);
        error = Directory.Exists(path) ? null : $"{from}: directory '{path}' does not exist";
        return error is null ? path : null;
    }

    private static (string, string)? Variable(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? (value, name) : null;
}
