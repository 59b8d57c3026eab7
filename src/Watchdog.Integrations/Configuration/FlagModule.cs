using Watchdog.Core.Ports;

namespace Watchdog.Integrations.Configuration;

/// <summary>
/// Makes a service's flag switch once the host has its platform: the <c>Environment</c> switch sets variables through
/// the service's provider; the others ignore it.
/// </summary>
public delegate IFlagSwitch FlagSwitchFactory(IDeploymentProvider platform);

/// <summary>A feature-flag service, read from a service's <c>Flags</c> section whose <c>Type</c> is <see cref="Type"/>.</summary>
public interface IFlagModule
{
    string Type { get; }

    Configured<FlagSwitchFactory>? Bind(ConfigReader r, IConfigurationSection section, ReadScope scope);
}

/// <inheritdoc cref="IFlagModule"/>
public abstract class FlagModule<TOptions>(
    string type, Func<TOptions, IEnumerable<string>> validate, Func<TOptions, string> nameOf, Func<TOptions, IEnumerable<string?>> secretsOf)
    : IntegrationModule<TOptions, FlagSwitchFactory>(type, validate, nameOf, secretsOf), IFlagModule
    where TOptions : class, new();
