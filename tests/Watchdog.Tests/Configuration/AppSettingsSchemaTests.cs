using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using Microsoft.Extensions.Configuration;
using Watchdog.Configuration;
using Watchdog.Core.Ports;
using Watchdog.Integrations.Configuration;
using Watchdog.Schema;

namespace Watchdog.Tests.Configuration;

/// <summary>schema/appsettings.schema.json: what the readers read, met by every shipped configuration, closed like check-config.</summary>
public class AppSettingsSchemaTests
{
    private static string CommittedPath => Path.Combine(ShippedConfigTests.RepoRoot, AppSettingsSchema.RelativePath);

    private static readonly Lazy<JsonSchema> Committed = new(() => JsonSchema.FromText(File.ReadAllText(CommittedPath)));

    [Fact]
    public void CommittedSchema_IsWhatTheReadersReadNow()
    {
        var (json, undescribed) = AppSettingsSchema.Generate();

        undescribed.ShouldBeEmpty("every key needs a description: an options property's XML doc, or a line in Schema/DescriptionTable.cs");
        File.ReadAllText(CommittedPath).ShouldBe(json,
            "the schema has drifted from the options: dotnet run --project src/Watchdog -- schema --output schema/appsettings.schema.json");
    }

    [Fact]
    public void AKeyANewIntegrationReads_IsInTheGeneratedSchema_SoTheCommittedOneWouldFailTheTestAbove()
    {
        var (json, _) = AppSettingsSchema.Generate(IntegrationRegistry.BuiltIn.Copy().Add(new CanaryModule()));

        var variants = JsonNode.Parse(json)!["properties"]!["Watchdog"]!["properties"]!["Services"]!["items"]!["properties"]!["Provider"]!["anyOf"]!.AsArray();
        var canary = variants.Single(v => v!["properties"]!["Type"]!["enum"]![0]!.GetValue<string>() == "Canary")!["properties"]!;
        canary["Region"]!["enum"]!.AsArray().Select(v => v!.GetValue<string>()).ShouldBe(["North", "South"]);
        canary["Region"]!["default"]!.GetValue<string>().ShouldBe("North");
        canary["Share"]!["maximum"]!.GetValue<double>().ShouldBe(0.5);
        File.ReadAllText(CommittedPath).ShouldNotContain("\"Share\"");
    }

    [Theory]
    [MemberData(nameof(ShippedConfigTests.ShippedFiles), MemberType = typeof(ShippedConfigTests))]
    public void EveryShippedConfiguration_NamesTheSchema_AndMeetsIt(string file)
    {
        var path = Path.Combine(ShippedConfigTests.RepoRoot, file);
        using var doc = JsonDocument.Parse(File.ReadAllText(path));

        var named = doc.RootElement.GetProperty("$schema").GetString()!;
        Path.GetFullPath(named, Path.GetDirectoryName(path)!).ShouldBe(Path.GetFullPath(CommittedPath), $"{file}'s $schema must point at the committed schema");
        Problems(doc.RootElement).ShouldBeEmpty();
    }

    [Fact]
    public void SchemaKeyAtTheTop_IsNotAnUnknownKeyForCheckConfig()
    {
        var (_, errors) = Load(File.ReadAllText(Path.Combine(ShippedConfigTests.RepoRoot, "appsettings.json")));

        errors.ShouldNotContain(e => e.Contains("$schema", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("\"PollInterval\"", "\"PollIntervall\"", "Watchdog:Services:0:PollIntervall")]
    [InlineData("\"Rollback\":", "\"Rollbak\":", "Watchdog:Services:0:Provider:Rollbak")]
    [InlineData("\"MonitorFor\"", "\"MonitorFour\"", "Watchdog:MonitorFour")]
    public void AMisspelledKey_IsFlaggedByTheSchema_AsByCheckConfig(string key, string typo, string path)
    {
        var text = File.ReadAllText(Path.Combine(ShippedConfigTests.RepoRoot, "deploy/compose/appsettings.json"));
        text.ShouldContain(key);
        var misspelled = text.Replace(key, typo, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(misspelled);

        Problems(doc.RootElement).ShouldNotBeEmpty();
        Problems(doc.RootElement).ShouldContain(p => p.Contains(typo.Trim('"', ':'), StringComparison.Ordinal));
        Load(misspelled).Errors.ShouldContain($"{path}: unknown key (check its spelling against the README's configuration reference)");
    }

    [Theory]
    [InlineData("30s")]
    [InlineData("5m")]
    [InlineData("1h")]
    [InlineData("500ms")]
    [InlineData("1.5h")]
    [InlineData("2d")]
    [InlineData("0")]
    [InlineData("00:05:00")]
    [InlineData("1.00:00:00")]
    [InlineData("5M")]
    [InlineData("30")]
    [InlineData("5 minutes")]
    [InlineData("-1s")]
    [InlineData("1w")]
    [InlineData("soon")]
    public void DurationPattern_TakesWhatTheReaderTakes(string value)
    {
        var schema = JsonSchema.FromText($$"""{"type": "string", "pattern": {{JsonSerializer.Serialize(SchemaBuilder.DurationPattern)}}}""");

        var valid = schema.Evaluate(JsonDocument.Parse(JsonSerializer.Serialize(value)).RootElement).IsValid;

        valid.ShouldBe(ConfigReader.TryDuration(value, out _), $"'{value}'");
    }

    /// <summary>Each failing key: where, and the validator's words.</summary>
    private static List<string> Problems(JsonElement config)
    {
        var result = Committed.Value.Evaluate(config, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (result.IsValid) return [];
        return [.. (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .Select(d => $"{d.InstanceLocation}: {string.Join("; ", d.Errors!.Select(e => $"{e.Key} {e.Value}"))}")];
    }

    private static (WatchdogSettings? Settings, IReadOnlyList<string> Errors) Load(string json)
    {
        var configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build();
        var settings = SettingsLoader.Load(configuration, ShippedConfigTests.RepoRoot, out var errors);
        return (settings, errors);
    }

    private enum Region
    {
        North,
        South,
    }

    private sealed class CanaryOptions
    {
        public Region Region { get; set; } = Region.North;

        public double Share { get; set; } = 0.1;
    }

    /// <summary>A provider Watchdog does not ship: its keys appear in the schema only because its module reads them.</summary>
    private sealed class CanaryModule() : ProviderModule<CanaryOptions>("Canary", _ => [], _ => "canary", _ => [])
    {
        protected override CanaryOptions Read(ConfigReader r, IConfigurationSection s, ReadScope scope) => new()
        {
            Region = r.Enum(s, "Region", Defaults.Region),
            Share = r.Number(s, "Share", Defaults.Share, 0, 0.5),
        };

        protected override IDeploymentProvider Create(CanaryOptions options, IntegrationContext context, ReadScope scope) =>
            throw new NotSupportedException("only read, never made");
    }
}
