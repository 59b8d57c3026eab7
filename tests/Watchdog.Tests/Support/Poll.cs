namespace Watchdog.Tests.Support;

/// <summary>Waits for what a running host will do soon: reads again every 50 ms until it is done, for 30 s at the most.</summary>
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
}
