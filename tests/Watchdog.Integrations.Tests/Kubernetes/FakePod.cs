namespace Watchdog.Integrations.Tests.Kubernetes;

/// <summary>One pod of a release's ReplicaSet as <see cref="KubernetesPeer"/> serves it: the app container's state and what its runs printed.</summary>
internal sealed class FakePod
{
    public required string Name { get; init; }

    /// <summary>The fake deployment (ReplicaSet) whose pod this is.</summary>
    public required string ReplicaSet { get; init; }

    public DateTimeOffset CreatedAt { get; set; } = new(2026, 11, 21, 2, 5, 0, TimeSpan.Zero);

    public bool Ready { get; set; } = true;

    public int Restarts { get; set; }

    /// <summary>Null while the app container runs; else why it waits (<c>CrashLoopBackOff</c> between runs, <c>ContainerCreating</c> before the first).</summary>
    public string? Waiting { get; set; }

    /// <summary>The current run's lines.</summary>
    public List<(DateTimeOffset At, string Text)> Log { get; } = [];

    /// <summary>The last terminated run's lines, which kubelet keeps until the next restart; null when there was none.</summary>
    public List<(DateTimeOffset At, string Text)>? PreviousLog { get; set; }

    /// <summary>Lines one second apart from <paramref name="start"/>.</summary>
    public static List<(DateTimeOffset At, string Text)> Printed(DateTimeOffset start, params string[] texts) =>
        [.. texts.Select((t, i) => (start.AddSeconds(i), t))];
}
