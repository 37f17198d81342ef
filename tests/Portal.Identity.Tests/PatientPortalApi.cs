using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Portal.TestKit.Peers;

namespace Portal.Identity.Tests;

/// <summary>A patient of a test clinic with portal access, and the details they sign in with.</summary>
public sealed record TestPatient(TestClinic Clinic, Guid Id, string HealthNumber, string Email, string Mobile);

internal static partial class PatientPortalApi
{
    public static string SignInUrl(TestClinic clinic) => $"/api/clinics/{clinic.Slug}/portal/sign-in";

    public static string VerifyUrl(TestClinic clinic) => $"/api/clinics/{clinic.Slug}/portal/sign-in/verify";

    public static string MeUrl(TestClinic clinic) => $"/api/clinics/{clinic.Slug}/portal/me";

    /// <summary>A clinic with its portal on, as its owner leaves it.</summary>
    public static async Task<TestClinic> OpenClinicAsync(this PortalApp app)
    {
        var clinic = await app.CreateClinicAsync();
        using var owner = await app.SignedInAsync(clinic, clinic.Owner);
        await owner.SetPortalSettingAsync(clinic, "portalEnabled", true);
        return clinic;
    }

    /// <summary>A patient with an Ontario card, an email and a mobile, and portal access unless told otherwise.</summary>
    public static async Task<TestPatient> AddPatientAsync(
        this PortalApp app, TestClinic clinic, bool portalAccess = true, string? healthNumber = null, string preferredContactMethod = "both")
    {
        using var staff = await app.SignedInAsync(clinic, clinic.Staff);
        var number = healthNumber ?? TestCards.Ontario();
        var email = $"patient.{Guid.NewGuid():N}@example.com";
        var mobile = $"+1613555{Random.Shared.Next(0, 10_000):D4}";
        var body = RegistrationApi.NewPatient(number);
        body["emails"] = new JsonArray(email);
        body["mobiles"] = new JsonArray(mobile);
        body["portalAccess"] = portalAccess;
        body["preferredContactMethod"] = preferredContactMethod;
        var chart = await staff.CreatePatientAsync(clinic, body);
        return new TestPatient(clinic, chart.GetProperty("id").GetGuid(), number, email, mobile);
    }

    public static Task<HttpResponseMessage> StartSignInAsync(
        this PortalClient client, TestClinic clinic, string idType, string idNumber, string contactKind, string contact) =>
        client.PostJsonAsync(SignInUrl(clinic), new { idType, idNumber, contactKind, contact });

    /// <summary>"Next" with the patient's card and email; returns the attempt id.</summary>
    public static async Task<string> StartWithEmailAsync(this PortalClient client, TestPatient patient, string? email = null)
    {
        using var response = await client.StartSignInAsync(patient.Clinic, "ON", patient.HealthNumber, "email", email ?? patient.Email);
        await response.ShouldHaveStatusAsync(HttpStatusCode.Accepted);
        return (await response.ReadJsonAsync()).GetProperty("attemptId").GetString()!;
    }

    public static Task<HttpResponseMessage> VerifyAsync(this PortalClient client, TestClinic clinic, string attemptId, string passcode, bool stayLoggedIn = false) =>
        client.PostJsonAsync(VerifyUrl(clinic), new { attemptId, passcode, stayLoggedIn });

    /// <summary>The passcode of the newest email to <paramref name="to"/> received after <paramref name="after"/>.</summary>
    public static async Task<string> PasscodeFromEmailAsync(this SmtpSink smtp, string to, int after = 0)
    {
        var email = await smtp.WaitForAsync(
            m => m.Recipients.Contains(to) && smtp.Messages.Where(x => x.Recipients.Contains(to)).ToList().IndexOf(m) >= after,
            TimeSpan.FromSeconds(20));
        return Passcode().Match(email.TextBody!).Value;
    }

    public static async Task<string> PasscodeFromSmsAsync(this TwilioStandIn twilio, string to)
    {
        var sms = await twilio.WaitForAsync(m => m.To == to, TimeSpan.FromSeconds(20));
        return Passcode().Match(sms.Body).Value;
    }

    /// <summary>Signs the patient in with card, email and the emailed passcode; the client then holds the session cookie.</summary>
    public static async Task<JsonElement> SignInAsync(this PortalClient client, SmtpSink smtp, TestPatient patient, bool stayLoggedIn = false)
    {
        var before = smtp.Messages.Count(m => m.Recipients.Contains(patient.Email));
        var attempt = await client.StartWithEmailAsync(patient);
        var passcode = await smtp.PasscodeFromEmailAsync(patient.Email, before);
        using var verified = await client.VerifyAsync(patient.Clinic, attempt, passcode, stayLoggedIn);
        await verified.ShouldHaveStatusAsync(HttpStatusCode.OK);
        return await verified.ReadJsonAsync();
    }

    [GeneratedRegex(@"\b\d{6}\b")]
    private static partial Regex Passcode();
}
