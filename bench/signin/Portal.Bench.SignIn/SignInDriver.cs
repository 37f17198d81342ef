using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Portal.TestKit;
using Portal.TestKit.Peers;

namespace Portal.Bench.SignIn;

/// <summary>A patient the benchmark signs in as: what they type on the sign-in page.</summary>
internal sealed record BenchPatient(Guid Id, string HealthNumber, string Email);

/// <summary>The steps of one complete sign-in, in milliseconds.</summary>
internal sealed record SignInTiming(double Antiforgery, double Next, double Delivered, double Verify, double Home)
{
    public double Total => Antiforgery + Next + Delivered + Verify + Home;
}

/// <summary>What one concurrency level measured.</summary>
internal sealed record LevelResult(int Clients, int Attempted, IReadOnlyList<SignInTiming> Timings, IReadOnlyList<string> Failures, TimeSpan Elapsed)
{
    public double PerSecond => Timings.Count / Elapsed.TotalSeconds;
}

/// <summary>A step that did not answer as a browser expects it to.</summary>
internal sealed class SignInFailedException(string message) : Exception(message);

/// <summary>
/// Simulated patients signing in, as the portal's sign-in page does it: each sign-in starts from a
/// browser with no cookies (antiforgery token, "Next" with an Ontario card and an email, the passcode
/// read from the email the host sent, LOGIN, then the home page's data). Each client signs in one
/// patient after another with no pause, over a connection it keeps open.
/// </summary>
internal sealed partial class SignInDriver(Uri baseAddress, string clinicSlug, SmtpSink smtp)
{
    private static readonly TimeSpan PasscodeTimeout = TimeSpan.FromSeconds(30);

    private string SignInUrl => $"/api/clinics/{clinicSlug}/portal/sign-in";

    private string VerifyUrl => $"/api/clinics/{clinicSlug}/portal/sign-in/verify";

    private string HomeUrl => $"/api/clinics/{clinicSlug}/portal/me";

    public async Task<LevelResult> RunAsync(IReadOnlyList<BenchPatient> patients, int clients)
    {
        var timings = new SignInTiming?[patients.Count];
        var failures = new ConcurrentQueue<string>();
        var next = -1;
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            using var client = new PortalClient(baseAddress);
            int index;
            while ((index = Interlocked.Increment(ref next)) < patients.Count)
            {
                try
                {
                    timings[index] = await SignInAsync(client, patients[index]);
                }
                catch (Exception e) when (e is SignInFailedException or HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException or InvalidOperationException)
                {
                    failures.Enqueue($"{e.GetType().Name}: {e.Message}");
                }
            }
        })));
        var elapsed = Stopwatch.GetElapsedTime(started);
        return new LevelResult(clients, patients.Count, timings.OfType<SignInTiming>().ToList(), [.. failures], elapsed);
    }

    private async Task<SignInTiming> SignInAsync(PortalClient client, BenchPatient patient)
    {
        // A browser that has never been here: no cookies, no token.
        client.Cookies.Clear();
        client.AntiforgeryToken = null;

        var t0 = Stopwatch.GetTimestamp();
        await client.FetchAntiforgeryTokenAsync();
        var t1 = Stopwatch.GetTimestamp();

        string attemptId;
        using (var started = await client.PostJsonAsync(SignInUrl, new { idType = "ON", idNumber = patient.HealthNumber, contactKind = "email", contact = patient.Email }))
        {
            await ExpectAsync(started, HttpStatusCode.Accepted, "Next");
            attemptId = (await started.Content.ReadFromJsonAsync<JsonElement>(PortalClient.Json)).GetProperty("attemptId").GetString()
                ?? throw new SignInFailedException("Next answered without an attemptId");
        }

        var t2 = Stopwatch.GetTimestamp();
        var passcode = await PasscodeAsync(patient.Email);
        var t3 = Stopwatch.GetTimestamp();

        using (var verified = await client.PostJsonAsync(VerifyUrl, new { attemptId, passcode, stayLoggedIn = false }))
        {
            await ExpectAsync(verified, HttpStatusCode.OK, "verify");
        }

        if (!client.Cookies.ContainsKey("__Host-portal-patient"))
        {
            throw new SignInFailedException("verify answered 200 without the patient session cookie");
        }

        var t4 = Stopwatch.GetTimestamp();
        using (var home = await client.GetAsync(HomeUrl))
        {
            await ExpectAsync(home, HttpStatusCode.OK, "home");
            var body = await home.Content.ReadFromJsonAsync<JsonElement>(PortalClient.Json);
            if (body.GetProperty("displayName").GetString() is not { Length: > 0 })
            {
                throw new SignInFailedException("the home page data has no displayName");
            }
        }

        var t5 = Stopwatch.GetTimestamp();
        return new SignInTiming(Ms(t0, t1), Ms(t1, t2), Ms(t2, t3), Ms(t3, t4), Ms(t4, t5));
    }

    /// <summary>The passcode in the email the SMTP server received for this address.</summary>
    private async Task<string> PasscodeAsync(string email)
    {
        ReceivedEmail message;
        try
        {
            message = await smtp.WaitForAsync(m => m.Recipients.Contains(email, StringComparer.OrdinalIgnoreCase), PasscodeTimeout);
        }
        catch (TimeoutException)
        {
            throw new SignInFailedException($"no passcode email arrived within {PasscodeTimeout.TotalSeconds:0} s");
        }

        var match = Passcode().Match(message.TextBody ?? string.Empty);
        return match.Success ? match.Value : throw new SignInFailedException("the passcode email holds no six-digit passcode");
    }

    private static async Task ExpectAsync(HttpResponseMessage response, HttpStatusCode expected, string step)
    {
        if (response.StatusCode != expected)
        {
            var body = await response.Content.ReadAsStringAsync();
            throw new SignInFailedException($"{step} answered {(int)response.StatusCode}: {(body.Length > 300 ? body[..300] : body)}");
        }
    }

    private static double Ms(long from, long to) => Stopwatch.GetElapsedTime(from, to).TotalMilliseconds;

    [GeneratedRegex(@"\b\d{6}\b")]
    private static partial Regex Passcode();
}
