using Microsoft.Extensions.Logging.Abstractions;
using Watchdog.Core.Reports;
using Watchdog.Integrations.Commands;

namespace Watchdog.Integrations.Tests.Commands;

public sealed class CommandTaskTests
{
    private static readonly CommandRunner Runner = new(TimeProvider.System, NullLogger<CommandRunner>.Instance);

    private static CommandTask Task(CommandTaskOptions options, params string[] secrets) =>
        new(options, Runner, new Redactor(secrets), NullLogger<CommandTask>.Instance);

    [Fact]
    public async Task RunAsync_ExitZero_SucceedsWithCommandAndOutputInDetail()
    {
        var task = Task(new CommandTaskOptions { Name = "clear-cache", Command = "echo cleared cache of {service}", Service = "api" });

        var outcome = await task.RunAsync(CancellationToken.None);

        task.Name.ShouldBe("clear-cache");
        outcome.Ok.ShouldBeTrue(outcome.Detail);
        outcome.Detail.ShouldStartWith("$ echo cleared cache of 'api'\nexit 0 after ");
        outcome.Detail.ShouldEndWith("stdout:\ncleared cache of api");
    }

    [Fact]
    public async Task RunAsync_NonZeroExit_FailsWithExitCodeAndRedactedStderr()
    {
        var task = Task(new CommandTaskOptions { Name = "reset-pools", Command = "echo 'refused key k3y-k3y-k3y' >&2; exit 9" }, "k3y-k3y-k3y");

        var outcome = await task.RunAsync(CancellationToken.None);

        outcome.Ok.ShouldBeFalse();
        outcome.Detail.ShouldContain("exit 9 after");
        outcome.Detail.ShouldContain("stderr:\nrefused key ***");
        outcome.Detail.ShouldNotContain("k3y-k3y-k3y");
    }

    [Fact]
    public async Task RunAsync_CommandExceedsTimeout_FailsSayingItTimedOut()
    {
        var task = Task(new CommandTaskOptions { Name = "slow", Command = "sleep 30", Timeout = TimeSpan.FromMilliseconds(300) });

        var outcome = await task.RunAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        outcome.Ok.ShouldBeFalse();
        outcome.Detail.ShouldContain("timed out after");
    }

    [Fact]
    public async Task MigrationResolve_NamesTheMigrationQuoted_SoAHostileNameStaysOneWord()
    {
        var options = new CommandTaskOptions { Name = "database-resolverolledback", Command = "echo resolve {migration}" };
        var resolve = new MigrationResolveTask(new CommandTask(options, Runner, new Redactor([]), NullLogger<CommandTask>.Instance, [CommandTemplate.Migration]));

        var outcome = await resolve.ResolveAsync("20250122_x; rm -rf /", CancellationToken.None);

        resolve.NamesMigration.ShouldBeTrue();
        outcome.Ok.ShouldBeTrue(outcome.Detail);
        outcome.Detail.ShouldEndWith("stdout:\nresolve 20250122_x; rm -rf /");
    }

    [Fact]
    public void Constructor_MigrationPlaceholderNotGivenToThisTask_Throws()
    {
        Should.Throw<ArgumentException>(() => Task(new CommandTaskOptions { Name = "status", Command = "npx prisma migrate status {migration}" }))
            .Message.ShouldContain("Command cannot use {migration}");
    }

    [Fact]
    public void Constructor_NoCommand_Throws()
    {
        Should.Throw<ArgumentException>(() => Task(new CommandTaskOptions { Name = "empty" })).Message.ShouldContain("Command");
    }
}
