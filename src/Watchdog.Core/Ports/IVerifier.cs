using Watchdog.Core.Releases;
namespace Watchdog.Core.Ports;

/// <summary>Decides whether a rollback restored service: healthy answers, the expected version, a low error rate over a window.</summary>
public interface IVerifier
{
    Task<StepOutcome> VerifyAsync(Deployment expected, CancellationToken cancellationToken);
}
