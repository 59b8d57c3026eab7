using Watchdog.Core.Ports;
using Watchdog.Core.Releases;
using Watchdog.Core.Reports;

namespace Watchdog.Integrations.Tests.Runbook;

/// <summary>A channel that keeps what it is sent.</summary>
internal sealed class RecordingChannel(List<Notification> sent) : INotifier
{
    public string Name => "team";

    public Task SendAsync(Notification notification, CancellationToken cancellationToken)
    {
        lock (sent) sent.Add(notification);
        return Task.CompletedTask;
    }
}

/// <summary>A verifier that finds every deployment healthy.</summary>
internal sealed class PassingVerifier : IVerifier
{
    public Task<StepOutcome> VerifyAsync(Deployment expected, CancellationToken cancellationToken) =>
        Task.FromResult(StepOutcome.Success($"health ok; {expected.Version} serving"));
}
