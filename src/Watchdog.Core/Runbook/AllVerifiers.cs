using Watchdog.Core.Ports;
using Watchdog.Core.Releases;

namespace Watchdog.Core.Runbook;

/// <summary>Verification that passes only when every verifier passes, checked in order; the first failure ends it.</summary>
public sealed class AllVerifiers(IReadOnlyList<IVerifier> verifiers) : IVerifier
{
    public async Task<StepOutcome> VerifyAsync(Deployment expected, CancellationToken cancellationToken)
    {
        var details = new List<string>(verifiers.Count);
        foreach (var verifier in verifiers)
        {
            var outcome = await verifier.VerifyAsync(expected, cancellationToken);
            details.Add(outcome.Detail);
            if (!outcome.Ok) return StepOutcome.Failure(string.Join("; ", details));
        }

        return StepOutcome.Success(string.Join("; ", details));
    }
}
