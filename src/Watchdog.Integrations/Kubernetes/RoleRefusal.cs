using Watchdog.Integrations.Http;

namespace Watchdog.Integrations.Kubernetes;

/// <summary>
/// A 403 from the API server, told as what the service account may not do and what to add to the shipped Role,
/// with the server's own words after (they name the user and the resource).
/// </summary>
internal static class RoleRefusal
{
    public static PeerRefusedException Explain(PeerRefusedException forbidden, string mayNot, string add) => new(
        "Kubernetes",
        $"forbidden: the service account may not {mayNot}; add it to the Role (deploy/kubernetes/role.yaml): {add}. {forbidden.Message}",
        forbidden.StatusCode, forbidden.Reason, forbidden);
}
