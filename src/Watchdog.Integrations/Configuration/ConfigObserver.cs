namespace Watchdog.Integrations.Configuration;

/// <summary>
/// Told of every key a <see cref="ConfigReader"/> reads, as it reads it: its kind, default, limits and allowed values.
/// The schema generator records a load this way, so the schema says what the readers read and cannot drift from them.
/// </summary>
public interface IConfigObserver
{
    /// <summary>A key read at <paramref name="path"/> (full, with list indices: <c>Watchdog:Services:0:Health:Url</c>).</summary>
    void Key(string path, ConfigKey key);

    /// <summary>The section at <paramref name="path"/> was read into an object of <paramref name="optionsType"/>, whose properties document its keys.</summary>
    void Options(string path, Type optionsType);
}

public enum ConfigKind
{
    String,
    Secret,
    FilePath,
    Url,
    Enum,
    Duration,
    Number,
    Integer,
    Bool,

    /// <summary>A list of sections (<c>Services:0</c>, …).</summary>
    List,

    /// <summary>A list of plain values.</summary>
    Strings,

    /// <summary>A free-form map of names to values.</summary>
    Map,
}

/// <param name="Default">The value used when the key is absent, as it would be written in the file; null when there is none.</param>
/// <param name="Value">What the key held when it was read (a provider's <c>Type</c> tells which keys go with it).</param>
public sealed record ConfigKey(ConfigKind Kind, string? Default = null, double? Min = null, double? Max = null,
    IReadOnlyList<string>? Values = null, bool Required = false, string? Value = null);
