using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Portal.TestKit.Contract;

namespace Portal.TestKit;

/// <summary>
/// An HTTP client for the app that behaves like the browser app: it keeps cookies (Secure ones too,
/// as browsers do on loopback) and sends the antiforgery header on state-changing requests. Every
/// response is checked against the committed OpenAPI document (<see cref="OpenApiContract"/>).
/// </summary>
public sealed class PortalClient : IDisposable
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly HttpClient _http;

    public PortalClient(Uri baseAddress)
    {
        _http = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = baseAddress };
    }

    public Uri BaseAddress => _http.BaseAddress!;

    /// <summary>Cookies by name, as the server last set them.</summary>
    public Dictionary<string, string> Cookies { get; } = new(StringComparer.Ordinal);

    /// <summary>Set to false to send state-changing requests without the antiforgery header.</summary>
    public bool SendsAntiforgeryToken { get; set; } = true;

    public string? AntiforgeryToken { get; set; }

    /// <summary>A client for another host that carries this client's cookies and antiforgery token.</summary>
    public PortalClient CopyTo(Uri otherBaseAddress)
    {
        var copy = new PortalClient(otherBaseAddress) { AntiforgeryToken = AntiforgeryToken };
        foreach (var (name, value) in Cookies)
        {
            copy.Cookies[name] = value;
        }

        return copy;
    }

    public Task<HttpResponseMessage> GetAsync(string path) => SendAsync(HttpMethod.Get, path);

    public Task<HttpResponseMessage> DeleteAsync(string path) => SendAsync(HttpMethod.Delete, path);

    public Task<HttpResponseMessage> PostJsonAsync(string path, object body) => SendAsync(HttpMethod.Post, path, JsonContent.Create(body, options: Json));

    public Task<HttpResponseMessage> PutJsonAsync(string path, object body) => SendAsync(HttpMethod.Put, path, JsonContent.Create(body, options: Json));

    /// <summary>Sends <paramref name="json"/> as it is, for malformed bodies.</summary>
    public Task<HttpResponseMessage> SendRawJsonAsync(HttpMethod method, string path, string json) =>
        SendAsync(method, path, new StringContent(json, Encoding.UTF8, "application/json"));

    public Task<HttpResponseMessage> PostBytesAsync(string path, byte[] body, string contentType)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return SendAsync(HttpMethod.Post, path, content);
    }

    public async Task<T> GetJsonAsync<T>(string path)
    {
        using var response = await GetAsync(path);
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<T>(Json))!;
    }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content = null, Action<HttpRequestMessage>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(method);
        if (SendsAntiforgeryToken && !IsSafe(method) && AntiforgeryToken is null)
        {
            await FetchAntiforgeryTokenAsync();
        }

        using var request = new HttpRequestMessage(method, path) { Content = content };
        if (SendsAntiforgeryToken && !IsSafe(method))
        {
            request.Headers.Add("X-CSRF-TOKEN", AntiforgeryToken);
        }

        if (Cookies.Count > 0)
        {
            request.Headers.Add("Cookie", string.Join("; ", Cookies.Select(c => $"{c.Key}={c.Value}")));
        }

        // Over 64 KB, ask first (as curl does): a server refusing the size answers before the body is sent.
        if (content?.Headers.ContentLength > 64 * 1024)
        {
            request.Headers.ExpectContinue = true;
        }

        configure?.Invoke(request);
        var response = await _http.SendAsync(request);
        StoreCookies(response);
        await OpenApiContract.Default.CheckAsync(response);
        return response;
    }

    public async Task FetchAntiforgeryTokenAsync()
    {
        using var response = await SendAsync(HttpMethod.Get, "/api/antiforgery");
        response.EnsureSuccessStatusCode();
        AntiforgeryToken = (await response.Content.ReadFromJsonAsync<JsonElement>(Json)).GetProperty("token").GetString();
    }

    /// <summary>Signs a staff member in at their clinic's address.</summary>
    public async Task<JsonElement> SignInAsync(TestClinic clinic, StaffCredentials who)
    {
        ArgumentNullException.ThrowIfNull(clinic);
        ArgumentNullException.ThrowIfNull(who);
        using var response = await PostJsonAsync($"/api/clinics/{clinic.Slug}/staff/sign-in", new { email = who.Email, password = who.Password });
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        return await response.Content.ReadFromJsonAsync<JsonElement>(Json);
    }

    public async Task SignInAsOperatorAsync(StaffCredentials who)
    {
        ArgumentNullException.ThrowIfNull(who);
        using var response = await PostJsonAsync("/api/operator/sign-in", new { email = who.Email, password = who.Password });
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
    }

    public void Dispose() => _http.Dispose();

    private static bool IsSafe(HttpMethod method) => method == HttpMethod.Get || method == HttpMethod.Head || method == HttpMethod.Options;

    private void StoreCookies(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Set-Cookie", out var headers))
        {
            return;
        }

        foreach (var header in headers)
        {
            var cookie = SetCookie.Parse(header);
            if (cookie.IsDeletion)
            {
                Cookies.Remove(cookie.Name);
            }
            else
            {
                Cookies[cookie.Name] = cookie.Value;
            }
        }
    }
}

/// <summary>One Set-Cookie header, parsed for assertions on its attributes.</summary>
public sealed record SetCookie(string Name, string Value, IReadOnlyDictionary<string, string> Attributes)
{
    public bool Has(string attribute) => Attributes.ContainsKey(attribute.ToLowerInvariant());

    public string? Attribute(string attribute) => Attributes.TryGetValue(attribute.ToLowerInvariant(), out var value) ? value : null;

    public bool IsDeletion =>
        Value.Length == 0
        || Attribute("max-age") == "0"
        || (Attribute("expires") is { } expires && DateTimeOffset.TryParse(expires, out var when) && when < DateTimeOffset.UtcNow);

    public static SetCookie Parse(string header)
    {
        ArgumentNullException.ThrowIfNull(header);
        var parts = header.Split(';').Select(p => p.Trim()).ToArray();
        var nameValue = parts[0].Split('=', 2);
        var attributes = parts.Skip(1)
            .Select(p => p.Split('=', 2))
            .ToDictionary(p => p[0].ToLowerInvariant(), p => p.Length > 1 ? p[1] : "", StringComparer.Ordinal);
        return new SetCookie(nameValue[0], nameValue.Length > 1 ? nameValue[1] : "", attributes);
    }

    public static IReadOnlyList<SetCookie> From(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return response.Headers.TryGetValues("Set-Cookie", out var headers) ? headers.Select(Parse).ToList() : [];
    }
}
