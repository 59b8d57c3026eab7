using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Watchdog.Tests.Support;

/// <summary>One firing alert pushed to the host's <c>/hooks/alertmanager</c> as Alertmanager's webhook sends it (version 4).</summary>
internal static class AlertmanagerPush
{
    /// <summary>Posts alert <c>CheckoutErrors</c> for <paramref name="service"/> with meaning <c>users_affected</c>, started at <paramref name="startsAt"/>; asserts the 200.</summary>
    public static async Task FiringAsync(InProcessHost host, string token, string service, DateTimeOffset startsAt)
    {
        using var alert = new HttpRequestMessage(HttpMethod.Post, "hooks/alertmanager") { Content = new StringContent($$"""
            {"version":"4","groupKey":"{}:{alertname=\"CheckoutErrors\"}","truncatedAlerts":0,"status":"firing","receiver":"watchdog",
             "groupLabels":{},"commonLabels":{},"commonAnnotations":{},"externalURL":"http://am:9093",
             "alerts":[{"status":"firing","labels":{"alertname":"CheckoutErrors","service":"{{service}}","meaning":"users_affected"},"annotations":{},
                        "startsAt":"{{startsAt.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ}}","endsAt":"0001-01-01T00:00:00Z","generatorURL":"","fingerprint":"9a8b7c6d5e4f3a2b"}]}
            """, Encoding.UTF8, "application/json") };
        alert.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        (await host.Http.SendAsync(alert)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
