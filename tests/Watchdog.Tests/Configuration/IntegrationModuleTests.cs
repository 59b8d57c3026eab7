using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Watchdog.Configuration;
using Watchdog.Core.Ports;
using Watchdog.Core.Reports;
using Watchdog.Integrations.Commands;
using Watchdog.Integrations.Configuration;
using Watchdog.Testing;

namespace Watchdog.Tests.Configuration;

/// <summary>A new integration is its module and one registration line: nothing in the host knows the type below.</summary>
public class IntegrationModuleTests
{
    private static Dictionary<string, string?> Service(params (string Key, string? Value)[] provider)
    {
        var values = new Dictionary<string, string?>
        {
            ["Watchdog:Services:0:Name"] = "api",
            ["Watchdog:Services:0:Health:Url"] = "http://127.0.0.1:3000/health",
            ["Watchdog:Services:0:Provider:Type"] = "TestOnly",
        };
        foreach (var (k, v) in provider) values["Watchdog:Services:0:Provider:" + k] = v;
        return values;
    }

    private static (WatchdogSettings? Settings, IReadOnlyList<string> Errors) Load(Dictionary<string, string?> values, IntegrationRegistry modules)
    {
        var settings = SettingsLoader.Load(new ConfigurationBuilder().AddInMemoryCollection(values).Build(), modules, out var errors);
        return (settings, errors);
    }

    [Fact]
    public void Load_AProviderModuleAddedByOneLine_IsReadValidatedRedactedAndMade()
    {
        var module = new TestOnlyModule();
        var modules = IntegrationRegistry.BuiltIn.Copy().Add(module);

        var (settings, errors) = Load(Service(("Token", "test-only-token-0123"), ("Speed", "7")), modules);

        errors.ShouldBeEmpty();
        var provider = settings!.Services[0].Provider;
        provider.Type.ShouldBe("TestOnly");
        provider.Options.ShouldBeOfType<TestOnlyOptions>().Speed.ShouldBe(7);
        settings.Secrets.ShouldContain("test-only-token-0123");
        // The host's runtime makes every provider through this call.
        provider.Create(Context()).Name.ShouldBe("test-only");
        module.Made.ShouldBe(1);
    }

    [Fact]
    public void Load_AnAddedModulesBadValues_AreErrorsNamingItsKeys()
    {
        var modules = IntegrationRegistry.BuiltIn.Copy().Add(new TestOnlyModule());

        var (settings, errors) = Load(Service(("Speed", "99"), ("Sped", "1")), modules);

        settings.ShouldBeNull();
        errors.ShouldBe([
            "Watchdog:Services:0:Provider:Speed: 99 is out of range (1 to 10)",
            "Watchdog:Services:0:Provider:Token: is required",
            "Watchdog:Services:0:Provider:Sped: unknown key (check its spelling against the README's configuration reference)",
        ]);
    }

    [Fact]
    public void Load_WithoutTheAddedModule_ItsTypeIsNotOneOfTheRegistered()
    {
        var (_, errors) = Load(Service(("Token", "t")), IntegrationRegistry.BuiltIn);

        errors.ShouldBe(["Watchdog:Services:0:Provider:Type: 'TestOnly' is not one of Command, Railway, Vercel, Kubernetes"]);
    }

    [Fact]
    public void Register_TwoModulesOfOneType_Throws()
    {
        Should.Throw<InvalidOperationException>(() => IntegrationRegistry.BuiltIn.Copy().Add(new TestOnlyModule()).Add(new TestOnlyModule()));
    }

    /// <summary>One configuration that sets every built-in module's secrets, each to its own value.</summary>
    private static readonly Dictionary<string, string?> EverySecret = new()
    {
        ["Watchdog:Prometheus:BaseUrl"] = "http://127.0.0.1:9090",
        ["Watchdog:Prometheus:Username"] = "watchdog",
        ["Watchdog:Prometheus:Password"] = "secret-prometheus-password",
        ["Watchdog:Prometheus:Headers:X-Scope"] = "secret-prometheus-header",
        ["Watchdog:Services:0:Name"] = "api",
        ["Watchdog:Services:0:Health:Url"] = "http://127.0.0.1:3000/health",
        ["Watchdog:Services:0:Health:Headers:Authorization"] = "secret-health-header",
        ["Watchdog:Services:0:Sentry:Organization"] = "acme",
        ["Watchdog:Services:0:Sentry:Project"] = "4505",
        ["Watchdog:Services:0:Sentry:Token"] = "secret-sentry-token",
        ["Watchdog:Services:0:RailwayMetrics:Token"] = "secret-railway-metrics-token",
        ["Watchdog:Services:0:RailwayMetrics:ServiceId"] = "s",
        ["Watchdog:Services:0:RailwayMetrics:EnvironmentId"] = "e",
        ["Watchdog:Services:0:Provider:List"] = "a",
        ["Watchdog:Services:0:Provider:Current"] = "b",
        ["Watchdog:Services:0:Provider:Rollback"] = "c",
        ["Watchdog:Services:0:Provider:Environment:DEPLOY_TOKEN"] = "secret-command-env",
        ["Watchdog:Services:0:Fallbacks:0:Type"] = "Railway",
        ["Watchdog:Services:0:Fallbacks:0:Token"] = "secret-railway-token",
        ["Watchdog:Services:0:Fallbacks:0:ProjectId"] = "p",
        ["Watchdog:Services:0:Fallbacks:0:EnvironmentId"] = "e",
        ["Watchdog:Services:0:Fallbacks:0:ServiceId"] = "s",
        ["Watchdog:Services:0:Fallbacks:1:Type"] = "Vercel",
        ["Watchdog:Services:0:Fallbacks:1:Token"] = "secret-vercel-token",
        ["Watchdog:Services:0:Fallbacks:1:ProjectId"] = "prj_web",
        ["Watchdog:Services:0:Fallbacks:2:Type"] = "Kubernetes",
        ["Watchdog:Services:0:Fallbacks:2:ApiUrl"] = "https://k8s.example.com:6443",
        ["Watchdog:Services:0:Fallbacks:2:Token"] = "secret-kubernetes-token",
        ["Watchdog:Services:0:Fallbacks:2:TokenFile"] = "",
        ["Watchdog:Services:0:Fallbacks:2:CaFile"] = "",
        ["Watchdog:Services:0:Fallbacks:2:Namespace"] = "shop",
        ["Watchdog:Services:0:Fallbacks:2:Deployment"] = "shop-api",
        ["Watchdog:Notifications:Slack:0:WebhookUrl"] = "https://hooks.slack.com/services/T0/B0/secret-slack-url",
        ["Watchdog:Notifications:Webhooks:0:Url"] = "https://hooks.example.com/w",
        ["Watchdog:Notifications:Webhooks:0:Secret"] = "secret-webhook-0123456789",
        ["Watchdog:Notifications:Teams:0:WebhookUrl"] = "https://example.webhook.office.com/webhookb2/secret-teams-url",
        ["Watchdog:Notifications:PagerDuty:0:RoutingKey"] = "secretpagerdutyroutingkey0123456",
        ["Watchdog:Notifications:Statuspage:0:ApiKey"] = "secret-statuspage-key",
        ["Watchdog:Notifications:Statuspage:0:PageId"] = "page1",
    };

    [Fact]
    public void Secrets_OfEveryRegisteredModule_AreInTheSettingsSecretList()
    {
        var (settings, errors) = Load(EverySecret, IntegrationRegistry.BuiltIn);

        errors.ShouldBeEmpty();
        var service = settings!.Services[0];
        var configured = service.Fallbacks.Prepend(service.Provider).Select(p => p.Type)
            .Concat(service.Sources.Select(s => s.Type)).Concat(settings.Notifications.Channels.Select(c => c.Type));
        var registered = IntegrationRegistry.BuiltIn.Providers.Select(m => m.Type)
            .Concat(IntegrationRegistry.BuiltIn.Sources.Select(m => m.Type)).Concat(IntegrationRegistry.BuiltIn.Notifiers.Select(m => m.Type));
        configured.ShouldBe(registered, ignoreOrder: true, "a module added without a secret in this configuration is not covered");
        var expected = EverySecret.Where(kv => kv.Value?.StartsWith("secret", StringComparison.Ordinal) == true || kv.Key.EndsWith("WebhookUrl", StringComparison.Ordinal)).Select(kv => kv.Value);
        foreach (var secret in expected) settings.Secrets.ShouldContain(secret);
    }

    private static IntegrationContext Context()
    {
        var time = TimeProvider.System;
        return new IntegrationContext
        {
            Outbound = () => new HttpClient(),
            Probe = () => new HttpClient(),
            Resilience = ResiliencePipeline<HttpResponseMessage>.Empty,
            Time = time,
            Logs = NullLoggerFactory.Instance,
            Redactor = new Redactor([]),
            Ledger = new InMemoryLedger(),
            Commands = new CommandRunner(time, NullLogger<CommandRunner>.Instance),
        };
    }

    public sealed class TestOnlyOptions
    {
        public string Name { get; set; } = "test-only";

        public string? Token { get; set; }

        public int Speed { get; set; } = 3;
    }

    private sealed class TestOnlyModule() : ProviderModule<TestOnlyOptions>(
        "TestOnly", o => string.IsNullOrEmpty(o.Token) ? ["Token is required."] : [], o => o.Name, o => [o.Token])
    {
        public int Made { get; private set; }

        protected override TestOnlyOptions Read(ConfigReader r, IConfigurationSection s, ReadScope scope) => new()
        {
            Name = r.String(s, "Name", Defaults.Name)!,
            Token = r.Secret(s, "Token"),
            Speed = r.Integer(s, "Speed", Defaults.Speed, 1, 10),
        };

        protected override IDeploymentProvider Create(TestOnlyOptions options, IntegrationContext context, ReadScope scope)
        {
            Made++;
            return new CommandProvider(new CommandProviderOptions { Name = options.Name, List = "true", Current = "true", Rollback = "true" },
                context.Commands, context.Redactor, NullLogger<CommandProvider>.Instance);
        }
    }
}
