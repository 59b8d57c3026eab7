using System.Globalization;

namespace Watchdog.Benchmarks;

/// <summary>
/// Where a process's resident memory is, from <c>/proc/PID/smaps</c>: its own code (the native executable, or the
/// mapped assemblies under the JIT), native libraries, JIT code, thread stacks, the brk heap, and the rest of the
/// anonymous memory (the GC heap, malloc arenas, the runtime's own tables).
/// </summary>
public static class Smaps
{
    private sealed record Mapping(ulong Start, ulong End, string Perms, string Path, long RssKb);

    public static void Print(int pid)
    {
        List<Mapping> maps;
        try
        {
            maps = Read($"/proc/{pid}/smaps");
        }
        catch (IOException e)
        {
            Console.WriteLine($"  smaps:        unreadable ({e.Message})");
            return;
        }

        var sums = new Dictionary<string, long>();
        var libraries = new Dictionary<string, long>();
        for (var i = 0; i < maps.Count; i++)
        {
            var m = maps[i];
            var category = Category(m, i > 0 ? maps[i - 1] : null);
            sums[category] = sums.GetValueOrDefault(category) + m.RssKb;
            if (category == "native libraries (.so)") libraries[Path.GetFileName(m.Path)] = libraries.GetValueOrDefault(Path.GetFileName(m.Path)) + m.RssKb;
        }

        Console.WriteLine($"  smaps RSS:    {maps.Sum(m => m.RssKb) / 1024.0:0.0} MB in {maps.Count} mappings");
        foreach (var (category, kb) in sums.OrderByDescending(s => s.Value))
            Console.WriteLine($"    {kb / 1024.0,7:0.0} MB  {category}");
        Console.WriteLine("    largest libraries: " + string.Join(", ", libraries.OrderByDescending(l => l.Value).Take(6).Select(l => $"{l.Key} {l.Value / 1024.0:0.0} MB")));
    }

    private static string Category(Mapping m, Mapping? before) => m.Path switch
    {
        "[heap]" => "brk heap (malloc)",
        "[stack]" => "thread stacks",
        var p when p.StartsWith("[", StringComparison.Ordinal) => "kernel ([vdso], [vvar])",
        var p when p.Contains("doublemapper", StringComparison.Ordinal) => "JIT code (W^X double mapping)",
        var p when p.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) => "assemblies (mapped .dll)",
        var p when p.Contains(".so", StringComparison.Ordinal) => "native libraries (.so)",
        "" when m.Perms.Contains('x', StringComparison.Ordinal) => "JIT code (anonymous, executable)",
        // glibc puts a small inaccessible guard page right below each thread's stack.
        "" when before is { Path: "", Perms: "---p" } g && g.End == m.Start && g.End - g.Start <= 64 * 1024 => "thread stacks",
        "" => "anonymous: GC heap, malloc arenas, runtime data",
        var p when p.StartsWith("/memfd:", StringComparison.Ordinal) || p.StartsWith("/dev/", StringComparison.Ordinal) => "shared memory",
        _ => "own code and data (executable, other files)",
    };

    private static List<Mapping> Read(string file)
    {
        var maps = new List<Mapping>();
        ulong start = 0, end = 0;
        string perms = "", path = "";
        var open = false;
        foreach (var line in File.ReadLines(file))
        {
            var parts = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length >= 5 && parts[0].Contains('-', StringComparison.Ordinal) && !parts[0].EndsWith(':'))
            {
                var range = parts[0].Split('-');
                start = ulong.Parse(range[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                end = ulong.Parse(range[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                perms = parts[1];
                path = parts.Length == 6 ? parts[5].Trim() : "";
                open = true;
            }
            else if (open && line.StartsWith("Rss:", StringComparison.Ordinal))
            {
                maps.Add(new Mapping(start, end, perms, path, long.Parse(line[4..].Trim().Split(' ')[0], CultureInfo.InvariantCulture)));
                open = false;
            }
        }

        return maps;
    }
}
