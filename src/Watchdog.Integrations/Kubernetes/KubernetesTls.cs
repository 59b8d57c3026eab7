using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Watchdog.Integrations.Http;

namespace Watchdog.Integrations.Kubernetes;

/// <summary>
/// TLS to the API server as client-go does it with a CA file: the server's certificate must chain to
/// that CA, and only to it, and must name the host. The CA is read once, when the handler is built.
/// </summary>
public static class KubernetesTls
{
    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1");

    /// <summary>
    /// A primary handler for the Kubernetes API client (the host adds its resilience handler on top):
    /// it trusts only the CA in <see cref="KubernetesOptions.CaFile"/>, or the system's store when that is empty.
    /// </summary>
    /// <exception cref="ArgumentException"><see cref="KubernetesOptions.CaFile"/> is set but holds no readable PEM certificate.</exception>
    public static SocketsHttpHandler CreateHandler(KubernetesOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var handler = StrictHttp.CreateHandler();
        if (string.IsNullOrWhiteSpace(options.CaFile)) return handler;

        var authorities = new X509Certificate2Collection();
        try
        {
            authorities.ImportFromPemFile(options.CaFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new ArgumentException($"CaFile {options.CaFile} cannot be read as PEM certificates ({e.GetType().Name}); set CaFile to empty to use the system's trust store.", e);
        }

        if (authorities.Count == 0)
            throw new ArgumentException($"CaFile {options.CaFile} holds no certificate.");
        handler.SslOptions.RemoteCertificateValidationCallback = TrustOnly(authorities);
        return handler;
    }

    /// <summary>A validation callback accepting a certificate only when it chains to one of <paramref name="authorities"/> and names the host.</summary>
    public static RemoteCertificateValidationCallback TrustOnly(X509Certificate2Collection authorities)
    {
        ArgumentNullException.ThrowIfNull(authorities);
        return (_, certificate, presented, errors) => Validate(authorities, certificate, presented, errors);
    }

    internal static bool Validate(X509Certificate2Collection authorities, X509Certificate? certificate, X509Chain? presented, SslPolicyErrors errors)
    {
        // The name check and "no certificate" stay the platform's verdict; only the chain is judged again, against our roots.
        if (certificate is null || (errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) != 0)
            return false;

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(ServerAuthentication);
        if (presented is not null)
            foreach (var element in presented.ChainElements)
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);

        var leaf = certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        try
        {
            return chain.Build(leaf);
        }
        finally
        {
            if (!ReferenceEquals(leaf, certificate)) leaf.Dispose();
        }
    }
}
