namespace Watchdog.Core.Releases;

/// <summary>A deployment as a provider lists it. <see cref="Version"/> is what people call it (tag, commit, image).</summary>
/// <param name="LiveRecord">
/// Set only when the platform's own answer says this deployment served production before and was replaced: who
/// says so and by which field, worded to follow "by", e.g. <c>Railway's own record (status REMOVED)</c>. Null when
/// the platform keeps no such record or does not say; never inferred from age or success alone.
/// </param>
public sealed record Deployment(string Id, string Version, DateTimeOffset? CreatedAt = null, bool CanRollback = true, bool Succeeded = true, string? LiveRecord = null)
{
    /// <summary>The platform's own record says it was live in production before (see <see cref="LiveRecord"/>).</summary>
    public bool WasLive => LiveRecord is not null;

    public override string ToString() => Id == Version ? Id : $"{Version} ({Id})";
}
