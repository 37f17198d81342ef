using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Portal.TestKit.Peers;

namespace Portal.TestKit;

/// <summary>A patient of a test clinic with portal access, and the details they sign in with.</summary>
public sealed record TestPatient(TestClinic Clinic, Guid Id, string HealthNumber, string Email);

/// <summary>Patients of a clinic with its portal on, signed in as the sign-in page does it.</summary>
public static partial class PortalPatients
{
    /// <summary>A clinic with its portal on, as its owner leaves it.</summary>
    public static async Task<TestClinic> OpenClinicAsync(this PortalApp app)
    {
        var clinic = await app.CreateClinicAsync();
        using var owner = await app.SignedInAsync(clinic, clinic.Owner);
        await owner.SetPortalSettingAsync(clinic, "portalEnabled", true);
        return clinic;
    }

    public static async Task<TestPatient> AddPatientAsync(this PortalApp app, TestClinic clinic, string givenName = "Camille")
    {
        using var staff = await app.SignedInAsync(clinic, clinic.Staff);
        var number = TestCards.Ontario();
        var email = $"patient.{Guid.NewGuid():N}@example.com";
        var body = RegistrationApi.NewPatient(number, givenName);
        body["emails"] = new JsonArray(email);
        body["portalAccess"] = true;
        var chart = await staff.CreatePatientAsync(clinic, body);
        return new TestPatient(clinic, chart.GetProperty("id").GetGuid(), number, email);
    }

    /// <summary>Signs the patient in with card, email and the emailed passcode, as the sign-in page does.</summary>
    public static async Task<PortalClient> SignedInPatientAsync(this PortalApp app, SmtpSink smtp, TestPatient patient)
    {
        var client = await app.AnonymousClientAsync();
        var before = smtp.Messages.Count(m => m.Recipients.Contains(patient.Email));
        using var started = await client.PostJsonAsync(
            $"/api/clinics/{patient.Clinic.Slug}/portal/sign-in",
            new { idType = "ON", idNumber = patient.HealthNumber, contactKind = "email", contact = patient.Email });
        await started.ShouldHaveStatusAsync(HttpStatusCode.Accepted);
        var attemptId = (await started.ReadJsonAsync()).GetProperty("attemptId").GetString();
        // The sign-in passcode, not a notification's quick passcode that may arrive meanwhile.
        var email = await smtp.WaitForAsync(
            m => m.Recipients.Contains(patient.Email) && (m.Subject!.StartsWith("Your passcode", StringComparison.Ordinal) || m.Subject.StartsWith("Votre code d'accès", StringComparison.Ordinal))
                && smtp.Messages.Where(x => x.Recipients.Contains(patient.Email)).ToList().IndexOf(m) >= before,
            TimeSpan.FromSeconds(60));
        var passcode = Passcode().Match(email.TextBody!).Value;
        using var verified = await client.PostJsonAsync(
            $"/api/clinics/{patient.Clinic.Slug}/portal/sign-in/verify", new { attemptId, passcode, stayLoggedIn = false });
        await verified.ShouldHaveStatusAsync(HttpStatusCode.OK);
        return client;
    }

    [GeneratedRegex(@"\b\d{6}\b")]
    private static partial Regex Passcode();
}
