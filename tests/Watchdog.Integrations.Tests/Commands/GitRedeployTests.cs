using Microsoft.Extensions.Logging.Abstractions;
using Watchdog.Core.Reports;
using Watchdog.Core.Runbook;
using Watchdog.Integrations.Commands;

using Watchdog.Testing;

namespace Watchdog.Integrations.Tests.Commands;

/// <summary>The provider driving a real git checkout, the seeds' "git-based rollback", with the documented List example.</summary>
public sealed class GitRedeployTests : IDisposable
{
    private readonly Scratch _dir = new();

    public void Dispose() => _dir.Dispose();

    private CommandProviderOptions Options() => new()
    {
        Name = "git",
        WorkingDirectory = _dir.Root,
        Environment =
        {
            ["GIT_CONFIG_GLOBAL"] = "/dev/null",
            ["GIT_CONFIG_NOSYSTEM"] = "1",
            ["GIT_AUTHOR_NAME"] = "watchdog",
            ["GIT_AUTHOR_EMAIL"] = "watchdog@example.invalid",
            ["GIT_COMMITTER_NAME"] = "watchdog",
            ["GIT_COMMITTER_EMAIL"] = "watchdog@example.invalid",
        },
        List = "git tag --list 'deploy-*' --sort=-creatordate --format='%(refname:short) %(refname:short) %(creatordate:iso-strict)'",
        Current = "git describe --tags --exact-match HEAD 2>/dev/null || true",
        Rollback = "git checkout --quiet {target}",
    };

    [Fact]
    public async Task Provider_GitTags_IdentifiesLiveAndRollsBackToThePreviousTag()
    {
        var options = Options();
        var runner = new CommandRunner(TimeProvider.System, NullLogger<CommandRunner>.Instance);
        var setup = await runner.RunAsync(new CommandRequest("""
            git init --quiet . &&
            git commit --quiet --allow-empty -m one && GIT_COMMITTER_DATE=2026-11-19T10:00:00Z git tag -a deploy-v1 -m v1 &&
            git commit --quiet --allow-empty -m two && GIT_COMMITTER_DATE=2026-11-20T10:00:00Z git tag -a deploy-v2 -m v2
            """) { WorkingDirectory = _dir.Root, Environment = options.Environment }, CancellationToken.None);
        setup.ExitCode.ShouldBe(0, setup.Stderr);
        var provider = new CommandProvider(options, runner, Redactor.None, NullLogger<CommandProvider>.Instance);

        var live = (await provider.GetLiveAsync(CancellationToken.None)).ShouldSucceed();
        var target = RollbackTarget.Choose((await provider.ListAsync(CancellationToken.None)).ShouldSucceed(), live);
        var outcome = await provider.RollbackAsync(target!, CancellationToken.None);

        live!.Id.ShouldBe("deploy-v2");
        live.CreatedAt.ShouldBe(new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.Zero));
        target!.Id.ShouldBe("deploy-v1");
        outcome.Ok.ShouldBeTrue(outcome.Detail);
        ((await provider.GetLiveAsync(CancellationToken.None)).ShouldSucceed())!.Id.ShouldBe("deploy-v1");
    }
}
