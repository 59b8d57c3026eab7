using Watchdog.Configuration;

namespace Watchdog.Tests.Configuration;

/// <summary><c>Flags:PollInterval</c> and <c>VariablePollInterval</c>: off by default, at least 10 s, and only where there is something to read; one error per problem naming its key.</summary>
public sealed class ChangePollConfigTests
{
    private static (WatchdogSettings? Settings, IReadOnlyList<string> Errors) Load(params (string Key, string Value)[] keys) => FlagsConfigTests.LoadService(keys);

    private static readonly (string, string)[] LaunchDarkly =
        [("Flags:Type", "LaunchDarkly"), ("Flags:Token", "secret-ld-token"), ("Flags:ProjectKey", "shop"), ("Flags:EnvironmentKey", "production")];

    [Fact]
    public void OffByDefault()
    {
        var (settings, errors) = Load(LaunchDarkly);

        errors.ShouldBeEmpty();
        settings!.Services[0].Runbook.FlagPollInterval.ShouldBe(TimeSpan.Zero);
        settings.Services[0].Runbook.VariablePollInterval.ShouldBe(TimeSpan.Zero);
    }

    [Fact]
    public void Set_IsRead()
    {
        var (settings, errors) = Load([.. LaunchDarkly, ("Flags:PollInterval", "1m"), ("VariablePollInterval", "5m"), ("Provider:Variables", "cat .env")]);

        errors.ShouldBeEmpty();
        settings!.Services[0].Runbook.FlagPollInterval.ShouldBe(TimeSpan.FromMinutes(1));
        settings.Services[0].Runbook.VariablePollInterval.ShouldBe(TimeSpan.FromMinutes(5));
    }

    [Fact]
    public void TooOften_NothingToRead_OneErrorEachNamingTheKey()
    {
        var (_, fast) = Load([.. LaunchDarkly, ("Flags:PollInterval", "2s")]);
        var (_, environment) = Load(("Flags:PollInterval", "1m"));
        var (_, noCommand) = Load(("VariablePollInterval", "1m"));

        fast.ShouldHaveSingleItem().ShouldContain("Services:0:Flags:PollInterval");
        fast[0].ShouldContain("at least 10s");
        environment.ShouldHaveSingleItem().ShouldContain("Services:0:Flags:PollInterval");
        environment[0].ShouldContain("set VariablePollInterval instead");
        noCommand.ShouldHaveSingleItem().ShouldContain("Services:0:VariablePollInterval");
        noCommand[0].ShouldContain("no Variables command");
    }
}
