using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Watchdog.Core.Ports;
using Watchdog.Core.Signals;
using Watchdog.Integrations.Prometheus;
using Watchdog.Integrations.Tests.Http;
using Watchdog.Integrations.Tests.Prometheus;

namespace Watchdog.Integrations.Tests.Sources;

/// <summary>The signal source suite against Prometheus's HTTP API, asked with a bearer token.</summary>
public sealed class PrometheusSourceConformanceTests : SignalSourceConformance
{
    private const string Token = "prom-B3arerT0ken-77aa";

    private PrometheusPeer _prometheus = null!;

    protected override string Secret => Token;

    protected override Uri PeerUrl => _prometheus.BaseAddress;

    private protected override async Task<IAsyncDisposable> StartPeerAsync(PeerFront front) =>
        _prometheus = await PrometheusPeer.StartAsync(async (seen, ctx) =>
        {
            var (status, body) = seen.Authorization != "Bearer " + Token ? (401, Answers.Error("unauthorized", "no token"))
                : seen.Query == "requests" ? (200, Answers.Vector("250"))
                : (200, Answers.Vector("0.02"));
            ctx.Response.StatusCode = status;
            ctx.Response.ContentType = "application/json";
            await ctx.Response.WriteAsync(body);
        }, front);

    protected override ISignalSource CreateSource(Uri baseUrl) => new PrometheusSource(Http, new PrometheusOptions
    {
        BaseUrl = baseUrl,
        Token = Token,
        Timeout = Deadline,
        Queries = new() { [Signal.ErrorRate] = """sum(rate(errors{service="{service}"}[5m]))""", [Signal.LatencyP95] = """p95{service="{service}"}""" },
        SamplesQuery = "requests",
    }, "shop", Clock, NullLogger<PrometheusSource>.Instance);
}
