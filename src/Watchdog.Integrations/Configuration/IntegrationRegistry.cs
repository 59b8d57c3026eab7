namespace Watchdog.Integrations.Configuration;

/// <summary>
/// Every integration the loader knows, by kind, in registration order (the order of "not one of" lists and of the
/// notification fan-out). Each folder adds its module with one <c>AddXxx</c> line; <see cref="BuiltIn"/> holds them.
/// </summary>
public sealed class IntegrationRegistry
{
    private readonly List<IProviderModule> _providers = [];
    private readonly List<INotifierModule> _notifiers = [];
    private readonly List<ISignalSourceModule> _sources = [];
    private readonly List<IFlagModule> _flags = [];

    /// <summary>The modules shipped with Watchdog.</summary>
    public static IntegrationRegistry BuiltIn { get; } = new IntegrationRegistry().AddBuiltIns();

    public IReadOnlyList<IProviderModule> Providers => _providers;

    public IReadOnlyList<INotifierModule> Notifiers => _notifiers;

    public IReadOnlyList<ISignalSourceModule> Sources => _sources;

    public IReadOnlyList<IFlagModule> Flags => _flags;

    public IntegrationRegistry Add(IProviderModule module) => Add(_providers, module, m => m.Type);

    public IntegrationRegistry Add(INotifierModule module) => Add(_notifiers, module, m => m.Section);

    public IntegrationRegistry Add(ISignalSourceModule module) => Add(_sources, module, m => m.Section);

    public IntegrationRegistry Add(IFlagModule module) => Add(_flags, module, m => m.Type);

    /// <summary>The provider whose type name is <paramref name="type"/>, in any case.</summary>
    public IProviderModule? Provider(string type) => _providers.FirstOrDefault(p => p.Type.Equals(type, StringComparison.OrdinalIgnoreCase));

    /// <summary>The flag service whose type name is <paramref name="type"/>, in any case.</summary>
    public IFlagModule? Flag(string type) => _flags.FirstOrDefault(p => p.Type.Equals(type, StringComparison.OrdinalIgnoreCase));

    /// <summary>A copy to add to without changing this one (tests add their own modules to the built-in ones).</summary>
    public IntegrationRegistry Copy()
    {
        var copy = new IntegrationRegistry();
        copy._providers.AddRange(_providers);
        copy._notifiers.AddRange(_notifiers);
        copy._sources.AddRange(_sources);
        copy._flags.AddRange(_flags);
        return copy;
    }

    private IntegrationRegistry Add<TModule>(List<TModule> modules, TModule module, Func<TModule, string> keyOf) where TModule : class
    {
        ArgumentNullException.ThrowIfNull(module);
        var key = keyOf(module);
        // Two modules on one key would make one of them unreachable, silently.
        if (modules.Any(m => keyOf(m).Equals(key, StringComparison.OrdinalIgnoreCase)))
            throw new InvalidOperationException($"an integration is already registered as '{key}'");
        modules.Add(module);
        return this;
    }
}
