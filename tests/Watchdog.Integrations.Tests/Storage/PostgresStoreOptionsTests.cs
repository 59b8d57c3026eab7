using Watchdog.Integrations.Postgres;

namespace Watchdog.Integrations.Tests.Storage;

public sealed class PostgresStoreOptionsTests
{
    [Theory]
    [InlineData("Host=db;Database=watchdog;Username=w;Password=p", null)]
    [InlineData("Database=watchdog;Username=w", "must name the server (Host=…)")]
    [InlineData("Host=db;Username=w", "must name the database (Database=…)")]
    public void Problem_NamesWhatIsMissing(string connectionString, string? expected) =>
        PostgresStoreOptions.Problem(connectionString).ShouldBe(expected);

    [Theory]
    [InlineData("Host=db;Database=w;Password=s3cr3t-hunter2;Passwrd=s3cr3t-hunter2")]
    [InlineData("Host=db;Database=w;s3cr3t-hunter2")]
    [InlineData("Host=db;Database=w;Port=s3cr3t-hunter2")]
    public void Problem_InvalidString_SaysSoWithoutRepeatingIt(string connectionString)
    {
        var problem = PostgresStoreOptions.Problem(connectionString).ShouldNotBeNull();

        problem.ShouldStartWith("is not a valid PostgreSQL connection string");
        problem.ShouldNotContain("s3cr3t");
    }
}
