using Microsoft.Extensions.Options;
using Watchdog.Integrations.Commands;

namespace Watchdog.Integrations.Tests.Commands;

public sealed class CommandOptionsValidatorTests
{
    private static CommandProviderOptions Valid() => new() { List = "list", Current = "current", Rollback = "deploy {target}" };

    [Fact]
    public void Defaults_AreTheDocumentedOnes()
    {
        var provider = new CommandProviderOptions();
        var task = new CommandTaskOptions();

        provider.Name.ShouldBe("command");
        provider.Timeout.ShouldBe(TimeSpan.FromMinutes(2));
        provider.Shell.ShouldBe("/bin/sh");
        provider.MaxOutputBytes.ShouldBe(64 * 1024);
        provider.RedactEnvironmentValues.ShouldBeTrue();
        task.Timeout.ShouldBe(TimeSpan.FromMinutes(1));
    }

    [Fact]
    public void Validate_CompleteOptions_Succeeds()
    {
        new CommandOptionsValidator().Validate(null, Valid()).Succeeded.ShouldBeTrue();
    }

    [Fact]
    public void Problems_MissingTemplates_NameEachKey()
    {
        var problems = CommandOptionsValidator.Problems(new CommandProviderOptions { Current = "  " });

        problems.Count.ShouldBe(3);
        problems.ShouldContain(p => p.StartsWith("List"));
        problems.ShouldContain(p => p.StartsWith("Current"));
        problems.ShouldContain(p => p.StartsWith("Rollback"));
    }

    [Fact]
    public void Problems_ServicePlaceholderWithoutService_IsReported()
    {
        var options = Valid();
        options.List = "list --service {service}";

        CommandOptionsValidator.Problems(options).ShouldHaveSingleItem().ShouldContain("Service is required");
        options.Service = "api";
        CommandOptionsValidator.Problems(options).ShouldBeEmpty();
    }

    [Fact]
    public void Problems_RollbackPlaceholderInList_IsReported()
    {
        var options = Valid();
        options.List = "list --from {target}";

        CommandOptionsValidator.Problems(options).ShouldHaveSingleItem().ShouldContain("List cannot use {target}");
    }

    [Fact]
    public void Problems_OutOfRangeLimits_AreReported()
    {
        var options = Valid();
        options.Timeout = TimeSpan.Zero;
        options.MaxOutputBytes = 10;
        options.Shell = "";

        var problems = CommandOptionsValidator.Problems(options);

        problems.Count.ShouldBe(3);
        problems.ShouldContain(p => p.StartsWith("Timeout"));
        problems.ShouldContain(p => p.StartsWith("MaxOutputBytes"));
        problems.ShouldContain(p => p.StartsWith("Shell"));
    }

    [Fact]
    public void Problems_RestartWithoutSetVariable_IsReported()
    {
        var options = Valid();
        options.Restart = "restart";

        CommandOptionsValidator.Problems(options).ShouldHaveSingleItem().ShouldContain("SetVariable");
    }

    [Fact]
    public void Problems_BadEnvironmentVariable_IsReportedWithoutItsValue()
    {
        var options = Valid();
        options.Environment["BAD=NAME"] = "topsecret-1";
        options.Environment["NUL"] = "topsecret-2\0";

        var problems = CommandOptionsValidator.Problems(options);

        problems.Count.ShouldBe(2);
        problems.ShouldAllBe(p => !p.Contains("topsecret"));
    }

    [Fact]
    public void Validate_TaskWithoutNameOrCommand_FailsNamingBoth()
    {
        var result = ((IValidateOptions<CommandTaskOptions>)new CommandOptionsValidator()).Validate(null, new CommandTaskOptions());

        result.Failed.ShouldBeTrue();
        result.Failures!.ShouldContain(f => f.StartsWith("Name"));
        result.Failures!.ShouldContain(f => f.StartsWith("Command"));
    }
}
