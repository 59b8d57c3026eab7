using Watchdog.Core.Ports;
using Watchdog.Core.Channels;

namespace Watchdog.Integrations.Configuration;

/// <summary>A notification channel kind, read from each entry of the list <c>Notifications:{Section}</c>.</summary>
public interface INotifierModule
{
    string Type { get; }

    /// <summary>The list's key under <c>Notifications</c>.</summary>
    string Section { get; }

    /// <summary>Which messages a channel of this kind gets unless its entry says otherwise.</summary>
    ChannelRoute DefaultRoute { get; }

    /// <summary>Whether its messages reach the team (a chat, a pager, a webhook), not only the public: only those can take an approval.</summary>
    bool ReachesPeople { get; }

    Configured<INotifier>? Bind(ConfigReader r, IConfigurationSection section, ReadScope scope);

    /// <summary>Checks across this kind's channels and against the services, once all are read.</summary>
    void Check(ConfigReader r, IConfigurationSection list, IReadOnlyList<(IConfigurationSection Section, Configured<INotifier> Channel)> channels, IReadOnlyCollection<string> services);
}

/// <inheritdoc cref="INotifierModule"/>
public abstract class NotifierModule<TOptions>(
    string type, Func<TOptions, IEnumerable<string>> validate, Func<TOptions, string> nameOf, Func<TOptions, IEnumerable<string?>> secretsOf)
    : IntegrationModule<TOptions, INotifier>(type, validate, nameOf, secretsOf), INotifierModule
    where TOptions : class, new()
{
    public virtual string Section => Type;

    public virtual ChannelRoute DefaultRoute => ChannelRoute.All;

    public virtual bool ReachesPeople => true;

    void INotifierModule.Check(ConfigReader r, IConfigurationSection list, IReadOnlyList<(IConfigurationSection Section, Configured<INotifier> Channel)> channels, IReadOnlyCollection<string> services) =>
        Check(r, list, [.. channels.Select(c => (c.Section, (TOptions)c.Channel.Options))], services);

    /// <summary>Nothing by default: most channels stand alone.</summary>
    protected virtual void Check(ConfigReader r, IConfigurationSection list, IReadOnlyList<(IConfigurationSection Section, TOptions Options)> channels, IReadOnlyCollection<string> services)
    {
    }
}
