using Microsoft.Extensions.Configuration;
using Watchdog.Configuration;
using Watchdog.Core.Reports;

namespace Watchdog.Tests.Configuration;

/// <summary><c>Watchdog:Store</c>: SQLite by default in DataDirectory as before, or PostgreSQL by a secret connection string.</summary>
public sealed class StoreSettingsTests
{
    private const string Password = "pg-password-0123456789";
    private const string ConnectionString = $"Host=db.internal;Database=watchdog;Username=watchdog;Password={Password}";

    private static (WatchdogSettings? Settings, IReadOnlyList<string> Errors) Load(params (string Key, string? Value)[] store)
    {
        var values = new Dictionary<string, string?>
        {
            ["Watchdog:Services:0:Name"] = "api",
            ["Watchdog:Services:0:Health:Url"] = "http://127.0.0.1:3000/health",
            ["Watchdog:Services:0:Provider:List"] = "cat deployments",
            ["Watchdog:Services:0:Provider:Current"] = "cat live",
            ["Watchdog:Services:0:Provider:Rollback"] = "deploy {target}",
        };
        foreach (var (k, v) in store) values["Watchdog:" + k] = v;
        var settings = SettingsLoader.Load(new ConfigurationBuilder().AddInMemoryCollection(values).Build(), "/srv/watchdog", out var errors);
        return (settings, errors);
    }

    [Fact]
    public void Load_NoStoreSection_IsSqliteInTheDataDirectoryAsBefore()
    {
        var (settings, errors) = Load(("DataDirectory", "journal"));

        errors.ShouldBeEmpty();
        settings!.Store.Type.ShouldBe(StoreType.Sqlite);
        settings.DataDirectory.ShouldBe("/srv/watchdog/journal");
    }

    [Fact]
    public void Load_Postgres_ReadsTheConnectionStringAndRedactsItAndItsPassword()
    {
        var (settings, errors) = Load(("Store:Type", "postgres"), ("Store:ConnectionString", ConnectionString));

        errors.ShouldBeEmpty();
        settings!.Store.ShouldBe(new StoreSettings(StoreType.Postgres, ConnectionString));
        var redactor = new Redactor(settings.Secrets);
        redactor.Redact($"connecting with {ConnectionString}").ShouldNotContain(Password);
        redactor.Redact($"28P01: password {Password} rejected").ShouldBe("28P01: password *** rejected");
    }

    [Fact]
    public void Load_PostgresFromAFile_ReadsItTrimmedRelativeToTheContentRoot()
    {
        var dir = Directory.CreateTempSubdirectory("watchdog-store-");
        File.WriteAllText(Path.Combine(dir.FullName, "pg.secret"), ConnectionString + "\n");

        var (settings, errors) = Load(("Store:Type", "Postgres"), ("Store:ConnectionStringFile", Path.Combine(dir.FullName, "pg.secret")));

        errors.ShouldBeEmpty();
        settings!.Store.ConnectionString.ShouldBe(ConnectionString);
        dir.Delete(recursive: true);
    }

    [Fact]
    public void Load_EveryStoreProblem_OneErrorEachNamingItsKey_NeverTheSecret()
    {
        Load(("Store:Type", "Postgres")).Errors.ShouldBe(
            ["Watchdog:Store:ConnectionString: is required when Type is Postgres (or ConnectionStringFile: a file holding it)"]);
        Load(("Store:Type", "Mysql")).Errors.ShouldBe(["Watchdog:Store:Type: 'Mysql' is not one of Sqlite, Postgres"]);
        Load(("Store:ConnectionString", ConnectionString)).Errors.ShouldBe(
            ["Watchdog:Store:ConnectionString: is only for Type Postgres; the SQLite journal lives in Watchdog:DataDirectory"]);
        Load(("Store:Type", "Postgres"), ("Store:ConnectionString", $"Host=db;Database=w;{Password}")).Errors.ShouldHaveSingleItem()
            .ShouldBe("Watchdog:Store:ConnectionString: is not a valid PostgreSQL connection string (Host=…;Port=…;Database=…;Username=…;Password=…)");
        Load(("Store:Type", "Postgres"), ("Store:ConnectionString", $"Database=w;Password={Password}")).Errors.ShouldBe(
            ["Watchdog:Store:ConnectionString: must name the server (Host=…)"]);
        Load(("Store:Type", "Postgres"), ("Store:ConnectionStringFile", "/nonexistent/pg.secret")).Errors.ShouldHaveSingleItem()
            .ShouldStartWith("Watchdog:Store:ConnectionStringFile: cannot read '/nonexistent/pg.secret'");
        Load(("Store:Typo", "x")).Errors.ShouldHaveSingleItem().ShouldStartWith("Watchdog:Store:Typo: unknown key");
    }
}
