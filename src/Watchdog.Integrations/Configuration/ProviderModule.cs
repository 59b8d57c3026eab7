using Watchdog.Core.Ports;

namespace Watchdog.Integrations.Configuration;

/// <summary>A deployment provider, read from a service's <c>Provider</c> or <c>Fallbacks:N</c> section whose <c>Type</c> is <see cref="Type"/>.</summary>
public interface IProviderModule
{
    string Type { get; }

    Configured<IDeploymentProvider>? Bind(ConfigReader r, IConfigurationSection section, ReadScope scope);
}

/// <inheritdoc cref="IProviderModule"/>
public abstract class ProviderModule<TOptions>(
    string type, Func<TOptions, IEnumerable<string>> validate, Func<TOptions, string> nameOf, Func<TOptions, IEnumerable<string?>> secretsOf)
    : IntegrationModule<TOptions, IDeploymentProvider>(type, validate, nameOf, secretsOf), IProviderModule
    where TOptions : class, new();
