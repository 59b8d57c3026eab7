using System.Text.RegularExpressions;

namespace Watchdog.Integrations.Kubernetes;

/// <summary>One message per bad value, naming the key; never echoes the token. Reads no files: the provider does that when it starts.</summary>
public sealed partial class KubernetesOptionsValidator() : OptionsValidator<KubernetesOptions>(Problems)
{
    public const int MaxPageSize = 1000;

    public static IReadOnlyList<string> Problems(KubernetesOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Name))
            problems.Add($"{nameof(options.Name)} must not be empty.");
        if (options.ApiUrl is { } url && (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp) || url.Query.Length > 0))
            problems.Add($"{nameof(options.ApiUrl)} must be an absolute http(s) URL without a query.");
        if (string.IsNullOrWhiteSpace(options.Token) && string.IsNullOrWhiteSpace(options.TokenFile))
            problems.Add($"{nameof(options.Token)} or {nameof(options.TokenFile)} is required.");
        if (options.Token is { Length: > 0 } token && token.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
            problems.Add($"{nameof(options.Token)} must not contain whitespace or control characters.");
        if (string.IsNullOrWhiteSpace(options.Deployment))
            problems.Add($"{nameof(options.Deployment)} is required: the name of the Deployment to roll back.");
        else if (!IsSubdomain(options.Deployment))
            problems.Add($"{nameof(options.Deployment)} must be a DNS subdomain name (lowercase letters, digits, '-' and '.', at most 253 characters).");
        if (options.Namespace is not null && !IsLabel(options.Namespace))
            problems.Add($"{nameof(options.Namespace)} must be a DNS label (lowercase letters, digits and '-', at most 63 characters).");
        if (options.Namespace is null && string.IsNullOrWhiteSpace(options.NamespaceFile))
            problems.Add($"{nameof(options.Namespace)} is required when {nameof(options.NamespaceFile)} is empty.");
        if (options.Container is not null && !IsLabel(options.Container))
            problems.Add($"{nameof(options.Container)} must be a DNS label (lowercase letters, digits and '-', at most 63 characters).");
        if (options.PageSize is < 1 or > MaxPageSize)
            problems.Add($"{nameof(options.PageSize)} must be between 1 and {MaxPageSize} (was {options.PageSize}).");
        if (options.MaxResponseBytes < 64 * 1024)
            problems.Add($"{nameof(options.MaxResponseBytes)} must be at least 65536 (was {options.MaxResponseBytes}).");
        return problems;
    }

    internal static bool IsLabel(string s) => s.Length <= 63 && Label().IsMatch(s);

    internal static bool IsSubdomain(string s) => s.Length <= 253 && Subdomain().IsMatch(s);

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?\\z")]
    private static partial Regex Label();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\\z")]
    private static partial Regex Subdomain();
}
