using Watchdog.Core.Ports;

namespace Watchdog.Integrations.Commands;

/// <summary>
/// Templated shell commands as a deployment provider: <c>Provider:Type</c> <c>Command</c>, the default type. The
/// environment's values are secrets: commands are often given their tokens that way.
/// </summary>
public sealed class CommandModule() : ProviderModule<CommandProviderOptions>("Command", CommandOptionsValidator.Problems, o => o.Name, o => o.Environment.Values)
{
    protected override CommandProviderOptions Read(ConfigReader r, IConfigurationSection s, ReadScope scope) => new()
    {
        Name = r.String(s, "Name", Defaults.Name)!,
        Shell = r.String(s, "Shell", Defaults.Shell)!,
        WorkingDirectory = r.FilePath(s, "WorkingDirectory"),
        Environment = new(r.Map(s, "Environment"), StringComparer.Ordinal),
        Timeout = r.Duration(s, "Timeout", Defaults.Timeout, TimeSpan.FromSeconds(1), CommandOptionsValidator.MaxTimeout),
        List = r.String(s, "List"),
        Current = r.String(s, "Current"),
        Rollback = r.String(s, "Rollback"),
        Verify = r.String(s, "Verify"),
        SetVariable = r.String(s, "SetVariable"),
        Restart = r.String(s, "Restart"),
        Variables = r.String(s, "Variables"),
        Service = scope.Service,
    };

    protected override IDeploymentProvider Create(CommandProviderOptions options, IntegrationContext context, ReadScope scope) =>
        new CommandProvider(options, context.Commands, context.Redactor, context.Logs.CreateLogger<CommandProvider>());
}
