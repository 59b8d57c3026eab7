using Microsoft.Extensions.Logging.Abstractions;
using Watchdog.Core.Reports;
using Watchdog.Integrations.Commands;
using Watchdog.Core.Releases;

using Watchdog.Testing;

namespace Watchdog.Integrations.Tests.Commands;

public sealed class CommandProviderTests : IDisposable
{
    private const string ThreeDeployments = "printf '# newest first\\n\\nd3 v3 2026-11-20T10:00:00Z\\nd2 v2 2026-11-19T10:00:00Z\\nd1\\n'";
    private static readonly CommandRunner Runner = new(TimeProvider.System, NullLogger<CommandRunner>.Instance);
    private readonly Scratch _dir = new();

    public void Dispose() => _dir.Dispose();

    private CommandProviderOptions Options(string? list = null, string? current = null, string? rollback = null) => new()
    {
        WorkingDirectory = _dir.Root,
        List = list ?? ThreeDeployments,
        Current = current ?? "echo d3",
        Rollback = rollback ?? "true",
    };

    private static CommandProvider Provider(CommandProviderOptions options, params string[] secrets) =>
        new(options, Runner, new Redactor(secrets), NullLogger<CommandProvider>.Instance);

    [Fact]
    public async Task ListAsync_TextOutput_ListsNewestFirstWithOptionalFields()
    {
        var list = (await Provider(Options()).ListAsync(CancellationToken.None)).ShouldSucceed();

        list.ShouldBe([
            new Deployment("d3", "v3", new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.Zero)),
            new Deployment("d2", "v2", new DateTimeOffset(2026, 11, 19, 10, 0, 0, TimeSpan.Zero)),
            new Deployment("d1", "d1"),
        ]);
    }

    [Fact]
    public async Task ListAsync_JsonOutput_ListsDeployments()
    {
        await File.WriteAllTextAsync(_dir.Path("list.json"), """[{"id":"d2","version":"v2","createdAt":"2026-11-20T10:00:00Z"},{"id":"d1","canRollback":false}]""");

        var list = (await Provider(Options(list: "cat list.json")).ListAsync(CancellationToken.None)).ShouldSucceed();

        list.ShouldBe([
            new Deployment("d2", "v2", new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.Zero)),
            new Deployment("d1", "d1", CanRollback: false),
        ]);
    }

    [Fact]
    public async Task ListAsync_CommandFails_FailsWithExitCodeAndRedactedStderr()
    {
        var options = Options(list: "echo 'auth failed for tok-5ecret-42' >&2; exit 4");

        var e = (await Provider(options, "tok-5ecret-42").ListAsync(CancellationToken.None)).ShouldFail();

        e.ShouldContain("exited 4");
        e.ShouldContain("auth failed for ***");
        e.ShouldNotContain("tok-5ecret-42");
    }

    [Fact]
    public async Task ListAsync_UnreadableOutput_FailsSayingSo()
    {
        var e = (await Provider(Options(list: "echo d1 v1 last-tuesday")).ListAsync(CancellationToken.None)).ShouldFail();

        e.ShouldContain("cannot be read");
        e.ShouldContain("last-tuesday");
    }

    [Fact]
    public async Task GetLiveAsync_CurrentIsListed_ReturnsTheListedDeployment()
    {
        var live = (await Provider(Options(current: "printf '\\n  d2  \\n'")).GetLiveAsync(CancellationToken.None)).ShouldSucceed();

        live.ShouldBe(new Deployment("d2", "v2", new DateTimeOffset(2026, 11, 19, 10, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public async Task GetLiveAsync_CurrentPrintsAListedVersion_ReturnsThatDeployment()
    {
        var live = (await Provider(Options(current: "echo v3")).GetLiveAsync(CancellationToken.None)).ShouldSucceed();

        live!.Id.ShouldBe("d3");
    }

    [Fact]
    public async Task GetLiveAsync_CurrentNotListed_ReturnsDeploymentKnownByIdOnly()
    {
        var live = (await Provider(Options(current: "echo d9")).GetLiveAsync(CancellationToken.None)).ShouldSucceed();

        live.ShouldBe(new Deployment("d9", "d9"));
    }

    [Fact]
    public async Task GetLiveAsync_ListFails_StillReturnsTheLiveId()
    {
        var live = (await Provider(Options(list: "exit 1", current: "echo d3")).GetLiveAsync(CancellationToken.None)).ShouldSucceed();

        live.ShouldBe(new Deployment("d3", "d3"));
    }

    [Fact]
    public async Task GetLiveAsync_NoOutput_ReturnsNull()
    {
        ((await Provider(Options(current: "true")).GetLiveAsync(CancellationToken.None)).ShouldSucceed()).ShouldBeNull();
    }

    [Fact]
    public async Task GetLiveAsync_CurrentFails_FailsSayingWhy()
    {
        var e = (await Provider(Options(current: "echo d3; exit 2")).GetLiveAsync(CancellationToken.None)).ShouldFail();

        e.ShouldContain("current");
        e.ShouldContain("exited 2");
    }

    [Fact]
    public async Task RollbackAsync_ExitZero_SucceedsWithCommandExitCodeDurationAndOutputInDetail()
    {
        var options = Options(rollback: "echo deploying {version}; echo {target} > target.txt");

        var outcome = await Provider(options).RollbackAsync(new Deployment("d2", "v2"), CancellationToken.None);

        outcome.Ok.ShouldBeTrue(outcome.Detail);
        _dir.Read("target.txt").ShouldBe("d2\n");
        outcome.Detail.ShouldStartWith("$ echo deploying 'v2'; echo 'd2' > target.txt\nexit 0 after ");
        outcome.Detail.ShouldEndWith("\nstdout:\ndeploying v2");
    }

    [Fact]
    public async Task RollbackAsync_NonZeroExit_FailsWithExitCodeAndStderr()
    {
        var options = Options(rollback: "echo 'no such deployment' >&2; exit 2");

        var outcome = await Provider(options).RollbackAsync(new Deployment("d2", "v2"), CancellationToken.None);

        outcome.Ok.ShouldBeFalse();
        outcome.Detail.ShouldContain("exit 2 after");
        outcome.Detail.ShouldContain("stderr:\nno such deployment");
    }

    [Theory]
    [InlineData("v1; touch pwned")]
    [InlineData("$(touch pwned)")]
    [InlineData("`touch pwned`")]
    [InlineData("x' ; touch pwned ; echo '")]
    [InlineData("a\ntouch pwned")]
    [InlineData("d1 && touch pwned || touch pwned")]
    [InlineData("{version}; touch pwned")]
    public async Task RollbackAsync_HostileTarget_ReachesTheCommandLiterallyAndRunsNothing(string hostile)
    {
        var options = Options(rollback: "printf '%s' {target} > received.txt");

        var outcome = await Provider(options).RollbackAsync(new Deployment(hostile, "v1"), CancellationToken.None);

        outcome.Ok.ShouldBeTrue(outcome.Detail);
        _dir.Exists("pwned").ShouldBeFalse();
        _dir.Read("received.txt").ShouldBe(hostile);
    }

    [Fact]
    public async Task RollbackAsync_CommandExceedsTimeout_FailsSayingItTimedOut()
    {
        var options = Options(rollback: "sleep 30");
        options.Timeout = TimeSpan.FromMilliseconds(300);

        var outcome = await Provider(options).RollbackAsync(new Deployment("d2", "v2"), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        outcome.Ok.ShouldBeFalse();
        outcome.Detail.ShouldContain("timed out after");
        outcome.Detail.ShouldContain("process tree killed");
    }

    [Fact]
    public async Task RollbackAsync_SecretInCommandLineAndOutput_IsMaskedInTheDetail()
    {
        var options = Options(rollback: "echo deploying {version} with s3cr3t-token-123; echo s3cr3t-token-123 >&2");

        var outcome = await Provider(options, "s3cr3t-token-123", "pa'ss-word-9").RollbackAsync(new Deployment("d2", "pa'ss-word-9"), CancellationToken.None);

        outcome.Ok.ShouldBeTrue(outcome.Detail);
        outcome.Detail.ShouldNotContain("s3cr3t");
        outcome.Detail.ShouldNotContain("word-9");
        outcome.Detail.ShouldStartWith("$ echo deploying '***' with ***;");
        outcome.Detail.ShouldContain("stdout:\ndeploying *** with ***");
        outcome.Detail.ShouldContain("stderr:\n***");
    }

    [Fact]
    public async Task RollbackAsync_SecretInEnvironment_ReachesTheCommandButNotTheDetail()
    {
        var options = Options(rollback: "echo \"token=$DEPLOY_TOKEN\" | tee seen.txt");
        options.Environment["DEPLOY_TOKEN"] = "env-secret-456";

        var outcome = await Provider(options).RollbackAsync(new Deployment("d2", "v2"), CancellationToken.None);

        _dir.Read("seen.txt").ShouldBe("token=env-secret-456\n");
        outcome.Detail.ShouldContain("token=***");
        outcome.Detail.ShouldNotContain("env-secret-456");
    }

    [Fact]
    public async Task RollbackAsync_LongOutput_DetailKeepsOnlyItsEnd()
    {
        var outcome = await Provider(Options(rollback: "seq 1 5000")).RollbackAsync(new Deployment("d2", "v2"), CancellationToken.None);

        outcome.Detail.ShouldContain("stdout (last 2048 of ");
        outcome.Detail.ShouldEndWith("\n4999\n5000");
        outcome.Detail.ShouldNotContain("\n1000\n");
        outcome.Detail.Length.ShouldBeLessThan(2300);
    }

    [Fact]
    public async Task RollbackAsync_OutputCapCutsASecret_DetailShowsNoPartOfIt()
    {
        var options = Options(rollback: "head -c 1100 /dev/zero | tr '\\0' x; echo; head -c 1000 /dev/zero | tr '\\0' y; printf 'cut-secret-value-0123456789'");
        options.MaxOutputBytes = 2110;   // 1101 + 1000 + the first 9 characters of the secret

        var outcome = await Provider(options, "cut-secret-value-0123456789").RollbackAsync(new Deployment("d2", "v2"), CancellationToken.None);

        outcome.Detail.ShouldContain("output cap reached");
        outcome.Detail.ShouldNotContain("cut-secr");
    }

    [Fact]
    public async Task RollbackAsync_ColouredOutput_DetailHasNoEscapesAndColourCannotHideASecret()
    {
        var options = Options(rollback: "printf '\\033[1;31mfailed\\033[0m\\r\\nkey TOKEN-\\033[1mVALUE-77\\033[0m\\n'");

        var outcome = await Provider(options, "TOKEN-VALUE-77").RollbackAsync(new Deployment("d2", "v2"), CancellationToken.None);

        outcome.Detail.ShouldEndWith("stdout:\nfailed\nkey ***");
    }

    [Fact]
    public async Task RollbackAsync_Logs_CarryTheRedactedCommandAndExitCode()
    {
        var logger = new ListLogger<CommandProvider>();
        var options = Options(rollback: "echo using s3cr3t-token-123 for {target}; exit 3");
        var provider = new CommandProvider(options, Runner, new Redactor(["s3cr3t-token-123"]), logger);

        await provider.RollbackAsync(new Deployment("d2", "v2"), CancellationToken.None);

        var line = logger.Lines.ShouldHaveSingleItem();
        line.ShouldStartWith("Warning: command rollback: `echo using *** for 'd2'; exit 3` exited 3 after");
        logger.Lines.ShouldAllBe(l => !l.Contains("s3cr3t"));
    }

    [Fact]
    public async Task SetVariableAsync_NotConfigured_FailsSayingSo()
    {
        var outcome = await Provider(Options()).SetVariableAsync("FEATURE_X", "false", CancellationToken.None);

        outcome.Ok.ShouldBeFalse();
        outcome.Detail.ShouldContain("FEATURE_X");
        outcome.Detail.ShouldContain("no SetVariable command is configured");
    }

    [Fact]
    public async Task SetVariableAsync_WithRestart_SetsThenRestarts()
    {
        var options = Options();
        options.SetVariable = "echo set {name}={value} >> log.txt";
        options.Restart = "echo restart >> log.txt";

        var outcome = await Provider(options).SetVariableAsync("FEATURE_X", "false", CancellationToken.None);

        outcome.Ok.ShouldBeTrue(outcome.Detail);
        _dir.Read("log.txt").ShouldBe("set FEATURE_X=false\nrestart\n");
        outcome.Detail.ShouldContain("$ echo set 'FEATURE_X'='false' >> log.txt");
        outcome.Detail.ShouldContain("$ echo restart >> log.txt");
    }

    [Fact]
    public async Task SetVariableAsync_SetFails_FailsWithoutRestarting()
    {
        var options = Options();
        options.SetVariable = "exit 1";
        options.Restart = "touch restarted";

        var outcome = await Provider(options).SetVariableAsync("FEATURE_X", "false", CancellationToken.None);

        outcome.Ok.ShouldBeFalse();
        _dir.Exists("restarted").ShouldBeFalse();
    }

    [Fact]
    public async Task SetVariableAsync_RestartFails_Fails()
    {
        var options = Options();
        options.SetVariable = "true";
        options.Restart = "echo 'restart refused' >&2; exit 5";

        var outcome = await Provider(options).SetVariableAsync("FEATURE_X", "false", CancellationToken.None);

        outcome.Ok.ShouldBeFalse();
        outcome.Detail.ShouldContain("exit 5");
        outcome.Detail.ShouldContain("restart refused");
    }

    [Fact]
    public async Task RollbackAsync_ShellMissing_FailsSayingItCouldNotStart()
    {
        var options = Options();
        options.Shell = "/nonexistent/watchdog-sh";

        var outcome = await Provider(options).RollbackAsync(new Deployment("d2", "v2"), CancellationToken.None);

        outcome.Ok.ShouldBeFalse();
        outcome.Detail.ShouldContain("could not start /nonexistent/watchdog-sh");
    }

    [Fact]
    public void Constructor_InvalidOptions_ThrowsNamingTheProblem()
    {
        var options = Options();
        options.Rollback = "deploy '{target}'";

        var e = Should.Throw<ArgumentException>(() => Provider(options));

        e.Message.ShouldContain("Rollback: {target} must not stand inside quotes");
    }

    [Fact]
    public async Task VerifyAsync_CommandSeesTargetLive_PassesWithItsOutput()
    {
        _dir.Write("live", "d2");
        var options = Options();
        options.Verify = "test \"$(cat live)\" = {target} && echo {version} is live";

        var outcome = await Provider(options).VerifyAsync(new Deployment("d2", "v2"), CancellationToken.None);

        outcome.Ok.ShouldBeTrue(outcome.Detail);
        outcome.Detail.ShouldContain("v2 is live");
    }

    [Fact]
    public async Task VerifyAsync_CommandFails_FailsWithExitCode()
    {
        _dir.Write("live", "d3");
        var options = Options();
        options.Verify = "test \"$(cat live)\" = {target}";

        var outcome = await Provider(options).VerifyAsync(new Deployment("d2", "v2"), CancellationToken.None);

        outcome.Ok.ShouldBeFalse();
        outcome.Detail.ShouldContain("exit 1 after");
    }

    [Fact]
    public void CanVerify_OnlyWithAVerifyCommand()
    {
        Provider(Options()).CanVerify.ShouldBeFalse();
        var options = Options();
        options.Verify = "true";
        Provider(options).CanVerify.ShouldBeTrue();
    }
}
