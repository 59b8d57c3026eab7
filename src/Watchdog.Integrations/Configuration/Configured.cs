namespace Watchdog.Integrations.Configuration;

/// <summary>
/// One integration as configured: what its module read, and how to make it once the host has its clients.
/// The options are typed by the module that read them; the host only creates, names and redacts.
/// </summary>
/// <typeparam name="T">What the module makes: a deployment provider, a notifier or a signal source.</typeparam>
public sealed class Configured<T>
{
    private readonly Func<IntegrationContext, T> _create;

    public Configured(string type, string name, object options, IEnumerable<string?> secrets, Func<IntegrationContext, T> create)
    {
        Type = type;
        Name = name;
        Options = options;
        Secrets = [.. secrets];
        _create = create;
    }

    /// <summary>The module's type name (<c>Railway</c>); for providers, the config's <c>Type</c> value.</summary>
    public string Type { get; }

    /// <summary>How this instance is named in the journal, logs and messages.</summary>
    public string Name { get; }

    /// <summary>The options the module read, for inspection (tests, <c>check-config</c>); nothing switches on them.</summary>
    public object Options { get; }

    /// <summary>The values to mask in every log line and message.</summary>
    public IReadOnlyList<string?> Secrets { get; }

    public T Create(IntegrationContext context) => _create(context);
}
