using Watchdog.Cli;

namespace Watchdog;

public partial class Program
{
    public static Task<int> Main(string[] args) => Commands.Parse(args);
}
