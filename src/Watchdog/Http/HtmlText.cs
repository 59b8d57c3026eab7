using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text;

namespace Watchdog.Http;

/// <summary>Markup that is already safe (built by <see cref="HtmlText"/> or a constant); it passes through unencoded.</summary>
public readonly record struct Markup(string Value);

/// <summary>
/// Builds an HTML document from interpolated strings in which the literal text is markup and every
/// interpolated value is HTML-encoded, unless it is <see cref="Markup"/>. Readings, reasons and
/// timeline text come from peers and people; this way none of them can be taken for markup.
/// </summary>
public sealed class HtmlText
{
    private readonly StringBuilder _text = new();

    public HtmlText Add([InterpolatedStringHandlerArgument("")] Handler handler)
    {
        _ = handler;
        return this;
    }

    public override string ToString() => _text.ToString();

    public static string Encode(string? value) => WebUtility.HtmlEncode(value ?? "");

    [InterpolatedStringHandler]
    public readonly struct Handler
    {
        private readonly StringBuilder _text;

        public Handler(int literalLength, int formattedCount, HtmlText html)
        {
            _ = literalLength + formattedCount;
            _text = html._text;
        }

        public void AppendLiteral(string markup) => _text.Append(markup);

        public void AppendFormatted(Markup markup) => _text.Append(markup.Value);

        public void AppendFormatted(string? value) => _text.Append(Encode(value));

        public void AppendFormatted<T>(T value) => _text.Append(Encode(value is IFormattable f ? f.ToString(null, CultureInfo.InvariantCulture) : value?.ToString()));
    }
}
