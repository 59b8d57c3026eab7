using System.Diagnostics;
using Watchdog.Tests.Configuration;

namespace Watchdog.Tests.Support;

/// <summary>
/// A PostgreSQL server of the test's own (<c>tests/postgres.sh</c> with a <c>WATCHDOG_PG_DIR</c> of its own), which the
/// test may stop and start again: a real outage, which the server the other tests share must never have.
/// </summary>
internal sealed class OwnPostgres : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "watchdog-pg-own-" + Guid.NewGuid().ToString("N")[..8]);

    private OwnPostgres()
    {
        var export = Run("start");
        ConnectionString = export[(export.IndexOf('\'') + 1)..export.LastIndexOf('\'')];
    }

    /// <summary>Its <c>postgres</c> database, over TCP on 127.0.0.1, trust auth.</summary>
    public string ConnectionString { get; }

    public static OwnPostgres Start() => new();

    /// <summary>Stops the server (fast shutdown: every connection is dropped); its data and port stay.</summary>
    public void Stop() => Run("pause");

    /// <summary>Starts it again on the same port, with the same data.</summary>
    public void Resume() => Run("resume");

    public void Dispose() => Run("stop");

    private string Run(string verb)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(ShippedConfigTests.RepoRoot, "tests", "postgres.sh"), verb])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["WATCHDOG_PG_DIR"] = _dir },
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(120))) process.Kill(entireProcessTree: true);
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"tests/postgres.sh {verb} failed ({process.ExitCode}): {error.Result}");
        return output.Result;
    }
}
