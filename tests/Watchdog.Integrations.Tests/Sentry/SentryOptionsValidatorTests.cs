using Watchdog.Integrations.Sentry;
using Watchdog.Integrations.Tests.Http;
using Watchdog.Testing;

namespace Watchdog.Integrations.Tests.Sentry;

public sealed class SentryOptionsValidatorTests
{
    private const string Token = "sntrys_validator_s3cr3t";

    private static SentryOptions Valid(Action<SentryOptions>? configure = null)
    {
        var options = new SentryOptions { Organization = "acme", Project = "4505281256090624", Token = Token };
        configure?.Invoke(options);
        return options;
    }

    [Theory]
    [InlineData("https://sentry.io")]
    [InlineData("https://de.sentry.io/")]
    [InlineData("https://ops.example.com/sentry")]
    [InlineData("http://127.0.0.1:9000/")]
    public void Validate_DefaultsWithRequiredFields_Succeed(string baseUrl) =>
        new SentryOptionsValidator().Validate(null, Valid(o => o.BaseUrl = new Uri(baseUrl))).Succeeded.ShouldBeTrue();

    [Fact]
    public void Defaults_AreTheDocumentedOnes()
    {
        var o = new SentryOptions();

        o.BaseUrl.ShouldBe(new Uri("https://sentry.io"));
        o.Name.ShouldBe("sentry");
        (o.Window, o.Interval, o.Timeout).ShouldBe((TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(10)));
        (o.ErrorRate, o.CrashFree, o.TransactionSampleRate).ShouldBe((true, true, 1.0));
    }

    [Theory]
    [InlineData("Name", nameof(SentryOptions.Name))]
    [InlineData("BaseUrl", nameof(SentryOptions.BaseUrl))]
    [InlineData("BaseUrlHttp", nameof(SentryOptions.BaseUrl))]
    [InlineData("BaseUrlQuery", nameof(SentryOptions.BaseUrl))]
    [InlineData("Organization", nameof(SentryOptions.Organization))]
    [InlineData("ProjectSlug", nameof(SentryOptions.Project))]
    [InlineData("Token", nameof(SentryOptions.Token))]
    [InlineData("Window", nameof(SentryOptions.Window))]
    [InlineData("IntervalSeconds", nameof(SentryOptions.Interval))]
    [InlineData("IntervalTooBig", nameof(SentryOptions.Interval))]
    [InlineData("Timeout", nameof(SentryOptions.Timeout))]
    [InlineData("MinInterval", nameof(SentryOptions.MinInterval))]
    [InlineData("MaxBackoff", nameof(SentryOptions.MaxBackoff))]
    [InlineData("NothingOn", nameof(SentryOptions.ErrorRate))]
    [InlineData("SampleRate", nameof(SentryOptions.TransactionSampleRate))]
    [InlineData("SampleRateWithFailureRate", nameof(SentryOptions.TransactionSampleRate))]
    [InlineData("Kind", nameof(SentryOptions.ErrorRateKind))]
    [InlineData("Release", nameof(SentryOptions.Release))]
    [InlineData("Environment", nameof(SentryOptions.Environment))]
    [InlineData("MaxBodyBytes", nameof(SentryOptions.MaxBodyBytes))]
    public void Validate_BadValue_OneMessageNamingTheKey(string bad, string key)
    {
        var options = Valid(o =>
        {
            switch (bad)
            {
                case "Name": o.Name = " "; break;
                case "BaseUrl": o.BaseUrl = new Uri("/sentry", UriKind.Relative); break;
                case "BaseUrlHttp": o.BaseUrl = new Uri("http://sentry.example.com"); break;
                case "BaseUrlQuery": o.BaseUrl = new Uri("https://sentry.example.com/?token=" + Token); break;
                case "Organization": o.Organization = "acme/corp"; break;
                case "ProjectSlug": o.Project = "backend-api"; break;
                case "Token": o.Token = ""; break;
                case "Window": o.Window = TimeSpan.FromSeconds(90); break;
                case "IntervalSeconds": o.Interval = TimeSpan.FromSeconds(30); break;
                case "IntervalTooBig": o.Interval = TimeSpan.FromMinutes(10); break;
                case "Timeout": o.Timeout = TimeSpan.Zero; break;
                case "MinInterval": o.MinInterval = TimeSpan.FromSeconds(-1); break;
                case "MaxBackoff": o.MaxBackoff = TimeSpan.Zero; break;
                case "NothingOn": o.ErrorRate = false; o.CrashFree = false; break;
                case "SampleRate": o.TransactionSampleRate = 0; break;
                case "SampleRateWithFailureRate": o.TransactionSampleRate = 0.5; break; // failure_rate() needs no correction
                case "Kind": o.ErrorRateKind = (SentryErrorRateKind)7; break;
                case "Release": o.Release = "1.0\n2.0"; break;
                case "Environment": o.Environment = ""; break;
                case "MaxBodyBytes": o.MaxBodyBytes = 10; break;
            }
        });

        var problem = SentryOptionsValidator.Problems(options).ShouldHaveSingleItem();

        problem.ShouldStartWith(key, Case.Sensitive);
        problem.ShouldNotContain(Token);
    }

    [Fact]
    public void Constructor_InvalidOptions_ThrowsWithoutTheToken()
    {
        using var http = new HttpClient();
        var options = Valid(o => o.Project = "backend");

        var e = Should.Throw<ArgumentException>(() => new SentrySource(http, options, new ManualTimeProvider(), new ListLogger<SentrySource>()));

        e.Message.ShouldContain("Project must be the project's numeric id");
        e.Message.ShouldNotContain(Token);
    }
}
