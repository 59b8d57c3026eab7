namespace Watchdog.Integrations.Webhooks;

/// <summary>Checks <see cref="WebhookOptions"/>; messages name the key, never the URL's or the secret's value.</summary>
public sealed class WebhookOptionsValidator() : OptionsValidator<WebhookOptions>(Problems)
{
    public static IReadOnlyList<string> Problems(WebhookOptions options)
    {
        var problems = new List<string>();
        if (options.Url is null)
            problems.Add($"{nameof(WebhookOptions.Url)} is required.");
        else if (!options.Url.IsAbsoluteUri || (options.Url.Scheme != Uri.UriSchemeHttps && options.Url.Scheme != Uri.UriSchemeHttp))
            problems.Add($"{nameof(WebhookOptions.Url)} must be an absolute http or https URL.");

        if (string.IsNullOrEmpty(options.Secret))
            problems.Add($"{nameof(WebhookOptions.Secret)} is required: receivers check the signature.");
        else if (options.Secret.Length < WebhookOptions.MinSecretLength)
            problems.Add($"{nameof(WebhookOptions.Secret)} must be at least {WebhookOptions.MinSecretLength} characters.");

        if (string.IsNullOrWhiteSpace(options.Name))
            problems.Add($"{nameof(WebhookOptions.Name)} must not be empty.");

        return problems;
    }
}
