using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Watchdog.Integrations.Commands;
using Watchdog.Testing;

namespace Watchdog.Integrations.Tests.Commands;

public sealed class CommandRunnerTests : IDisposable
{
    private static readonly TimeSpan Quick = TimeSpan.FromSeconds(10);
    private readonly Scratch _dir = new();

    public void Dispose() => _dir.Dispose();

    private static CommandRunner Runner(TimeProvider? time = null) => new(time ?? TimeProvider.System, NullLogger<CommandRunner>.Instance);

    private static TimeSpan Since(long start) => TimeProvider.System.GetElapsedTime(start);

    [Fact]
    public async Task Run_CommandWritesBothStreams_CapturesEachAndTheExitCode()
    {
        var result = await Runner().RunAsync(new CommandRequest("echo out; echo err >&2; exit 3"), CancellationToken.None);

        result.ExitCode.ShouldBe(3);
        result.Stdout.ShouldBe("out\n");
        result.Stderr.ShouldBe("err\n");
        result.TimedOut.ShouldBeFalse();
        result.Succeeded.ShouldBeFalse();
        result.StdoutTruncated.ShouldBeFalse();
    }

    [Fact]
    public async Task Run_EnvironmentGiven_CommandSeesIt()
    {
        var request = new CommandRequest("printf '%s' \"$GREETING\"")
        {
            Environment = new Dictionary<string, string> { ["GREETING"] = "hello world" },
        };

        var result = await Runner().RunAsync(request, CancellationToken.None);

        result.Stdout.ShouldBe("hello world");
    }

    [Fact]
    public async Task Run_InheritedEnvironment_PassesOrdinaryVariablesButNotWatchdogConfiguration()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var config = $"Watchdog__CommandsTest{suffix}__Token";
        var ordinary = $"WATCHDOG_COMMANDS_TEST_{suffix}";
        Environment.SetEnvironmentVariable(config, "do-not-leak");
        Environment.SetEnvironmentVariable(ordinary, "inherited");
        try
        {
            var result = await Runner().RunAsync(new CommandRequest($"printf '%s|%s' \"${{{config}:-absent}}\" \"${ordinary}\""), CancellationToken.None);

            result.Stdout.ShouldBe("absent|inherited");
        }
        finally
        {
            Environment.SetEnvironmentVariable(config, null);
            Environment.SetEnvironmentVariable(ordinary, null);
        }
    }

    [Fact]
    public async Task Run_WorkingDirectoryGiven_RunsThere()
    {
        await File.WriteAllTextAsync(_dir.Path("marker.txt"), "here");

        var result = await Runner().RunAsync(new CommandRequest("cat marker.txt") { WorkingDirectory = _dir.Root }, CancellationToken.None);

        result.ExitCode.ShouldBe(0);
        result.Stdout.ShouldBe("here");
    }

    [Fact]
    public async Task Run_CommandExceedsTimeout_KillsProcessTreeAndReportsTimedOut()
    {
        var pidFile = _dir.Path("grandchild.pid");
        var request = new CommandRequest($"sleep 30 & echo $! > '{pidFile}'; sleep 30") { Timeout = TimeSpan.FromMilliseconds(500) };
        var start = TimeProvider.System.GetTimestamp();

        var result = await Runner().RunAsync(request, CancellationToken.None);

        Since(start).ShouldBeLessThan(Quick);
        result.TimedOut.ShouldBeTrue();
        result.ExitCode.ShouldBeNull();
        result.Duration.ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(500));
        var grandchild = await Processes.ReadPidAsync(pidFile);
        try
        {
            (await Processes.GoneWithinAsync(grandchild, TimeSpan.FromSeconds(5))).ShouldBeTrue($"background sleep {grandchild} survived the kill");
        }
        finally
        {
            Processes.StopSleep(grandchild);
        }
    }

    [Fact]
    public async Task Run_CallerCancels_KillsProcessTreeAndThrows()
    {
        var pidFile = _dir.Path("grandchild.pid");
        var request = new CommandRequest($"sleep 30 & echo $! > '{pidFile}'; sleep 30") { Timeout = TimeSpan.FromMinutes(1) };
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
        var start = TimeProvider.System.GetTimestamp();

        await Should.ThrowAsync<OperationCanceledException>(() => Runner().RunAsync(request, cts.Token));

        Since(start).ShouldBeLessThan(Quick);
        var grandchild = await Processes.ReadPidAsync(pidFile);
        try
        {
            (await Processes.GoneWithinAsync(grandchild, TimeSpan.FromSeconds(5))).ShouldBeTrue($"background sleep {grandchild} survived the cancellation");
        }
        finally
        {
            Processes.StopSleep(grandchild);
        }
    }

    [Fact]
    public async Task Run_Deadline_IsKeptOnTheInjectedClock()
    {
        var time = new ManualTimeProvider();
        var running = Runner(time).RunAsync(new CommandRequest("sleep 30") { Timeout = TimeSpan.FromMinutes(1) }, CancellationToken.None);
        for (var i = 0; i < 200 && time.PendingTimers == 0; i++) await Task.Delay(10);

        time.Advance(TimeSpan.FromSeconds(59));
        await Task.Delay(200);
        running.IsCompleted.ShouldBeFalse();
        time.Advance(TimeSpan.FromSeconds(1));
        var result = await running.WaitAsync(Quick);

        result.TimedOut.ShouldBeTrue();
        result.Duration.ShouldBe(TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task Run_OutputOfMegabytes_KeepsTheHeadOfEachStreamAndStillFinishes()
    {
        var command = "echo first; head -c 3000000 /dev/zero | tr '\\0' x; echo; head -c 2000000 /dev/zero | tr '\\0' y >&2";
        var start = TimeProvider.System.GetTimestamp();

        var result = await Runner().RunAsync(new CommandRequest(command) { MaxOutputBytes = 64 * 1024 }, CancellationToken.None);

        Since(start).ShouldBeLessThan(Quick);
        result.ExitCode.ShouldBe(0);
        result.Stdout.Length.ShouldBe(64 * 1024);
        result.Stdout.ShouldStartWith("first\nxxx");
        result.StdoutTruncated.ShouldBeTrue();
        result.Stderr.Length.ShouldBe(64 * 1024);
        result.StderrTruncated.ShouldBeTrue();
    }

    [Fact]
    public async Task Run_CommandReadsStdin_GetsItsOwnClosedPipeNotWatchdogsInput()
    {
        // Watchdog's own stdin may be a terminal or a socket; a prompting CLI must see end-of-input instead.
        var command = "if [ -p /dev/stdin ]; then cat; echo own-pipe-closed; else echo inherited; fi";

        var result = await Runner().RunAsync(new CommandRequest(command) { Timeout = TimeSpan.FromSeconds(5) }, CancellationToken.None);

        result.TimedOut.ShouldBeFalse();
        result.Stdout.ShouldBe("own-pipe-closed\n");
    }

    [Fact]
    public async Task Run_BackgroundProcessKeepsOutputOpen_ReturnsAfterTheGraceWithTheExitCode()
    {
        var pidFile = _dir.Path("daemon.pid");
        var request = new CommandRequest($"sleep 5 & echo $! > '{pidFile}'; echo started") { OutputGrace = TimeSpan.FromMilliseconds(300) };
        var start = TimeProvider.System.GetTimestamp();
        try
        {
            var result = await Runner().RunAsync(request, CancellationToken.None);

            Since(start).ShouldBeLessThan(TimeSpan.FromSeconds(4));
            result.ExitCode.ShouldBe(0);
            result.TimedOut.ShouldBeFalse();
            result.Stdout.ShouldBe("started\n");
        }
        finally
        {
            Processes.StopSleep(await Processes.ReadPidAsync(pidFile));
        }
    }

    [Fact]
    public async Task Run_ShellCannotBeStarted_ThrowsNamingTheShell()
    {
        var request = new CommandRequest("true") { Shell = "/nonexistent/watchdog-sh" };

        var e = await Should.ThrowAsync<CommandFailedException>(() => Runner().RunAsync(request, CancellationToken.None));

        e.Message.ShouldContain("/nonexistent/watchdog-sh");
    }

    [Fact]
    public void WholeCharacters_CutInsideMultibyteCharacter_DropsThePartialCharacter()
    {
        var bytes = Encoding.UTF8.GetBytes("aé€");   // 1 + 2 + 3 bytes

        OutputCapture.WholeCharacters(bytes.AsSpan(0, 2)).ShouldBe(1);
        OutputCapture.WholeCharacters(bytes.AsSpan(0, 3)).ShouldBe(3);
        OutputCapture.WholeCharacters(bytes.AsSpan(0, 5)).ShouldBe(3);
        OutputCapture.WholeCharacters(bytes).ShouldBe(6);
    }
}
