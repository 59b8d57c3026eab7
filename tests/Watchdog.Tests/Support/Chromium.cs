using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Watchdog.Testing;

namespace Watchdog.Tests.Support;

/// <summary>
/// chromedriver as a child process on a loopback port, driving headless Debian Chromium. Spoken to in
/// the W3C WebDriver protocol over plain HTTP, so no browser-automation package is needed. Killed,
/// with the browsers it started, on dispose.
/// </summary>
public sealed class Chromium : IAsyncDisposable
{
    public const string Browser = "/usr/bin/chromium";
    public const string Driver = "chromedriver";

    private static readonly TimeSpan ReadyWithin = TimeSpan.FromSeconds(20);

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output;
    private readonly HttpClient _http;

    private Chromium(Process process, ConcurrentQueue<string> output, Uri baseAddress)
    {
        _process = process;
        _output = output;
        // A browser's first start in a cold container can take a while.
        _http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    /// <summary>Its last log lines, for a failure message.</summary>
    public string Output => string.Join(Environment.NewLine, _output.TakeLast(40));

    public static async Task<Chromium> StartAsync()
    {
        var binary = Tools.Find(Driver) ?? throw new InvalidOperationException($"chromedriver is not on PATH: {ChromiumFactAttribute.InstallHint}");
        var port = LoopbackPort.Free();
        var psi = new ProcessStartInfo(binary) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add($"--port={port}");
        var output = new ConcurrentQueue<string>();
        var process = new Process { StartInfo = psi };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var chromium = new Chromium(process, output, new Uri($"http://127.0.0.1:{port}/"));
        try
        {
            await chromium.WaitReadyAsync();
            return chromium;
        }
        catch
        {
            await chromium.DisposeAsync();
            throw;
        }
    }

    /// <summary>A new headless browser window.</summary>
    public async Task<BrowserSession> OpenAsync()
    {
        var capabilities = new JsonObject
        {
            ["capabilities"] = new JsonObject
            {
                ["alwaysMatch"] = new JsonObject
                {
                    ["browserName"] = "chrome",
                    ["goog:chromeOptions"] = new JsonObject
                    {
                        ["binary"] = Browser,
                        ["args"] = new JsonArray("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1024"),
                    },
                },
            },
        };
        var value = await SendAsync(HttpMethod.Post, "session", capabilities);
        return new BrowserSession(this, value.GetProperty("sessionId").GetString()!);
    }

    /// <summary>One WebDriver command; answers its <c>value</c>, or throws with the driver's error and message.</summary>
    internal async Task<JsonElement> SendAsync(HttpMethod method, string path, JsonNode? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        // With a length: chromedriver cuts off chunked requests, which JsonContent would send.
        if (body is not null) request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await _http.SendAsync(request);
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        var value = answer.GetProperty("value");
        if (!response.IsSuccessStatusCode)
        {
            var error = value.TryGetProperty("error", out var e) ? e.GetString() : null;
            var message = value.TryGetProperty("message", out var m) ? m.GetString() : null;
            throw new WebDriverException(error ?? ((int)response.StatusCode).ToString(), $"{method} {path}: {error}: {message}");
        }

        return value.Clone();
    }

    private async Task WaitReadyAsync()
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < ReadyWithin)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"chromedriver exited with {_process.ExitCode}:{Environment.NewLine}{Output}");
            try
            {
                if ((await SendAsync(HttpMethod.Get, "status")).GetProperty("ready").GetBoolean()) return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"chromedriver was not ready within {ReadyWithin.TotalSeconds:0} s:{Environment.NewLine}{Output}");
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await ChildProcess.StopAsync(_process);
    }
}

/// <summary>One browser window: load a page and read what a person sees on it.</summary>
public sealed class BrowserSession(Chromium driver, string id) : IAsyncDisposable
{
    /// <summary>W3C WebDriver's key for an element reference.</summary>
    private const string ElementKey = "element-6066-11e4-a52e-4f735466cecf";

    /// <summary>Navigates and waits for the page to load, as the protocol does.</summary>
    public Task GoToAsync(Uri url) => driver.SendAsync(HttpMethod.Post, $"session/{id}/url", new JsonObject { ["url"] = url.ToString() });

    /// <summary>The visible text of the first element matching <paramref name="css"/>; fails when there is none.</summary>
    public async Task<string> TextAsync(string css)
    {
        var element = await driver.SendAsync(HttpMethod.Post, $"session/{id}/element", Locator(css));
        return await TextOfAsync(element);
    }

    /// <summary>The visible text of every element matching <paramref name="css"/>, in document order.</summary>
    public async Task<IReadOnlyList<string>> TextsAsync(string css)
    {
        var elements = await driver.SendAsync(HttpMethod.Post, $"session/{id}/elements", Locator(css));
        var texts = new List<string>();
        foreach (var element in elements.EnumerateArray()) texts.Add(await TextOfAsync(element));
        return texts;
    }

    /// <summary>An attribute of every element matching <paramref name="css"/>, in document order (null where it is absent).</summary>
    public async Task<IReadOnlyList<string?>> AttributesAsync(string css, string name)
    {
        var values = new List<string?>();
        foreach (var element in (await driver.SendAsync(HttpMethod.Post, $"session/{id}/elements", Locator(css))).EnumerateArray())
        {
            var value = await driver.SendAsync(HttpMethod.Get, $"session/{id}/element/{Id(element)}/attribute/{name}");
            values.Add(value.ValueKind == JsonValueKind.Null ? null : value.GetString());
        }

        return values;
    }

    /// <summary>Where every element matching <paramref name="css"/> is drawn, in CSS pixels of the page.</summary>
    public async Task<IReadOnlyList<(double X, double Y, double Width, double Height)>> RectsAsync(string css)
    {
        var rects = new List<(double, double, double, double)>();
        foreach (var element in (await driver.SendAsync(HttpMethod.Post, $"session/{id}/elements", Locator(css))).EnumerateArray())
        {
            var r = await driver.SendAsync(HttpMethod.Get, $"session/{id}/element/{Id(element)}/rect");
            rects.Add((r.GetProperty("x").GetDouble(), r.GetProperty("y").GetDouble(), r.GetProperty("width").GetDouble(), r.GetProperty("height").GetDouble()));
        }

        return rects;
    }

    /// <summary>Resizes the window (a tall one fits a whole page in a screenshot).</summary>
    public Task ResizeAsync(int width, int height) =>
        driver.SendAsync(HttpMethod.Post, $"session/{id}/window/rect", new JsonObject { ["width"] = width, ["height"] = height });

    /// <summary>Saves the visible window as a PNG.</summary>
    public async Task ScreenshotAsync(string path)
    {
        var png = Convert.FromBase64String((await driver.SendAsync(HttpMethod.Get, $"session/{id}/screenshot")).GetString()!);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllBytesAsync(path, png);
    }

    private static string Id(JsonElement element) => element.GetProperty(ElementKey).GetString()!;

    public async Task<string> TitleAsync() => (await driver.SendAsync(HttpMethod.Get, $"session/{id}/title")).GetString()!;

    /// <summary>Get Element Text answers the rendered text: hidden elements and markup are not in it.</summary>
    private async Task<string> TextOfAsync(JsonElement element) =>
        (await driver.SendAsync(HttpMethod.Get, $"session/{id}/element/{Id(element)}/text")).GetString()!;

    private static JsonObject Locator(string css) => new() { ["using"] = "css selector", ["value"] = css };

    public async ValueTask DisposeAsync()
    {
        try
        {
            await driver.SendAsync(HttpMethod.Delete, $"session/{id}");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or WebDriverException)
        {
            // The driver is killed next anyway, and the browser with it.
        }
    }
}

public sealed class WebDriverException(string error, string message) : Exception(message)
{
    /// <summary>The protocol's error code, e.g. <c>no such element</c>.</summary>
    public string Error { get; } = error;
}
