using Watchdog.Integrations.Prometheus;

namespace Watchdog.Integrations.Tests.Prometheus;

public sealed class QueryTemplateTests
{
    [Fact]
    public void Render_ReplacesEveryQuotedPlaceholder()
    {
        QueryTemplate.Render(PrometheusOptions.DefaultErrorRate, "checkout").ShouldBe(
            """(sum(rate(http_requests_total{service="checkout",code=~"5.."}[5m])) or vector(0)) / sum(rate(http_requests_total{service="checkout"}[5m]))""");
    }

    [Theory]
    [InlineData("a\"} or vector(1) #", "a\\\"} or vector(1) #")]
    [InlineData("back\\slash", "back\\\\slash")]
    [InlineData("line\nbreak\ttab\rcr", "line\\nbreak\\ttab\\rcr")]
    [InlineData("bell\u0007del\u007f", "bell\\x07del\\x7f")]
    [InlineData("café-日本", "café-日本")]
    public void Render_EscapesTheNameAsAPromQLString(string service, string escaped)
    {
        QueryTemplate.Render("""up{service="{service}"}""", service).ShouldBe("up{service=\"" + escaped + "\"}");
    }

    [Theory]
    [InlineData("""up{service=~"{service}"}""", """up{service=~"shop\\.api\\+v2"}""")]
    [InlineData("""up{service !~ "{service}"}""", """up{service !~ "shop\\.api\\+v2"}""")]
    [InlineData("""up{service="{service}"}""", """up{service="shop.api+v2"}""")]
    public void Render_InARegexMatcher_AlsoEscapesRegexMetacharacters(string template, string expected)
    {
        QueryTemplate.Render(template, "shop.api+v2").ShouldBe(expected);
    }

    [Theory]
    [InlineData("""up{service={service}}""", "outside double quotes")]
    [InlineData("""up{service='{service}'}""", "outside double quotes")]
    [InlineData("""up{service="pre-{service}"}""", "outside double quotes")]
    [InlineData("""up{service="{serivce}"}""", "unknown placeholder \"{serivce}\"")]
    public void Problem_PlaceholderThatCannotBeEscapedSafely_IsRefused(string template, string expected)
    {
        QueryTemplate.Problem(template)!.ShouldContain(expected);
        Should.Throw<ArgumentException>(() => QueryTemplate.Render(template, "shop"));
    }

    [Fact]
    public void Problem_QueryWithoutPlaceholder_IsFine() =>
        QueryTemplate.Problem("""sum(rate(http_requests_total{job="shop"}[5m]))""").ShouldBeNull();
}
