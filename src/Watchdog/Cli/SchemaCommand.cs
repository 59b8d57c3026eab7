using System.CommandLine;
using Watchdog.Schema;

namespace Watchdog.Cli;

/// <summary><c>schema</c>: prints the JSON Schema of appsettings.json (the committed copy is <see cref="AppSettingsSchema.RelativePath"/>).</summary>
internal static class SchemaCommand
{
    public static Command Create()
    {
        var output = new Option<FileInfo?>("--output") { Description = "Write it to this file instead of printing it." };
        var command = new Command("schema", $"Print the JSON Schema of appsettings.json, recorded from the configuration readers ({AppSettingsSchema.RelativePath} is its committed copy).")
        {
            output,
        };
        command.SetAction(async (result, ct) =>
        {
            var (json, undescribed) = AppSettingsSchema.Generate();
            // Still a schema, but a key without a description is a gap for whoever edits the file: say which.
            foreach (var key in undescribed) await result.InvocationConfiguration.Error.WriteLineAsync($"no description: {key}");
            if (result.GetValue(output) is { } file) await File.WriteAllTextAsync(file.FullName, json, ct);
            else await result.InvocationConfiguration.Output.WriteAsync(json);
            return 0;
        });
        return command;
    }
}
