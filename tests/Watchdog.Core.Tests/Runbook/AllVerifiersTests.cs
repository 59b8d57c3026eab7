using Watchdog.Core.Ports;
using Watchdog.Core.Runbook;
using Watchdog.Core.Releases;

namespace Watchdog.Core.Tests.Runbook;

public class AllVerifiersTests
{
    private sealed class Fixed(bool ok, string detail) : IVerifier
    {
        public int Calls { get; private set; }

        public Task<StepOutcome> VerifyAsync(Deployment expected, CancellationToken cancellationToken)
        {
            Calls++;
            return Task.FromResult(new StepOutcome(ok, detail));
        }
    }

    [Fact]
    public async Task Verify_AllPass_PassesWithEveryDetail()
    {
        var outcome = await new AllVerifiers([new Fixed(true, "health 12/12"), new Fixed(true, "railway: live")]).VerifyAsync(new Deployment("d1", "v1"), CancellationToken.None);

        outcome.ShouldBe(StepOutcome.Success("health 12/12; railway: live"));
    }

    [Fact]
    public async Task Verify_FirstFails_FailsWithoutAskingTheRest()
    {
        var second = new Fixed(true, "never asked");

        var outcome = await new AllVerifiers([new Fixed(false, "health 3/12"), second]).VerifyAsync(new Deployment("d1", "v1"), CancellationToken.None);

        outcome.ShouldBe(StepOutcome.Failure("health 3/12"));
        second.Calls.ShouldBe(0);
    }
}
