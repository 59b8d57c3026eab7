using Watchdog.Core.Ports;

namespace Watchdog.Integrations.Configuration;

/// <summary>A signal source, read from the section <see cref="Section"/> of each service (<c>Services:N:Sentry</c>).</summary>
public interface ISignalSourceModule
{
    string Type { get; }

    /// <summary>The key under a service.</summary>
    string Section { get; }

    /// <summary>Reads what lives outside the services (a shared server) once, before any service; most sources have nothing.</summary>
    void Prepare(ConfigReader r, ReadScope scope);

    /// <returns>Null where the service does not use this source.</returns>
    Configured<ISignalSource>? Bind(ConfigReader r, IConfigurationSection section, ReadScope scope);
}

/// <inheritdoc cref="ISignalSourceModule"/>
public abstract class SignalSourceModule<TOptions>(
    string type, Func<TOptions, IEnumerable<string>> validate, Func<TOptions, string> nameOf, Func<TOptions, IEnumerable<string?>> secretsOf)
    : IntegrationModule<TOptions, ISignalSource>(type, validate, nameOf, secretsOf), ISignalSourceModule
    where TOptions : class, new()
{
    public virtual string Section => Type;

    public virtual void Prepare(ConfigReader r, ReadScope scope)
    {
    }
}
