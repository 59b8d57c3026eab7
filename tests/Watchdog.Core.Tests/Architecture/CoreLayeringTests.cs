using System.Reflection;
using System.Text.RegularExpressions;
using Watchdog.Core.Incidents;

namespace Watchdog.Core.Tests.Architecture;

/// <summary>
/// Core's folders form layers, each using only those before it in <see cref="Layers"/>, so no two folders need
/// each other. Read twice: from the sources (using directives and qualified names) and from the compiled types'
/// signatures, which also catches fully qualified names written inline.
/// </summary>
public partial class CoreLayeringTests
{
    private static readonly string[] Layers = ["Signals", "Releases", "Rules", "Incidents", "Decisions", "Reports", "Ports", "Channels", "Runbook"];

    // A using directive, or a name qualified by a folder's namespace (Watchdog.Core.Rules.Meaning, Rules.Meaning).
    [GeneratedRegex(@"using\s+Watchdog\.Core\.(?<n>\w+);|(?<![\w.])(?:Watchdog\.Core\.)?(?<n>Signals|Releases|Rules|Incidents|Decisions|Reports|Ports|Channels|Runbook)\.[A-Z]")]
    private static partial Regex Reference();

    private static string CoreSources()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var src = Path.Combine(dir.FullName, "src", "Watchdog.Core");
            if (Directory.Exists(src)) return src;
        }

        throw new DirectoryNotFoundException("src/Watchdog.Core not found above the test's directory");
    }

    private static IEnumerable<string> Violations(string layer, IEnumerable<string> used) =>
        used.Where(u => u != layer && Array.IndexOf(Layers, u) > Array.IndexOf(Layers, layer)).Distinct();

    [Fact]
    public void EveryFolderIsALayer_AndEveryFileSitsInTheNamespaceOfItsFolder()
    {
        var root = CoreSources();
        var folders = Directory.GetDirectories(root).Select(d => Path.GetFileName(d)).Where(d => d is not ("bin" or "obj")).Order().ToList();

        folders.ShouldBe(Layers.Order().ToList(), "a new folder takes its place in the layers");
        foreach (var file in Directory.GetFiles(root, "*.cs", SearchOption.AllDirectories).Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")))
        {
            var folder = Path.GetFileName(Path.GetDirectoryName(file))!;
            File.ReadAllText(file).ShouldContain($"namespace Watchdog.Core.{folder};", customMessage: file);
        }
    }

    [Fact]
    public void Sources_UseOnlyTheLayersBeforeTheirOwn()
    {
        var root = CoreSources();
        var found = new List<string>();
        foreach (var layer in Layers)
        {
            foreach (var file in Directory.GetFiles(Path.Combine(root, layer), "*.cs"))
            {
                var text = Regex.Replace(File.ReadAllText(file), @"^\s*///.*$|//.*$", "", RegexOptions.Multiline);
                var used = Reference().Matches(text).Select(m => m.Groups["n"].Value);
                found.AddRange(Violations(layer, used).Select(u => $"{layer}/{Path.GetFileName(file)} uses {u}"));
            }
        }

        found.ShouldBeEmpty();
    }

    [Fact]
    public void Signatures_UseOnlyTheLayersBeforeTheirOwn()
    {
        var found = new List<string>();
        foreach (var type in typeof(Incident).Assembly.GetTypes().Where(t => t.Namespace?.StartsWith("Watchdog.Core.", StringComparison.Ordinal) == true))
        {
            var layer = type.Namespace!["Watchdog.Core.".Length..];
            var used = Referenced(type).Select(t => t.Namespace).OfType<string>()
                .Where(n => n.StartsWith("Watchdog.Core.", StringComparison.Ordinal)).Select(n => n["Watchdog.Core.".Length..]);
            found.AddRange(Violations(layer, used).Select(u => $"{type.FullName} uses {u}"));
        }

        found.ShouldBeEmpty();
    }

    [Fact]
    public void TheCheckSeesAViolation()
    {
        // Guards the guard: a lower layer naming a higher one is reported.
        Violations("Rules", ["Signals", "Decisions"]).ShouldBe(["Decisions"]);
        Reference().Matches("using Watchdog.Core.Ports;\nvar x = Runbook.Thing;").Select(m => m.Groups["n"].Value).ShouldBe(["Ports", "Runbook"]);
    }

    private const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static IEnumerable<Type> Referenced(Type type)
    {
        IEnumerable<Type> direct = [
            .. type.BaseType is { } b ? [b] : Array.Empty<Type>(),
            .. type.GetInterfaces(),
            .. type.GetFields(All).Select(f => f.FieldType),
            .. type.GetProperties(All).Select(p => p.PropertyType),
            .. type.GetMethods(All).SelectMany(m => m.GetParameters().Select(p => p.ParameterType).Append(m.ReturnType)),
            .. type.GetConstructors(All).SelectMany(c => c.GetParameters().Select(p => p.ParameterType)),
        ];
        return direct.SelectMany(Unwrap);
    }

    private static IEnumerable<Type> Unwrap(Type t)
    {
        if (t.HasElementType) return Unwrap(t.GetElementType()!);
        return t.IsGenericType ? t.GetGenericArguments().SelectMany(Unwrap).Append(t) : [t];
    }
}
