using Watchdog.Core.Runbook;

namespace Watchdog.Core.Tests.Runbook;

/// <summary>The plain reading of <c>prisma migrate status</c>: what it says, or "could not tell", never a guess.</summary>
public class MigrationReadingTests
{
    [Fact]
    public void Read_DatabaseHasMigrationsTheCheckoutLacks_NamesTheNewestAsApplied()
    {
        var reading = MigrationReading.Read(DatabasePhaseTests.AppliedBeyond);

        reading.Applied.ShouldBe(true);
        reading.Newest.ShouldBe("20250122120000_split_order_totals");
        reading.Plain.ShouldStartWith("a migration was applied beyond the checkout");
    }

    [Fact]
    public void Read_FailedMigrationNamedOnTheHeadingLine_IsTheOneToResolve()
    {
        var reading = MigrationReading.Read("Following migration have failed: 20250122120000_split_order_totals\n\nDuring development if the failed migration(s) have not been deployed ...");

        reading.Newest.ShouldBe("20250122120000_split_order_totals");
        reading.Applied.ShouldBeNull();
        reading.Plain.ShouldBe("could not tell whether the bad release applied a migration: failed part-way: 20250122120000_split_order_totals");
    }

    [Fact]
    public void Read_UpToDate_SaysNoneBeyondTheCheckoutAndNamesNone()
    {
        var reading = MigrationReading.Read("4 migrations found in prisma/migrations\n\nDatabase schema is up to date!");

        reading.Applied.ShouldBe(false);
        reading.Newest.ShouldBeNull();
        reading.Plain.ShouldContain("cannot be told from it");
    }

    [Theory]
    [InlineData("Error: P1001: Can't reach database server", true, "the status output is not one Watchdog can read")]
    [InlineData("", false, "the status command failed")]
    public void Read_AnythingElse_CouldNotTell(string output, bool ran, string why)
    {
        var reading = MigrationReading.Read(output, ran);

        reading.ShouldBe(new MigrationReading($"could not tell whether the bad release applied a migration: {why}", null, null));
    }
}
