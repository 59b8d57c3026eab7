namespace Watchdog.Integrations.Tests.Commands;

/// <summary>A fresh directory per test for commands to run in and leave marks in.</summary>
internal sealed class Scratch : IDisposable
{
    public Scratch() => Directory.CreateDirectory(Root);

    public string Root { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "watchdog-commands-" + Guid.NewGuid().ToString("N"));

    public string Path(string name) => System.IO.Path.Combine(Root, name);

    public bool Exists(string name) => File.Exists(Path(name));

    public string Read(string name) => File.ReadAllText(Path(name));

    public void Write(string name, string content) => File.WriteAllText(Path(name), content);

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException) { }
    }
}

/// <summary>Looks at processes through /proc, as the kernel sees them.</summary>
internal static class Processes
{
    /// <summary>
    /// Waits until <paramref name="pid"/> is gone. A killed process may linger as a zombie until its
    /// new parent reaps it (PID 1 in a container may never do so); a zombie runs nothing, so it counts as gone.
    /// </summary>
    public static async Task<bool> GoneWithinAsync(int pid, TimeSpan within)
    {
        var until = TimeProvider.System.GetTimestamp() + (long)(within.TotalSeconds * TimeProvider.System.TimestampFrequency);
        while (true)
        {
            if (!Running(pid)) return true;
            if (TimeProvider.System.GetTimestamp() > until) return false;
            await Task.Delay(50);
        }
    }

    public static bool Running(int pid)
    {
        string stat;
        try { stat = File.ReadAllText($"/proc/{pid}/stat"); }
        catch (IOException) { return false; }
        var state = stat[(stat.LastIndexOf(')') + 2)..][0];
        return state is not ('Z' or 'X');
    }

    public static async Task<int> ReadPidAsync(string file)
    {
        for (var i = 0; i < 100 && !File.Exists(file); i++) await Task.Delay(20);
        return int.Parse((await File.ReadAllTextAsync(file)).Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Stops a <c>sleep</c> a test itself started, by id, if it still runs (and the id was not reused).</summary>
    public static void StopSleep(int pid)
    {
        try
        {
            using var p = System.Diagnostics.Process.GetProcessById(pid);
            if (p.ProcessName == "sleep") p.Kill();
        }
        catch (ArgumentException) { }
        catch (InvalidOperationException) { }
    }
}
