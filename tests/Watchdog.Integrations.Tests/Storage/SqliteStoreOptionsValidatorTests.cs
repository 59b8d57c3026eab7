using Watchdog.Integrations.Storage;

namespace Watchdog.Integrations.Tests.Storage;

public sealed class SqliteStoreOptionsValidatorTests
{
    private readonly SqliteStoreOptionsValidator _validator = new();

    [Fact]
    public void Defaults_AreValid_WithAFiveSecondBusyTimeoutAndTheFileInData()
    {
        var options = new SqliteStoreOptions();

        _validator.Validate(null, options).Succeeded.ShouldBeTrue();
        options.BusyTimeout.ShouldBe(TimeSpan.FromSeconds(5));
        options.DatabasePath.ShouldBe(Path.GetFullPath(Path.Combine("data", "watchdog.db")));
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void Validate_NoDataDirectory_FailsNamingIt(string directory)
    {
        var result = _validator.Validate(null, new SqliteStoreOptions { DataDirectory = directory });

        result.Failed.ShouldBeTrue();
        result.FailureMessage.ShouldContain(nameof(SqliteStoreOptions.DataDirectory));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(301)]
    public void Validate_BusyTimeoutOutOfRange_FailsNamingIt(int seconds)
    {
        var result = _validator.Validate(null, new SqliteStoreOptions { BusyTimeout = TimeSpan.FromSeconds(seconds) });

        result.Failed.ShouldBeTrue();
        result.FailureMessage.ShouldContain(nameof(SqliteStoreOptions.BusyTimeout));
    }
}
