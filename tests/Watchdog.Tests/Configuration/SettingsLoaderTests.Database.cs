namespace Watchdog.Tests.Configuration;

/// <summary><c>Services:N:Database</c>: seed 000 phase 4's commands, each checked at start-up with one message naming its key.</summary>
public partial class SettingsLoaderTests
{
    private const string Db = "Watchdog:Services:0:Database:";

    [Fact]
    public void Load_DatabaseWithAllFourCommands_ReadsEachAsACommand()
    {
        var (settings, errors) = Load(Valid(
            ("Database:MigrationStatus", "npx prisma migrate status"),
            ("Database:Backup", "pg_dump realco_prod > backup.sql"),
            ("Database:Restore", "psql realco_prod < backup.sql"),
            ("Database:ResolveRolledBack", "npx prisma migrate resolve --rolled-back {migration}"),
            ("Database:Timeout", "10m")));

        errors.ShouldBeEmpty();
        var db = settings!.Services[0].Database.ShouldNotBeNull();
        db.MigrationStatus.ShouldNotBeNull().Command.ShouldBe("npx prisma migrate status");
        db.Backup.ShouldNotBeNull().Command.ShouldBe("pg_dump realco_prod > backup.sql");
        db.Restore.ShouldNotBeNull().Timeout.ShouldBe(TimeSpan.FromMinutes(10));
        db.ResolveRolledBack.ShouldNotBeNull().Command.ShouldBe("npx prisma migrate resolve --rolled-back {migration}");
    }

    [Fact]
    public void Load_TodaysBackupAndRestoreKeys_StillWork()
    {
        var (settings, errors) = Load(Valid(("Database:Backup", "pg_dump db > b.sql"), ("Database:Restore", "psql db < b.sql")));

        errors.ShouldBeEmpty();
        settings!.Services[0].Database.ShouldNotBeNull().MigrationStatus.ShouldBeNull();
    }

    [Fact]
    public void Load_MigrationStatusAlone_RecordsEvidenceWithoutOfferingARestore()
    {
        var (settings, errors) = Load(Valid(("Database:MigrationStatus", "npx prisma migrate status")));

        errors.ShouldBeEmpty();
        settings!.Services[0].Database.ShouldNotBeNull().Restore.ShouldBeNull();
    }

    [Theory]
    [InlineData("Restore", "psql db < b.sql", null, null, Db + "Backup: is required with Restore")]
    [InlineData("Backup", "pg_dump db > b.sql", null, null, Db + "Restore: is required with Backup")]
    [InlineData("MigrationStatus", "npx prisma migrate status {migration}", null, null, Db + "MigrationStatus: cannot use {migration}")]
    [InlineData("MigrationStatus", "npx prisma migrate status", "ResolveRolledBack", "npx prisma migrate resolve --rolled-back x", Db + "ResolveRolledBack: runs only after a restore")]
    [InlineData("MigrationStatus", "npx prisma migrate status", "Timeout", "13h", Db + "Timeout: ")]
    [InlineData("Backup", "pg_dump db > b.sql", "Restore", "psql {target} < b.sql", Db + "Restore: cannot use {target}")]
    public void Load_DatabaseProblem_OneMessageNamingTheKey(string key, string value, string? key2, string? value2, string expected)
    {
        var values = Valid(("Database:" + key, value));
        if (key2 is not null) values[Db + key2] = value2;

        var (_, errors) = Load(values);

        errors.ShouldHaveSingleItem().ShouldStartWith(expected);
    }

    [Fact]
    public void Load_ResolveNamesTheMigrationWithoutAStatusToReadItFrom_IsRefused()
    {
        var (_, errors) = Load(Valid(("Database:Backup", "pg_dump db > b.sql"), ("Database:Restore", "psql db < b.sql"),
            ("Database:ResolveRolledBack", "npx prisma migrate resolve --rolled-back {migration}")));

        errors.ShouldHaveSingleItem().ShouldStartWith(Db + "ResolveRolledBack: uses {migration}, which is read from MigrationStatus's output");
    }
}
