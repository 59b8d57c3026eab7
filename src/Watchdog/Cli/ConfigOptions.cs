using System.CommandLine;
using Watchdog.Hosting;

namespace Watchdog.Cli;

/// <summary>
/// <c>--config</c> and <c>--contentRoot</c>, shared by every verb that reads the configuration (run, check-config,
/// backtest, trigger, approve, veto), so each finds it by the same rules.
/// </summary>
internal sealed class ConfigOptions
{
    public Option<FileInfo?> File { get; } = new("--config")
    {
        Description = "A JSON configuration file that replaces appsettings.json (not merged with it); environment variables and --Section:Key overrides still apply on top.",
    };

    public Option<DirectoryInfo?> ContentRoot { get; } = new("--contentRoot")
    {
        Description = "Where appsettings.json is read from and what relative paths in the configuration resolve against (default: ASPNETCORE_CONTENTROOT, else DOTNET_CONTENTROOT, else the current directory).",
    };

    public T AddTo<T>(T command) where T : Command
    {
        command.Options.Add(File);
        command.Options.Add(ContentRoot);
        return command;
    }

    public ConfigLocation From(ParseResult result) => new(result.GetValue(File)?.FullName, result.GetValue(ContentRoot)?.FullName);
}
