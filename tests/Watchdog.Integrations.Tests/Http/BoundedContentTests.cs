using Watchdog.Integrations.Http;

namespace Watchdog.Integrations.Tests.Http;

public sealed class BoundedContentTests
{
    private static HttpResponseMessage Answer(byte[] body) => new() { Content = new StreamContent(new MemoryStream(body)) };

    private static byte[] Body(int length) => [.. Enumerable.Range(0, length).Select(i => (byte)(i * 7 % 251))];

    [Theory]
    [InlineData(0)]
    [InlineData(17)]
    [InlineData(40_000)] // more than one pooled chunk
    public async Task ReadAsBytes_UnderTheCap_IsTheWholeBody_InOrder(int length)
    {
        var body = Body(length);

        var (bytes, truncated) = await BoundedContent.ReadAsBytesAsync(Answer(body), BoundedContent.DefaultMaxBytes, CancellationToken.None);

        bytes.ShouldBe(body);
        truncated.ShouldBeFalse();
    }

    [Theory]
    [InlineData(10, 11)]
    [InlineData(30_000, 50_000)] // the cap falls inside a later chunk
    [InlineData(65_536, 200_000)]
    public async Task ReadAsBytes_PastTheCap_IsCutAtIt_AndSaysSo(int cap, int length)
    {
        var body = Body(length);

        var (bytes, truncated) = await BoundedContent.ReadAsBytesAsync(Answer(body), cap, CancellationToken.None);

        bytes.ShouldBe(body[..cap]);
        truncated.ShouldBeTrue();
    }
}
