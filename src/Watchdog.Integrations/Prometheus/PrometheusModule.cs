using Watchdog.Core.Ports;
using Watchdog.Core.Signals;

namespace Watchdog.Integrations.Prometheus;

/// <summary>
/// Prometheus queries as a source: the server once at the top level (<c>Watchdog:Prometheus</c>), and each service's
/// <c>Services:N:Prometheus</c> laid over it (its own <c>Queries</c>, or <c>Enabled: false</c>).
/// </summary>
public sealed class PrometheusModule() : SignalSourceModule<PrometheusOptions>(
    "Prometheus", PrometheusOptionsValidator.Problems, o => o.Name, o => [o.Token, o.Password, .. o.Headers.Values])
{
    private static readonly object ServerKey = new();

    public override void Prepare(ConfigReader r, ReadScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var c = scope.Root.GetSection(Type);
        scope.Once(ServerKey, () => c.Exists() ? ReadServer(r, c) : null);
    }

    protected override PrometheusOptions? Read(ConfigReader r, IConfigurationSection s, ReadScope scope)
    {
        var server = scope.Once<PrometheusOptions?>(ServerKey, () => null);
        if (server is null || !r.Bool(s, "Enabled", true)) return null;
        return new PrometheusOptions
        {
            Name = server.Name, BaseUrl = server.BaseUrl, Token = server.Token, Username = server.Username, Password = server.Password,
            Headers = server.Headers, Timeout = server.Timeout,
            Queries = Queries(r, s, server.Queries),
            SamplesQuery = r.String(s, "SamplesQuery", server.SamplesQuery),
        };
    }

    protected override ISignalSource Create(PrometheusOptions options, IntegrationContext context, ReadScope scope) =>
        new PrometheusSource(context.Probe(), options, scope.Service ?? "", context.Time, context.Logs.CreateLogger<PrometheusSource>());

    /// <summary>The server's keys; its validation waits for a service's queries, where the whole options are known.</summary>
    private static PrometheusOptions ReadServer(ConfigReader r, IConfigurationSection c)
    {
        r.ReadsInto(c, typeof(PrometheusOptions));
        var d = Defaults;
        return new PrometheusOptions
        {
            Name = r.String(c, "Name", d.Name)!,
            BaseUrl = r.Url(c, "BaseUrl", required: true),
            Token = r.Secret(c, "Token"),
            Username = r.String(c, "Username"),
            Password = r.Secret(c, "Password"),
            Headers = new(r.Map(c, "Headers"), StringComparer.OrdinalIgnoreCase),
            Timeout = r.Duration(c, "Timeout", d.Timeout, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(5)),
            Queries = Queries(r, c, d.Queries),
            SamplesQuery = r.String(c, "SamplesQuery", d.SamplesQuery),
        };
    }

    /// <summary><c>Queries:{Signal}</c> laid over <paramref name="defaults"/>.</summary>
    private static Dictionary<Signal, string> Queries(ConfigReader r, IConfigurationSection c, Dictionary<Signal, string> defaults)
    {
        var queries = new Dictionary<Signal, string>(defaults);
        foreach (var (signal, query) in r.Map(c, "Queries"))
        {
            if (Enum.TryParse<Signal>(signal, ignoreCase: true, out var parsed)) queries[parsed] = query;
            else r.Error(c.GetSection("Queries"), signal, $"is not a signal ({string.Join(", ", Enum.GetNames<Signal>())})");
        }

        return queries;
    }
}
