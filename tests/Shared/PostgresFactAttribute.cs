namespace Watchdog.Testing;

/// <summary>
/// A fact that needs a real PostgreSQL server, named by <c>WATCHDOG_TEST_POSTGRES</c> (an Npgsql connection string to
/// a database the tests may create databases from). <c>tests/postgres.sh start</c> starts a throwaway one and prints
/// the variable; CI does the same. Without it the test is skipped on a developer machine, and fails in CI.
/// </summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public const string Variable = "WATCHDOG_TEST_POSTGRES";

    public PostgresFactAttribute()
    {
        if (ConnectionString is null && !IsCi)
            Skip = $"{Variable} is not set: eval \"$(tests/postgres.sh start)\" starts a throwaway PostgreSQL (CI starts one)";
    }

    /// <summary>The test also runs a real Prometheus, so it is skipped where either is missing (never in CI).</summary>
    public bool WithPrometheus
    {
        get;
        init
        {
            field = value;
            if (value && Skip is null && !PrometheusFactAttribute.ShouldRun)
                Skip = "prometheus is not installed: apt-get install -y --no-install-recommends prometheus (CI installs it)";
        }
    }

    public static string? ConnectionString => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } cs ? cs : null;

    /// <summary>The server's connection string; in CI without one, the test fails here rather than passing unrun.</summary>
    public static string Required => ConnectionString
        ?? throw new InvalidOperationException($"{Variable} is not set, and in CI the PostgreSQL tests must run: .ci/run starts a server with tests/postgres.sh start");

    private static bool IsCi => Environment.GetEnvironmentVariable("CI") is "true" or "1";
}
