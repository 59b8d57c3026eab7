using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Watchdog.Testing;

namespace Watchdog.Tests.Support;

/// <summary>
/// A webhook receiver standing in for the on-call person: Approve mode must have a channel that reaches one, or the
/// configuration is refused. One Kestrel peer for the whole test run; it takes every delivery and keeps none.
/// </summary>
public static class PersonInbox
{
    private static readonly Lazy<Task<TestPeer>> Peer = new(() => TestPeer.StartAsync(app => app.MapPost("/inbox", () => Results.Ok())));

    /// <summary>Adds a webhook channel to the inbox when the settings ask for Approve mode and configure no channel.</summary>
    public static async Task AddWhenApprovalsNeedItAsync(Dictionary<string, string?> settings)
    {
        var approve = settings.Any(kv => kv.Key.EndsWith(":Mode", StringComparison.OrdinalIgnoreCase) && string.Equals(kv.Value, "Approve", StringComparison.OrdinalIgnoreCase));
        if (!approve || settings.Keys.Any(k => k.StartsWith("Watchdog:Notifications:", StringComparison.OrdinalIgnoreCase) && !k.EndsWith(":Timeout", StringComparison.OrdinalIgnoreCase))) return;
        var peer = await Peer.Value;
        settings["Watchdog:Notifications:Webhooks:0:Name"] = "on-call-inbox";
        settings["Watchdog:Notifications:Webhooks:0:Url"] = peer.Url("inbox").ToString();
        settings["Watchdog:Notifications:Webhooks:0:Secret"] = "test-inbox-secret-0123456789abcdef";
    }
}
