namespace Watchdog.Integrations.Flagd;

/// <summary>A flagd flag file as a service's flags: <c>Flags:Type</c> <c>Flagd</c>.</summary>
public sealed class FlagdModule() : FlagModule<FlagdOptions>("Flagd", FlagdOptionsValidator.Problems, o => o.Name, _ => [])
{
    protected override FlagdOptions Read(ConfigReader r, IConfigurationSection s, ReadScope scope) => new()
    {
        Name = r.String(s, "Name", Defaults.Name)!,
        Path = r.FilePath(s, "Path"),
        OffVariant = r.String(s, "OffVariant"),
        MaxFileBytes = r.Integer(s, "MaxFileBytes", Defaults.MaxFileBytes, 1024, FlagdOptionsValidator.MaxFileBytesLimit),
    };

    protected override FlagSwitchFactory Create(FlagdOptions options, IntegrationContext context, ReadScope scope) =>
        _ => new FlagdFile(options, context.Logs.CreateLogger<FlagdFile>());
}
