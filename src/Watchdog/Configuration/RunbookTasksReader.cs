using Microsoft.Extensions.Configuration;
using Watchdog.Integrations.Commands;
using Watchdog.Integrations.Configuration;
using Watchdog.Integrations.Health;

namespace Watchdog.Configuration;

/// <summary>A service's runbook steps besides the rollback: stabilization, smoke tests, verification (the database's are <see cref="DatabaseReader"/>'s).</summary>
internal static class RunbookTasksReader
{
    public static StabilizationSettings ReadStabilization(ConfigReader r, IConfigurationSection c, CommandProviderOptions shell)
    {
        var name = r.String(c, "Name", required: true) ?? $"step-{c.Key}";
        var command = r.String(c, "Command");
        var http = c.GetSection("Http").Exists() ? ReadHttpCheck(r, c.GetSection("Http"), name) : null;
        if ((command is null) == (http is null))
            r.Error(c, "Command", "set exactly one of Command or Http");
        CommandTaskOptions? task = null;
        if (command is not null)
        {
            task = Command(shell, name, command, r.Duration(c, "Timeout", new CommandTaskOptions().Timeout, TimeSpan.FromSeconds(1), CommandOptionsValidator.MaxTimeout));
            r.Problems(c, CommandOptionsValidator.Problems(task));
        }

        return new StabilizationSettings(name, task, http);
    }

    public static HttpCheckOptions ReadHttpCheck(ConfigReader r, IConfigurationSection c, string? name = null)
    {
        var d = new HttpCheckOptions();
        r.ReadsInto(c, typeof(HttpCheckOptions));
        return new HttpCheckOptions
        {
            Name = name ?? r.String(c, "Name", required: true) ?? $"check-{c.Key}",
            Url = r.Url(c, "Url", required: true)!,
            Method = r.String(c, "Method", d.Method)!.ToUpperInvariant(),
            Body = r.String(c, "Body"),
            Headers = new(r.Map(c, "Headers"), StringComparer.OrdinalIgnoreCase),
            ExpectStatus = r.Integer(c, "ExpectStatus", d.ExpectStatus, 100, 599),
            ExpectBodyContains = r.String(c, "ExpectBodyContains"),
            Timeout = r.Duration(c, "Timeout", d.Timeout, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(5)),
        };
    }

    public static VerificationOptions ReadVerification(ConfigReader r, IConfigurationSection v)
    {
        var d = new VerificationOptions();
        r.ReadsInto(v, typeof(VerificationOptions));
        return new VerificationOptions
        {
            Window = r.Duration(v, "Window", d.Window, TimeSpan.Zero, TimeSpan.FromHours(1)),
            Interval = r.Duration(v, "Interval", d.Interval, TimeSpan.FromMilliseconds(50), TimeSpan.FromMinutes(10)),
            MaxErrorRate = r.Number(v, "MaxErrorRate", d.MaxErrorRate, 0, 1),
            VersionUrl = r.Url(v, "VersionUrl"),
            VersionField = r.String(v, "VersionField", d.VersionField)!,
        };
    }

    /// <summary>A command that runs where and as the provider's commands do.</summary>
    internal static CommandTaskOptions Command(CommandProviderOptions shell, string name, string? command, TimeSpan timeout) => new()
    {
        Name = name, Command = command, Timeout = timeout,
        Shell = shell.Shell, WorkingDirectory = shell.WorkingDirectory, Environment = shell.Environment, Service = shell.Service,
    };
}
