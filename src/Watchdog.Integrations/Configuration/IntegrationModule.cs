namespace Watchdog.Integrations.Configuration;

/// <summary>
/// The one place an integration is described: its type name, how its options are read from its section (each key,
/// its default and its limits), its validator, its secrets and its factory. The kinds add where their sections live.
/// </summary>
/// <typeparam name="TOptions">The integration's options class; its property initializers are the defaults.</typeparam>
/// <typeparam name="T">What it makes: a provider, a notifier, a signal source.</typeparam>
/// <param name="type">The type name: <c>Railway</c>. For providers, the value of the config's <c>Type</c> key.</param>
/// <param name="validate">The options' validator: findings start with the property, which names the key.</param>
/// <param name="nameOf">How an instance is named in the journal, logs and messages.</param>
/// <param name="secretsOf">The configured values to mask wherever Watchdog writes.</param>
public abstract class IntegrationModule<TOptions, T>(
    string type, Func<TOptions, IEnumerable<string>> validate, Func<TOptions, string> nameOf, Func<TOptions, IEnumerable<string?>> secretsOf)
    where TOptions : class, new()
{
    public string Type { get; } = type;

    /// <summary>A fresh options object: its values are the defaults of the keys not set.</summary>
    protected static TOptions Defaults => new();

    /// <summary>
    /// Reads the options from <paramref name="s"/>, reporting each unreadable value through <paramref name="r"/> by its key.
    /// Keys are literals on purpose: they are the users' contract, and renaming a property must not rename a key.
    /// </summary>
    /// <returns>The options, or null where the integration is not configured here (an optional source).</returns>
    protected abstract TOptions? Read(ConfigReader r, IConfigurationSection s, ReadScope scope);

    /// <summary>Makes the integration; called once per configured instance when the host starts.</summary>
    protected abstract T Create(TOptions options, IntegrationContext context, ReadScope scope);

    /// <summary>Reads and validates the section, and binds the options to this module's name, secrets and factory.</summary>
    public Configured<T>? Bind(ConfigReader r, IConfigurationSection section, ReadScope scope)
    {
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(section);
        r.ReadsInto(section, typeof(TOptions));
        if (Read(r, section, scope) is not { } options) return null;
        r.Problems(section, validate(options));
        return new Configured<T>(Type, nameOf(options), options, secretsOf(options), c => Create(options, c, scope));
    }
}
