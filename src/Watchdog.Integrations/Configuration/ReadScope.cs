
namespace Watchdog.Integrations.Configuration;

/// <summary>
/// Where a module's section sits: the whole <c>Watchdog</c> section, and the service being read (null outside one).
/// Values read once per load (a server shared by every service) are kept here, so their problems are reported once.
/// </summary>
public sealed class ReadScope
{
    private readonly Dictionary<object, object?> _once;

    public ReadScope(IConfigurationSection root) : this(root, [], null, TimeSpan.Zero)
    {
    }

    private ReadScope(IConfigurationSection root, Dictionary<object, object?> once, string? service, TimeSpan pollInterval)
    {
        Root = root;
        _once = once;
        Service = service;
        PollInterval = pollInterval;
    }

    public IConfigurationSection Root { get; }

    /// <summary>The name of the service being read.</summary>
    public string? Service { get; }

    /// <summary>The service's <c>PollInterval</c>: how often its sources are read.</summary>
    public TimeSpan PollInterval { get; }

    public ReadScope ForService(string name, TimeSpan pollInterval) => new(Root, _once, name, pollInterval);

    /// <summary>The value for <paramref name="key"/>, read by <paramref name="read"/> the first time it is asked for in this load.</summary>
    public T Once<T>(object key, Func<T> read)
    {
        if (!_once.TryGetValue(key, out var value)) _once[key] = value = read();
        return (T)value!;
    }
}
