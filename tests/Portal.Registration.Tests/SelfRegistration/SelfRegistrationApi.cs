using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Portal.Registration.Features.SelfRegistration;
using Portal.Shared.Database;
using Portal.TestKit.Peers;

namespace Portal.Registration.Tests.SelfRegistration;

/// <summary>A person who registered: their card and the email they proved.</summary>
internal sealed record Registrant(string HealthNumber, string Email);

/// <summary>A person who registered at a clinic, as it waits in the review queue, and a staff member signed in to review it.</summary>
internal sealed class PendingReview(TestClinic clinic, PortalClient client, Registrant person, PortalClient staff, JsonElement registration) : IDisposable
{
    public TestClinic Clinic => clinic;

    /// <summary>The anonymous client the person registered with.</summary>
    public PortalClient Client => client;

    public Registrant Person => person;

    public PortalClient Staff => staff;

    /// <summary>The registration as the queue lists it.</summary>
    public JsonElement Registration => registration;

    public Guid Id => registration.GetProperty("id").GetGuid();

    public Task<HttpResponseMessage> ReviewAsync(string decision, object body) => staff.PostJsonAsync(SelfRegistrationApi.ReviewUrl(clinic, Id, decision), body);

    public void Dispose()
    {
        staff.Dispose();
        client.Dispose();
    }
}

internal static partial class SelfRegistrationApi
{
    public static string RegisterUrl(TestClinic clinic) => $"/api/clinics/{clinic.Slug}/portal/register";

    public static string VerifyUrl(TestClinic clinic) => $"{RegisterUrl(clinic)}/verify";

    public static string QueueUrl(TestClinic clinic, string? status = null) =>
        $"/api/clinics/{clinic.Slug}/registrations" + (status is null ? string.Empty : $"?status={status}");

    public static string ReviewUrl(TestClinic clinic, Guid id, string decision) => $"/api/clinics/{clinic.Slug}/registrations/{id}/{decision}";

    /// <summary>A clinic with its portal and self-registration (S3) on, and portal access for new patients (S2).</summary>
    public static async Task<TestClinic> OpenRegistrationClinicAsync(this PortalApp app, bool selfRegistration = true)
    {
        var clinic = await app.CreateClinicAsync();
        using var owner = await app.SignedInAsync(clinic, clinic.Owner);
        await owner.SetPortalSettingAsync(clinic, "portalEnabled", true);
        await owner.SetPortalSettingAsync(clinic, "newPatientsGetAccess", true);
        await owner.SetPortalSettingAsync(clinic, "selfRegistrationEnabled", selfRegistration);
        return clinic;
    }

    /// <summary>What the registration page sends for a new person with an Ontario card who proves their email.</summary>
    public static JsonObject Form(string? healthNumber = null, string? email = null) => new()
    {
        ["legalGivenName"] = "Élise",
        ["legalFamilyName"] = "Gagnon",
        ["preferredName"] = null,
        ["dateOfBirth"] = "1990-05-17",
        ["sex"] = "female",
        ["gender"] = null,
        ["identifier"] = new JsonObject { ["type"] = "ON", ["number"] = healthNumber ?? TestCards.Ontario(), ["versionCode"] = "AB" },
        ["address"] = new JsonObject
        {
            ["line1"] = "12 Rideau St",
            ["line2"] = null,
            ["city"] = "Ottawa",
            ["province"] = "ON",
            ["postalCode"] = "K1N 5Y3",
            ["country"] = "CA",
        },
        ["email"] = email ?? $"elise.{Guid.NewGuid():N}@example.com",
        ["mobile"] = null,
        ["preferredContactMethod"] = "email",
        ["preferredLanguage"] = "en",
        ["proveWith"] = "email",
        ["consentGiven"] = true,
    };

    public static Task<HttpResponseMessage> StartAsync(this PortalClient client, TestClinic clinic, JsonObject form) =>
        client.SendRawJsonAsync(HttpMethod.Post, RegisterUrl(clinic), form.ToJsonString());

    public static Task<HttpResponseMessage> VerifyAsync(this PortalClient client, TestClinic clinic, string registrationId, string passcode) =>
        client.PostJsonAsync(VerifyUrl(clinic), new { registrationId, passcode });

    /// <summary>Sends the form and returns the registration id.</summary>
    public static async Task<string> StartRegistrationAsync(this PortalClient client, TestClinic clinic, JsonObject form)
    {
        using var response = await client.StartAsync(clinic, form);
        await response.ShouldHaveStatusAsync(HttpStatusCode.Accepted);
        return (await response.ReadJsonAsync()).GetProperty("registrationId").GetString()!;
    }

    /// <summary>Registers end to end: the form, the emailed passcode, and its check. Returns who registered.</summary>
    public static async Task<Registrant> RegisterAsync(this PortalClient client, MessagingAppFixture fixture, TestClinic clinic, JsonObject? form = null)
    {
        var smtp = fixture.Smtp;
        form ??= Form();
        var email = form["email"]!.GetValue<string>();
        var before = smtp.Messages.Count(m => m.Recipients.Contains(email));
        var id = await client.StartRegistrationAsync(clinic, form);
        var passcode = await smtp.PasscodeAsync(email, before);
        using var verified = await client.VerifyAsync(clinic, id, passcode);
        await verified.ShouldHaveStatusAsync(HttpStatusCode.OK);
        await fixture.App.SettleAsync(clinic);
        return new Registrant(form["identifier"]!["number"]!.GetValue<string>(), email);
    }

    /// <summary>The passcode of the first email to <paramref name="to"/> after the first <paramref name="after"/> of them.</summary>
    public static async Task<string> PasscodeAsync(this SmtpSink smtp, string to, int after = 0)
    {
        var email = await smtp.WaitForAsync(
            m => m.Recipients.Contains(to) && Passcode().IsMatch(m.TextBody ?? string.Empty)
                 && smtp.Messages.Where(x => x.Recipients.Contains(to)).ToList().IndexOf(m) >= after,
            TimeSpan.FromSeconds(60));
        return Passcode().Match(email.TextBody!).Value;
    }

    public static async Task<JsonElement> QueueAsync(this PortalClient staff, TestClinic clinic, string? status = null)
    {
        using var response = await staff.GetAsync(QueueUrl(clinic, status));
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        return await response.ReadJsonAsync();
    }

    /// <summary>The pending registration of the person with this card, from the review queue.</summary>
    /// <summary>Registers a new person at a fresh registration clinic and finds them in the queue as its staff (or another of its members).</summary>
    public static async Task<PendingReview> PendingReviewAsync(this PortalApp app, MessagingAppFixture fixture, Func<TestClinic, StaffCredentials>? reviewer = null)
    {
        var clinic = await app.OpenRegistrationClinicAsync();
        var client = await app.AnonymousClientAsync();
        var person = await client.RegisterAsync(fixture, clinic);
        var staff = await app.SignedInAsync(clinic, (reviewer ?? (c => c.Staff))(clinic));
        return new PendingReview(clinic, client, person, staff, await staff.PendingAsync(clinic, person.HealthNumber));
    }

    public static async Task<JsonElement> PendingAsync(this PortalClient staff, TestClinic clinic, string healthNumber) =>
        (await staff.QueueAsync(clinic)).GetProperty("items").EnumerateArray()
        .Single(i => i.GetProperty("identifiers")[0].GetProperty("number").GetString() == healthNumber);

    /// <summary>Whether the person can sign in with card and email: the passcode email comes and its check answers 200.</summary>
    public static async Task<bool> CanSignInAsync(this PortalApp app, SmtpSink smtp, TestClinic clinic, string healthNumber, string email)
    {
        using var client = await app.AnonymousClientAsync();
        var before = smtp.Messages.Count(m => m.Recipients.Contains(email));
        using var started = await client.PostJsonAsync(
            $"/api/clinics/{clinic.Slug}/portal/sign-in", new { idType = "ON", idNumber = healthNumber, contactKind = "email", contact = email });
        await started.ShouldHaveStatusAsync(HttpStatusCode.Accepted);
        var attemptId = (await started.ReadJsonAsync()).GetProperty("attemptId").GetString()!;
        try
        {
            var passcode = await smtp.PasscodeAsync(email, before).WaitAsync(TimeSpan.FromSeconds(4));
            using var verified = await client.PostJsonAsync(
                $"/api/clinics/{clinic.Slug}/portal/sign-in/verify", new { attemptId, passcode, stayLoggedIn = false });
            return verified.StatusCode == HttpStatusCode.OK;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>
    /// Settles the clinic's proven registrations as their job does after the passcode check, running it here
    /// rather than waiting for the host's worker (which may be running it too: the job takes each one once).
    /// </summary>
    public static async Task SettleAsync(this PortalApp app, TestClinic clinic)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (await app.CountAsync("select count(*) from registration.self_registrations where clinic_id = @id and status = 'proven'", new { id = clinic.Id }) > 0)
        {
            DateTime.UtcNow.ShouldBeLessThan(until, "proven registrations were not settled");
            var proven = await app.InScopeAsync(services => services.GetRequiredService<IDbSession>().QueryAsync<Guid>(
                "select id from registration.self_registrations where clinic_id = @id and status = 'proven'", new { id = clinic.Id }, CancellationToken.None));
            foreach (var id in proven)
            {
                await app.InScopeAsync(services => services.GetRequiredService<ProvenRegistrationJob>().RunAsync(id, CancellationToken.None));
            }

            await Task.Delay(50);
        }
    }

    public static Task<long> CountAsync(this PortalApp app, string sql, object parameters) => app.QuerySingleAsync<long>(sql, parameters);

    [GeneratedRegex(@"\b\d{6}\b")]
    private static partial Regex Passcode();
}
