using System.Globalization;

namespace Watchdog.Integrations.Configuration;

/// <summary>
/// Reads typed values out of configuration and collects every problem instead of stopping at the
/// first, each naming its full key (<c>Watchdog:Services:0:Health:Url</c>). It also remembers every
/// key it read, so keys nobody reads — usually typos — are reported too.
/// </summary>
/// <param name="baseDirectory">What relative paths in the configuration resolve against: the host's content root
/// (default: the current directory, as for any .NET host).</param>
public sealed class ConfigReader(string? baseDirectory = null)
{
    private readonly HashSet<string> _read = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _prefixes = new(StringComparer.OrdinalIgnoreCase);

    public List<string> Errors { get; } = [];

    /// <summary>Told of each key read (the schema generator); null in a normal load.</summary>
    public IConfigObserver? Observer { get; init; }

    /// <summary>The absolute directory that <see cref="FilePath"/> resolves relative paths against.</summary>
    public string BaseDirectory { get; } = System.IO.Path.GetFullPath(baseDirectory ?? Directory.GetCurrentDirectory());

    /// <summary>What will work but likely not as meant (Auto mode telling nobody): printed, never fatal.</summary>
    public List<string> Warnings { get; } = [];

    public void Warn(IConfigurationSection section, string key, string problem) =>
        Warnings.Add($"{Path(section, key)}: {problem}");

    public void Error(IConfigurationSection section, string key, string problem) =>
        Errors.Add($"{Path(section, key)}: {problem}");

    /// <summary>A problem with a whole section (a list whose entries clash).</summary>
    public void Error(IConfigurationSection section, string problem) =>
        Errors.Add($"{section.Path}: {problem}");

    /// <summary>
    /// Adds an options validator's findings. They start with the property they are about
    /// ("Rollback is required", or a map entry: "Impact:High is …"), which becomes part of the key:
    /// <c>…:Provider:Rollback: is required</c>.
    /// </summary>
    /// A key the reader already found wrong (out of range, say) is not reported a second time in the validator's words.
    public void Problems(IConfigurationSection section, IEnumerable<string> problems)
    {
        var known = Errors.Select(KeyOf).ToHashSet(StringComparer.OrdinalIgnoreCase);
        Errors.AddRange(problems.Select(p => p.IndexOf(' ', StringComparison.Ordinal) is var space and > 0 && IsKey(p[..space])
            ? $"{ConfigurationPath.Combine(section.Path, p[..space])}: {p[(space + 1)..].TrimEnd('.')}"
            : $"{section.Path}: {p.TrimEnd('.')}").Where(e => !known.Contains(KeyOf(e))).ToList());
    }

    private static string KeyOf(string error) => error[..Math.Max(0, error.IndexOf(": ", StringComparison.Ordinal))];

    // A property, or a property and a map key (service names take '-', '_' and '.').
    private static bool IsKey(string word) =>
        char.IsAsciiLetter(word[0]) && !word.EndsWith(':') && word.All(c => char.IsAsciiLetterOrDigit(c) || c is ':' or '-' or '_' or '.')
        && (word.Contains(':') || word.All(char.IsAsciiLetterOrDigit));

    public string? String(IConfigurationSection section, string key, string? fallback = null, bool required = false)
    {
        var value = Raw(section, key);
        Observe(section, key, new ConfigKey(ConfigKind.String, fallback, Required: required, Value: value));
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required) Error(section, key, "is required");
            return fallback;
        }

        return value;
    }

    /// <summary>A value whose default is useful, where an explicit <c>""</c> turns it off.</summary>
    private string? StringOrNone(IConfigurationSection section, string key, string? fallback) =>
        section.GetSection(key).Value is "" ? String(section, key) : String(section, key, fallback);

    /// <summary>
    /// A file or directory, absolute: every relative path in the configuration resolves against <see cref="BaseDirectory"/>,
    /// never the working directory, so a file means the same whichever directory Watchdog was started from.
    /// </summary>
    /// <param name="orNone">An explicit <c>""</c> turns the default off (see <see cref="StringOrNone"/>).</param>
    public string? FilePath(IConfigurationSection section, string key, string? fallback = null, bool orNone = false)
    {
        var path = orNone ? StringOrNone(section, key, fallback) : String(section, key, fallback);
        Observe(section, key, new ConfigKey(ConfigKind.FilePath, fallback));
        return path is null ? null : System.IO.Path.GetFullPath(path, BaseDirectory);
    }

    /// <summary>A secret: the value itself, or the trimmed contents of the file named by <c>{key}File</c>.</summary>
    /// <param name="fromFile">Whether <c>{key}File</c> names a file to read the secret from once; off where that key means more
    /// (Kubernetes' <c>TokenFile</c> is re-read as the projected token rotates).</param>
    public string? Secret(IConfigurationSection section, string key, bool required = false, bool fromFile = true)
    {
        var file = fromFile ? FilePath(section, key + "File") : null;
        Observe(section, key, new ConfigKey(ConfigKind.Secret, Required: required));
        if (file is not null)
        {
            try
            {
                return File.ReadAllText(file).Trim();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Error(section, key + "File", $"cannot read '{file}': {e.Message}");
                return null;
            }
        }

        var secret = String(section, key, required: required);
        Observe(section, key, new ConfigKey(ConfigKind.Secret, Required: required));
        return secret;
    }

    public TEnum Enum<TEnum>(IConfigurationSection section, string key, TEnum fallback) where TEnum : struct, System.Enum
    {
        var value = Raw(section, key);
        Observe(section, key, new ConfigKey(ConfigKind.Enum, fallback.ToString(), Values: System.Enum.GetNames<TEnum>(), Value: value));
        if (string.IsNullOrWhiteSpace(value)) return fallback;
        if (System.Enum.TryParse<TEnum>(value, ignoreCase: true, out var parsed) && System.Enum.IsDefined(parsed) && !int.TryParse(value, out _))
            return parsed;
        Error(section, key, $"'{value}' is not one of {string.Join(", ", System.Enum.GetNames<TEnum>())}");
        return fallback;
    }

    public TimeSpan Duration(IConfigurationSection section, string key, TimeSpan fallback, TimeSpan? min = null, TimeSpan? max = null)
    {
        var value = Raw(section, key);
        Observe(section, key, new ConfigKey(ConfigKind.Duration, DurationText(fallback), (min ?? TimeSpan.Zero).TotalSeconds, max?.TotalSeconds));
        if (string.IsNullOrWhiteSpace(value)) return fallback;
        if (!TryDuration(value, out var parsed))
        {
            Error(section, key, $"'{value}' is not a duration (use 00:05:00, or 300s, 5m, 2h, 500ms)");
            return fallback;
        }

        if (parsed < (min ?? TimeSpan.Zero) || (max is { } m && parsed > m))
            Error(section, key, $"{value} is out of range ({min ?? TimeSpan.Zero} to {(max is { } mx ? mx.ToString() : "unbounded")})");
        return parsed;
    }

    public double Number(IConfigurationSection section, string key, double fallback, double min = double.MinValue, double max = double.MaxValue)
    {
        var value = Raw(section, key);
        Observe(section, key, new ConfigKey(ConfigKind.Number, double.IsNaN(fallback) ? null : fallback.ToString(CultureInfo.InvariantCulture),
            min == double.MinValue ? null : min, max == double.MaxValue ? null : max));
        if (string.IsNullOrWhiteSpace(value)) return fallback;
        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) || !double.IsFinite(parsed))
        {
            Error(section, key, $"'{value}' is not a number");
            return fallback;
        }

        if (parsed < min || parsed > max)
            Error(section, key, $"{value} is out of range ({min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)})");
        return parsed;
    }

    public int Integer(IConfigurationSection section, string key, int fallback, int min = int.MinValue, int max = int.MaxValue)
    {
        var value = Raw(section, key);
        Observe(section, key, new ConfigKey(ConfigKind.Integer, fallback.ToString(CultureInfo.InvariantCulture), min == int.MinValue ? null : min, max == int.MaxValue ? null : max));
        if (string.IsNullOrWhiteSpace(value)) return fallback;
        if (!int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed))
        {
            Error(section, key, $"'{value}' is not a whole number");
            return fallback;
        }

        if (parsed < min || parsed > max)
            Error(section, key, $"{value} is out of range ({min} to {max})");
        return parsed;
    }

    public bool Bool(IConfigurationSection section, string key, bool fallback)
    {
        var value = Raw(section, key);
        Observe(section, key, new ConfigKey(ConfigKind.Bool, fallback ? "true" : "false"));
        if (string.IsNullOrWhiteSpace(value)) return fallback;
        if (bool.TryParse(value, out var parsed)) return parsed;
        Error(section, key, $"'{value}' is not true or false");
        return fallback;
    }

    public Uri? Url(IConfigurationSection section, string key, bool required = false)
    {
        var value = String(section, key, required: required);
        Observe(section, key, new ConfigKey(ConfigKind.Url, Required: required));
        if (value is null) return null;
        if (Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
            return uri;
        Error(section, key, "must be an absolute http(s) URL");
        return null;
    }

    /// <summary>A free-form map (feature flags, environment variables): every child is read.</summary>
    public Dictionary<string, string> Map(IConfigurationSection section, string key)
    {
        var map = section.GetSection(key);
        Observe(section, key, new ConfigKey(ConfigKind.Map));
        _prefixes.Add(map.Path);
        MarkIfEmpty(map);
        return map.GetChildren().Where(c => c.Value is not null).ToDictionary(c => c.Key, c => c.Value!, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Marks a whole section as read: its own error has been reported, its keys are not also "unknown".</summary>
    public void Skip(IConfigurationSection section) => _prefixes.Add(section.Path);

    /// <summary>A list of plain values (<c>HealthyStatuses:0</c>, <c>:1</c>, …); null when the key is absent.</summary>
    public string[]? Strings(IConfigurationSection section, string key)
    {
        var list = section.GetSection(key);
        _prefixes.Add(list.Path);
        var values = List(section, key, ConfigKind.Strings).Select(c => c.Value).OfType<string>().ToArray();
        return values.Length == 0 ? null : values;
    }

    /// <summary>The children of an array section (<c>Services:0</c>, <c>Services:1</c>, …), in order.</summary>
    public IReadOnlyList<IConfigurationSection> List(IConfigurationSection section, string key) => List(section, key, ConfigKind.List);

    private IReadOnlyList<IConfigurationSection> List(IConfigurationSection section, string key, ConfigKind kind)
    {
        var list = section.GetSection(key);
        Observe(section, key, new ConfigKey(kind));
        MarkIfEmpty(list);
        return [.. list.GetChildren().OrderBy(c => int.TryParse(c.Key, out var i) ? i : int.MaxValue)];
    }

    // JSON binds an empty [] or {} as a leaf whose value is "": for a list or a map that is simply
    // "no entries", so it is read, not an unknown key. A non-empty scalar stays unknown.
    private void MarkIfEmpty(IConfigurationSection listOrMap)
    {
        if (listOrMap.Value is "") _read.Add(listOrMap.Path);
    }

    /// <summary>Reports every key under <paramref name="root"/> that nothing read.</summary>
    public void ReportUnknownKeys(IConfigurationSection root)
    {
        foreach (var (path, value) in root.AsEnumerable())
        {
            if (value is null) continue; // a parent, not a leaf
            if (_read.Contains(path) || UnderReadPrefix(path)) continue;
            Errors.Add($"{path}: unknown key (check its spelling against the README's configuration reference)");
        }
    }

    // Each ancestor of the key looked up, rather than each prefix tried against it: linear in the keys, however many maps are read.
    private bool UnderReadPrefix(string path)
    {
        for (var colon = path.IndexOf(':', StringComparison.Ordinal); colon > 0; colon = path.IndexOf(':', colon + 1))
        {
            if (_prefixes.Contains(path[..colon])) return true;
        }

        return false;
    }

    public static bool TryDuration(string value, out TimeSpan duration)
    {
        value = value.Trim();
        if (TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out duration) && value.Contains(':')) return true;
        if (value == "0") return true; // "0 turns it off" reads naturally without a unit; any other bare number is ambiguous
        (string unit, double scale)[] units = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600), ("d", 86400)];
        foreach (var (unit, scale) in units)
        {
            if (value.EndsWith(unit, StringComparison.OrdinalIgnoreCase)
                && double.TryParse(value[..^unit.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n >= 0 && double.IsFinite(n))
            {
                duration = TimeSpan.FromSeconds(n * scale);
                return true;
            }
        }

        duration = default;
        return false;
    }

    /// <summary>A duration as the file would say it: the largest unit that divides it (<c>30s</c>, <c>5m</c>, <c>1h</c>), else <c>hh:mm:ss</c>.</summary>
    public static string DurationText(TimeSpan d)
    {
        if (d == TimeSpan.Zero) return "0";
        (string unit, TimeSpan size)[] units = [("d", TimeSpan.FromDays(1)), ("h", TimeSpan.FromHours(1)), ("m", TimeSpan.FromMinutes(1)), ("s", TimeSpan.FromSeconds(1)), ("ms", TimeSpan.FromMilliseconds(1))];
        foreach (var (unit, size) in units)
            if (d.Ticks % size.Ticks == 0) return (d.Ticks / size.Ticks).ToString(CultureInfo.InvariantCulture) + unit;
        return d.ToString("c", CultureInfo.InvariantCulture);
    }

    /// <summary>Tells the observer that <paramref name="section"/> is read into <paramref name="optionsType"/>.</summary>
    public void ReadsInto(IConfigurationSection section, Type optionsType) => Observer?.Options(section.Path, optionsType);

    private void Observe(IConfigurationSection section, string key, ConfigKey what) => Observer?.Key(Path(section, key), what);

    private string? Raw(IConfigurationSection section, string key)
    {
        var child = section.GetSection(key);
        _read.Add(child.Path);
        return child.Value;
    }

    private static string Path(IConfigurationSection section, string key) => ConfigurationPath.Combine(section.Path, key);
}
