namespace Watchdog.Tests.Support;

/// <summary>Waits for what a running host will do soon: looks again every 50 ms until it is done, for 30 s at the most unless told.</summary>
internal static class Poll
{
    public static async Task<T> Until<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var value = await read();
            if (done(value)) return value;
            if (clock.Elapsed > TimeSpan.FromSeconds(30)) throw new TimeoutException($"still {value}");
            await Task.Delay(50);
        }
    }

    /// <param name="context">What to show when it times out (the hosts' output).</param>
    public static async Task Until(Func<Task<bool>> condition, TimeSpan within, Func<string>? context = null)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > within) throw new TimeoutException("condition not met in time" + (context is null ? "" : "; output:\n" + context()));
            await Task.Delay(50);
        }
    }

    public static Task Until(Func<bool> condition, TimeSpan within, Func<string>? context = null) => Until(() => Task.FromResult(condition()), within, context);
}
