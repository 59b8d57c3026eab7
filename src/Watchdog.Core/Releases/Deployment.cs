namespace Watchdog.Core.Releases;

/// <summary>A deployment as a provider lists it. <see cref="Version"/> is what people call it (tag, commit, image).</summary>
public sealed record Deployment(string Id, string Version, DateTimeOffset? CreatedAt = null, bool CanRollback = true, bool Succeeded = true)
{
    public override string ToString() => Id == Version ? Id : $"{Version} ({Id})";
}
