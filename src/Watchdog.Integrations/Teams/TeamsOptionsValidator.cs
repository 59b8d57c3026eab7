namespace Watchdog.Integrations.Teams;

/// <summary>Checks <see cref="TeamsOptions"/>; messages name the key, never the webhook URL's value.</summary>
public sealed class TeamsOptionsValidator() : OptionsValidator<TeamsOptions>(Problems)
{
    public static IReadOnlyList<string> Problems(TeamsOptions options)
    {
        var problems = new List<string>();
        var url = options.WebhookUrl;
        if (url is null)
            problems.Add($"{nameof(TeamsOptions.WebhookUrl)} is required.");
        else if (!url.IsAbsoluteUri)
            problems.Add($"{nameof(TeamsOptions.WebhookUrl)} must be an absolute https URL.");
        else if (url.Scheme != Uri.UriSchemeHttps && !(url.Scheme == Uri.UriSchemeHttp && url.IsLoopback))
            problems.Add($"{nameof(TeamsOptions.WebhookUrl)} must use https (plain http only on a loopback host): the URL is the secret.");

        if (string.IsNullOrWhiteSpace(options.Name))
            problems.Add($"{nameof(TeamsOptions.Name)} must not be empty.");

        return problems;
    }
}
