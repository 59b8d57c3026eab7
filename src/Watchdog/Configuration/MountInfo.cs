using System.Globalization;
using System.Text;

namespace Watchdog.Configuration;

/// <summary>One line of <c>/proc/self/mountinfo</c>: where a filesystem is mounted, which part of it, and its type.</summary>
/// <param name="Root">The directory of the filesystem mounted there (a kubelet volume directory for an emptyDir or a hostPath).</param>
internal sealed record Mount(string MountPoint, string Root, string FileSystem)
{
    /// <summary>
    /// What a pod loses when it is replaced: a memory filesystem (tmpfs, ramfs: an emptyDir with medium Memory), the
    /// container's own writable layer (overlay), or a disk-backed emptyDir (a kubelet <c>kubernetes.io~empty-dir</c> directory).
    /// Anything else (a PersistentVolumeClaim, a hostPath, a network filesystem) is taken as persistent.
    /// </summary>
    public string? Ephemeral => FileSystem switch
    {
        "tmpfs" or "ramfs" => $"a {FileSystem} (memory: an emptyDir with medium Memory)",
        "overlay" or "aufs" => "the container's writable layer (overlay)",
        _ when Root.Contains("/kubernetes.io~empty-dir/", StringComparison.Ordinal) => "an emptyDir",
        _ => null,
    };

    /// <summary>The mount that holds <paramref name="path"/> in <paramref name="mountInfo"/>: the longest mount point above it, the last one mounted there.</summary>
    public static Mount? Holding(string path, string mountInfo)
    {
        var full = Path.GetFullPath(path).TrimEnd('/');
        Mount? best = null;
        foreach (var mount in Parse(mountInfo))
        {
            var point = mount.MountPoint.TrimEnd('/');
            var holds = point.Length == 0 || full == point || full.StartsWith(point + "/", StringComparison.Ordinal);
            if (holds && (best is null || point.Length >= best.MountPoint.TrimEnd('/').Length)) best = mount;
        }

        return best;
    }

    /// <summary>
    /// The lines of mountinfo (proc(5)): <c>id parent major:minor root mount-point options [optional…] - type source super-options</c>,
    /// paths with spaces and the like escaped as octal (<c>\040</c>). Lines that do not have that shape are skipped.
    /// </summary>
    public static IEnumerable<Mount> Parse(string mountInfo)
    {
        foreach (var line in mountInfo.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = line.Split(' ');
            var separator = Array.IndexOf(fields, "-", 6);
            if (fields.Length < 7 || separator < 0 || separator + 1 >= fields.Length) continue;
            yield return new Mount(Unescape(fields[4]), Unescape(fields[3]), fields[separator + 1]);
        }
    }

    private static string Unescape(string field)
    {
        if (!field.Contains('\\', StringComparison.Ordinal)) return field;
        var sb = new StringBuilder(field.Length);
        for (var i = 0; i < field.Length; i++)
        {
            if (field[i] == '\\' && i + 3 < field.Length && int.TryParse(field.AsSpan(i + 1, 3), NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                sb.Append((char)Convert.ToInt32(field.Substring(i + 1, 3), 8));
                i += 3;
            }
            else
            {
                sb.Append(field[i]);
            }
        }

        return sb.ToString();
    }
}
