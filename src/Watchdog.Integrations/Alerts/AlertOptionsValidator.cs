using Microsoft.Extensions.Options;

namespace Watchdog.Integrations.Alerts;

/// <summary>One message per bad value, naming the key, so start-up stops with something a person can fix.</summary>
public sealed class AlertOptionsValidator : IValidateOptions<AlertMappingOptions>, IValidateOptions<SentryMappingOptions>
{
    public ValidateOptionsResult Validate(string? name, AlertMappingOptions options) => OptionsResult.Of(Problems(options));

    public ValidateOptionsResult Validate(string? name, SentryMappingOptions options) => OptionsResult.Of(Problems(options));

    public static IEnumerable<string> Problems(AlertMappingOptions o)
    {
        if (string.IsNullOrWhiteSpace(o.Source)) yield return "Source must not be empty.";
        if (o.ServiceLabels is not null && o.ServiceLabels.Any(string.IsNullOrWhiteSpace))
            yield return "ServiceLabels must not hold an empty label name.";
        if (o.SeverityMeanings is null) yield return "SeverityMeanings must not be null (leave it empty to map no severity).";
        else
        {
            if (o.SeverityMeanings.Keys.Any(string.IsNullOrWhiteSpace)) yield return "SeverityMeanings must not map an empty severity.";
            foreach (var (severity, meaning) in o.SeverityMeanings.Where(p => !Enum.IsDefined(p.Value)))
                yield return $"SeverityMeanings[{severity}] must be one of {Names} (was {(int)meaning}).";
        }

        if (o.DefaultMeaning is { } d && !Enum.IsDefined(d)) yield return $"DefaultMeaning must be one of {Names} (was {(int)d}).";
    }

    public static IEnumerable<string> Problems(SentryMappingOptions o)
    {
        if (string.IsNullOrWhiteSpace(o.Source)) yield return "Source must not be empty.";
        if (o.ProjectServices is null) yield return "ProjectServices must not be null (leave it empty to map no project).";
        else if (o.ProjectServices.Any(p => string.IsNullOrWhiteSpace(p.Key) || string.IsNullOrWhiteSpace(p.Value)))
            yield return "ProjectServices must map non-empty project slugs or ids to non-empty service names.";
        if (!Enum.IsDefined(o.CriticalMeaning)) yield return $"CriticalMeaning must be one of {Names} (was {(int)o.CriticalMeaning}).";
        if (o.WarningMeaning is { } w && !Enum.IsDefined(w)) yield return $"WarningMeaning must be one of {Names} (was {(int)w}).";
        if (!Enum.IsDefined(o.IssueAlertMeaning)) yield return $"IssueAlertMeaning must be one of {Names} (was {(int)o.IssueAlertMeaning}).";
        if (o.RuleMeanings is null) yield return "RuleMeanings must not be null (leave it empty to map no rule).";
        else
        {
            if (o.RuleMeanings.Keys.Any(string.IsNullOrWhiteSpace)) yield return "RuleMeanings must not map an empty rule name.";
            foreach (var (rule, meaning) in o.RuleMeanings.Where(p => !Enum.IsDefined(p.Value)))
                yield return $"RuleMeanings[{rule}] must be one of {Names} (was {(int)meaning}).";
        }
    }

    private static string Names => EnumNames.MeaningList;
}
