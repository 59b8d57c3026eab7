using Microsoft.Extensions.Configuration;

namespace Watchdog.Integrations.Configuration;

/// <summary>
/// The one place an integration is described: its type name, how its options are read from its section (each key,
/// its default and its limits), its secrets and its factory. The kinds below add where their sections live.
/// </summary>
/// <typeparam name="TOptions">The integration's options class; its property initializers are the defaults.</typeparam>
/// <typeparam name="T">What it makes: a provider, a notifier, a signal source.</typeparam>
public abstract class IntegrationModule<TOptions, T> where TOptions : class
{
    /// <summary>The type name: <c>Railway</c>. For providers, the value of the config's <c>Type</c> key.</summary>
    public abstract string Type { get; }

    /// <summary>Reads and validates the options from <paramref name="s"/>, each problem reported through <paramref name="r"/> naming its key. Keys are literals on purpose: they are the users' contract, and renaming a property must not rename a key.</summary>
    /// <returns>The options, or null where the integration is not configured here (an optional source).</returns>
    protected abstract TOptions? Read(ConfigReader r, IConfigurationSection s, ReadScope scope);

    protected abstract string NameOf(TOptions options);

    /// <summary>The configured values to mask wherever Watchdog writes.</summary>
    protected abstract IEnumerable<string?> SecretsOf(TOptions options);

    /// <summary>Makes the integration; called once per configured instance when the host starts.</summary>
    protected abstract T Create(TOptions options, IntegrationContext context, ReadScope scope);

    /// <summary>Reads the section and binds the options to this module's name, secrets and factory.</summary>
    public Configured<T>? Bind(ConfigReader r, IConfigurationSection section, ReadScope scope)
    {
        ArgumentNullException.ThrowIfNull(r);
        var options = Read(r, section, scope);
        return options is null ? null : new Configured<T>(Type, NameOf(options), options, SecretsOf(options), c => Create(options, c, scope));
    }
}
