using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Watchdog.Core.Ports;
using Watchdog.Integrations.Configuration;

namespace Watchdog.Integrations.Commands;

/// <summary>Templated shell commands as a deployment provider: <c>Provider:Type</c> <c>Command</c>, the default type.</summary>
public sealed class CommandModule : ProviderModule<CommandProviderOptions>
{
    public override string Type => "Command";

    protected override CommandProviderOptions Read(ConfigReader r, IConfigurationSection s, ReadScope scope)
    {
        var d = new CommandProviderOptions();
        var o = new CommandProviderOptions
        {
            Name = r.String(s, "Name", d.Name)!,
            Shell = r.String(s, "Shell", d.Shell)!,
            WorkingDirectory = r.String(s, "WorkingDirectory"),
            Environment = new(r.Map(s, "Environment"), StringComparer.Ordinal),
            Timeout = r.Duration(s, "Timeout", d.Timeout, TimeSpan.FromSeconds(1), CommandOptionsValidator.MaxTimeout),
            List = r.String(s, "List"),
            Current = r.String(s, "Current"),
            Rollback = r.String(s, "Rollback"),
            Verify = r.String(s, "Verify"),
            SetVariable = r.String(s, "SetVariable"),
            Restart = r.String(s, "Restart"),
            Service = scope.Service,
        };
        r.Problems(s, CommandOptionsValidator.Problems(o));
        return o;
    }

    protected override string NameOf(CommandProviderOptions options) => options.Name;

    /// <summary>The environment's values: commands are often given their tokens that way.</summary>
    protected override IEnumerable<string?> SecretsOf(CommandProviderOptions options) => options.Environment.Values;

    protected override IDeploymentProvider Create(CommandProviderOptions options, IntegrationContext context, ReadScope scope) =>
        new CommandProvider(options, context.Commands, context.Redactor, context.Logs.CreateLogger<CommandProvider>());
}
