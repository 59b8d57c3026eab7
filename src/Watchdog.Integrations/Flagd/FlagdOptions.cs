namespace Watchdog.Integrations.Flagd;

/// <summary>
/// A flagd flag-definition file (API-NOTES.md §10): flagd has no write API, so the file it syncs from is changed.
/// Checked by <see cref="FlagdOptionsValidator"/>.
/// </summary>
public sealed class FlagdOptions
{
    /// <summary>How the service is named in the journal and in messages. Default <c>flagd</c>.</summary>
    public string Name { get; set; } = "flagd";

    /// <summary>
    /// Required. The flag file flagd's <c>file</c> sync watches; relative to the content root. A symlink (as flagd
    /// recommends) is followed: the file it points to is replaced.
    /// </summary>
    public string? Path { get; set; }

    /// <summary>
    /// The variant that means "off". Default none: the flag's variant named <c>off</c>, else its one variant whose
    /// value is <c>false</c>. A flag with neither is not turned off.
    /// </summary>
    public string? OffVariant { get; set; }

    /// <summary>Largest file read. Default 4 MiB.</summary>
    public int MaxFileBytes { get; set; } = 4 * 1024 * 1024;
}
