using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Watchdog.Integrations.Kubernetes;

namespace Watchdog.Integrations.Tests.Kubernetes;

/// <summary>Trusting the cluster's CA, and only it, with certificates made on the spot.</summary>
public sealed class KubernetesTlsTests : IDisposable
{
    private static readonly DateTimeOffset Now = TimeProvider.System.GetUtcNow();
    private readonly X509Certificate2 _clusterCa = Authority("kubernetes");
    private readonly X509Certificate2 _otherCa = Authority("someone-else");
    private readonly TempDirectory _dir = new();

    public void Dispose()
    {
        _clusterCa.Dispose();
        _otherCa.Dispose();
        _dir.Dispose();
    }

    private static X509Certificate2 Authority(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(Now.AddDays(-1), Now.AddDays(2));
    }

    /// <summary>An API server certificate for 127.0.0.1, with its private key, signed by <paramref name="ca"/>.</summary>
    private static X509Certificate2 ServerCertificate(X509Certificate2 ca)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=kube-apiserver", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("kubernetes.default.svc");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var signed = request.Create(ca, Now.AddHours(-1), Now.AddDays(1), RandomNumberGenerator.GetBytes(16));
        return signed.CopyWithPrivateKey(key);
    }

    private static X509Certificate2Collection Trusting(X509Certificate2 ca) => [X509CertificateLoader.LoadCertificate(ca.RawData)];

    [Fact]
    public void Validate_CertificateSignedByTheClusterCa_Trusted()
    {
        using var server = ServerCertificate(_clusterCa);

        KubernetesTls.Validate(Trusting(_clusterCa), server, null, SslPolicyErrors.RemoteCertificateChainErrors).ShouldBeTrue();
    }

    [Fact]
    public void Validate_CertificateSignedByAnotherCa_Rejected()
    {
        using var server = ServerCertificate(_otherCa);

        KubernetesTls.Validate(Trusting(_clusterCa), server, null, SslPolicyErrors.RemoteCertificateChainErrors).ShouldBeFalse();
    }

    [Fact]
    public void Validate_NameMismatch_RejectedEvenWhenTheCaSignedIt()
    {
        using var server = ServerCertificate(_clusterCa);

        KubernetesTls.Validate(Trusting(_clusterCa), server, null, SslPolicyErrors.RemoteCertificateNameMismatch).ShouldBeFalse();
    }

    [Fact]
    public async Task CreateHandler_HttpsServerFromTheCaFile_ConnectsAndAnotherCasServerIsRefused()
    {
        var caFile = _dir.Write("ca.crt", _clusterCa.ExportCertificatePem());
        await using var cluster = await HttpsServer.StartAsync(ServerCertificate(_clusterCa));
        await using var impostor = await HttpsServer.StartAsync(ServerCertificate(_otherCa));
        using var http = new HttpClient(KubernetesTls.CreateHandler(new KubernetesOptions { CaFile = caFile }));

        var answer = await http.GetStringAsync(new Uri(cluster.Url, "version"));
        var refused = await Should.ThrowAsync<HttpRequestException>(() => http.GetStringAsync(new Uri(impostor.Url, "version")));

        answer.ShouldBe("{\"gitVersion\":\"v1.31.0\"}");
        refused.HttpRequestError.ShouldBe(HttpRequestError.SecureConnectionError);
    }

    [Fact]
    public void CreateHandler_CaFileMissing_ThrowsNamingCaFile()
    {
        var e = Should.Throw<ArgumentException>(() => KubernetesTls.CreateHandler(new KubernetesOptions { CaFile = _dir.Path + "/missing.crt" }));

        e.Message.ShouldStartWith($"CaFile {_dir.Path}/missing.crt cannot be read as PEM certificates");
    }

    [Fact]
    public void CreateHandler_CaFileEmpty_LeavesTheSystemTrustStore()
    {
        using var handler = KubernetesTls.CreateHandler(new KubernetesOptions { CaFile = "" });

        handler.SslOptions.RemoteCertificateValidationCallback.ShouldBeNull();
    }

    private sealed class HttpsServer(WebApplication app, Uri url) : IAsyncDisposable
    {
        public Uri Url { get; } = url;

        public static async Task<HttpsServer> StartAsync(X509Certificate2 certificate)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(certificate)));
            var app = builder.Build();
            app.MapGet("/version", () => Results.Text("{\"gitVersion\":\"v1.31.0\"}", "application/json"));
            await app.StartAsync();
            return new HttpsServer(app, new Uri(app.Urls.First().TrimEnd('/') + "/"));
        }

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
