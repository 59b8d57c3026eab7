namespace Watchdog.Integrations.Slack;

/// <summary>Checks <see cref="SlackOptions"/>; messages name the key, never the webhook URL's value.</summary>
public sealed class SlackOptionsValidator() : OptionsValidator<SlackOptions>(Problems)
{
    public static IReadOnlyList<string> Problems(SlackOptions options)
    {
        var problems = new List<string>();
        if (options.WebhookUrl is null)
            problems.Add($"{nameof(SlackOptions.WebhookUrl)} is required.");
        else if (!options.WebhookUrl.IsAbsoluteUri)
            problems.Add($"{nameof(SlackOptions.WebhookUrl)} must be an absolute URL.");
        else if (options.WebhookUrl.Scheme != Uri.UriSchemeHttps && !(options.WebhookUrl.Scheme == Uri.UriSchemeHttp && options.WebhookUrl.IsLoopback))
            problems.Add($"{nameof(SlackOptions.WebhookUrl)} must use https (plain http only on a loopback host): the URL is the secret.");

        if (string.IsNullOrWhiteSpace(options.Name))
            problems.Add($"{nameof(SlackOptions.Name)} must not be empty.");

        if (options.IncidentUrlBase is { } link && (!link.IsAbsoluteUri || (link.Scheme != Uri.UriSchemeHttps && link.Scheme != Uri.UriSchemeHttp)))
            problems.Add($"{nameof(SlackOptions.IncidentUrlBase)} must be an absolute http or https URL.");

        return problems;
    }
}
