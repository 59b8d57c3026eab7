using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Watchdog.Hosting;
using Watchdog.Testing;
using Watchdog.Tests.Support;

namespace Watchdog.Tests.Hosting;

public class NotifierWiringTests
{
    [Fact]
    public async Task Host_WithStatuspageChannels_BuildsTheRuntimeWithTheLedgerFromTheContainer()
    {
        await using var target = await TestPeer.StartAsync(app => app.MapGet("/health", () => "ok"));
        var settings = InProcessHost.Service(target.Url("health"));
        settings["Watchdog:Notifications:Statuspage:0:ApiKey"] = "sp-key-0123456789";
        settings["Watchdog:Notifications:Statuspage:0:PageId"] = "page1";
        settings["Watchdog:Notifications:Statuspage:0:Components:api"] = "cmp-api";
        settings["Watchdog:Notifications:Statuspage:1:ApiKey"] = "sp-key-0123456789";
        settings["Watchdog:Notifications:Statuspage:1:PageId"] = "page2";
        settings["Watchdog:Notifications:Statuspage:1:Name"] = "statuspage-internal";

        await using var host = await InProcessHost.StartAsync(settings);

        host.App.Services.GetRequiredService<WatchdogRuntime>().ShouldNotBeNull();
    }
}
