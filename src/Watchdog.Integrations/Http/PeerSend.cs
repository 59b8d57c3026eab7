namespace Watchdog.Integrations.Http;

/// <summary>
/// Sends a notifier's request and returns the answer's headers. A peer that could not be reached, or gave no
/// answer within the resilience handler's attempt timeout, is a <see cref="PeerRefusedException"/> in our own
/// words, so a timeout is never mistaken for the caller cancelling.
/// </summary>
internal static class PeerSend
{
    /// <param name="peer">The peer's kind, as <see cref="PeerRefusedException.Peer"/>.</param>
    /// <param name="who">How the message names it: <c>Slack webhook at hooks.slack.com</c>, host only.</param>
    /// <param name="unreachable">Logs why (the <see cref="HttpRequestError"/>, or "no answer in time") before it is thrown.</param>
    /// <exception cref="OperationCanceledException">Only when <paramref name="ct"/> is cancelled.</exception>
    public static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpRequestMessage request, string peer, string who,
        Action<string> unreachable, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(unreachable);
        try
        {
            return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        }
        catch (HttpRequestException e) when (e is not PeerRefusedException)
        {
            // Rewrapped so the message is ours: host only, whatever the handler chain put in its own.
            unreachable(e.HttpRequestError.ToString());
            throw new PeerRefusedException(peer, $"{who} could not be reached ({e.HttpRequestError}).", null, innerException: e, error: e.HttpRequestError);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // Not kept as the inner exception: the handler's message names the URL's path, which for a webhook is the secret.
            const string why = "no answer in time";
            unreachable(why);
            throw new PeerRefusedException(peer, $"{who} could not be reached ({why}).", null);
        }
    }
}
