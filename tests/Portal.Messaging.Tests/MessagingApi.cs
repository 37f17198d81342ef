using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Portal.TestKit.Peers;

namespace Portal.Messaging.Tests;

/// <summary>A patient of a test clinic with portal access, and the details they sign in with.</summary>
public sealed record TestPatient(TestClinic Clinic, Guid Id, string HealthNumber, string Email);

internal static partial class MessagingApi
{
    public static string MessagingUrl(TestClinic clinic) => $"/api/clinics/{clinic.Slug}/messaging";

    public static string ConversationsUrl(TestClinic clinic) => $"{MessagingUrl(clinic)}/conversations";

    public static string ConversationUrl(TestClinic clinic, Guid id) => $"{ConversationsUrl(clinic)}/{id}";

    public static string DraftsUrl(TestClinic clinic) => $"{MessagingUrl(clinic)}/drafts";

    public static string DraftUrl(TestClinic clinic, Guid id) => $"{DraftsUrl(clinic)}/{id}";

    public static string PatientConversationsUrl(TestClinic clinic, Guid patientId) => $"{MessagingUrl(clinic)}/patients/{patientId}/conversations";

    public static string MyMessagesUrl(TestClinic clinic) => $"/api/clinics/{clinic.Slug}/portal/messages";

    public static string MyConversationUrl(TestClinic clinic, Guid id) => $"{MyMessagesUrl(clinic)}/{id}";

    public static string MyRepliesUrl(TestClinic clinic, Guid id) => $"{MyConversationUrl(clinic, id)}/replies";

    public static JsonObject NewMessage(Guid patientId, string subject = "Your lab results", string body = "Hello,\nyour results are in.", bool allowReplies = true) => new()
    {
        ["patientId"] = patientId,
        ["subject"] = subject,
        ["body"] = body,
        ["allowReplies"] = allowReplies,
    };

    /// <summary>A clinic with its portal on, as its owner leaves it (patient replies are on by default).</summary>
    public static async Task<TestClinic> OpenClinicAsync(this PortalApp app)
    {
        var clinic = await app.CreateClinicAsync();
        using var owner = await app.SignedInAsync(clinic, clinic.Owner);
        await owner.SetPortalSettingAsync(clinic, "portalEnabled", true);
        return clinic;
    }

    public static async Task SetRepliesAsync(this PortalApp app, TestClinic clinic, bool enabled)
    {
        using var owner = await app.SignedInAsync(clinic, clinic.Owner);
        await owner.SetPortalSettingAsync(clinic, "patientRepliesEnabled", enabled);
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
        // The sign-in passcode, not a new-message notification's quick passcode that may arrive meanwhile.
        var email = await smtp.WaitForAsync(
            m => m.Recipients.Contains(patient.Email) && (m.Subject!.StartsWith("Your passcode", StringComparison.Ordinal) || m.Subject.StartsWith("Votre code d'accès", StringComparison.Ordinal))
                && smtp.Messages.Where(x => x.Recipients.Contains(patient.Email)).ToList().IndexOf(m) >= before,
            TimeSpan.FromSeconds(20));
        var passcode = Passcode().Match(email.TextBody!).Value;
        using var verified = await client.PostJsonAsync(
            $"/api/clinics/{patient.Clinic.Slug}/portal/sign-in/verify", new { attemptId, passcode, stayLoggedIn = false });
        await verified.ShouldHaveStatusAsync(HttpStatusCode.OK);
        return client;
    }

    /// <summary>Composes and sends a new conversation; returns its view.</summary>
    public static async Task<JsonElement> ComposeAsync(this PortalClient staff, TestClinic clinic, JsonObject message)
    {
        using var response = await staff.SendJsonAsync(HttpMethod.Post, ConversationsUrl(clinic), message);
        await response.ShouldHaveStatusAsync(HttpStatusCode.Created);
        return await response.ReadJsonAsync();
    }

    public static async Task<Guid> ComposeToAsync(this PortalClient staff, TestPatient patient, bool allowReplies = true, string subject = "Your lab results")
    {
        var view = await staff.ComposeAsync(patient.Clinic, NewMessage(patient.Id, subject, allowReplies: allowReplies));
        return view.GetProperty("id").GetGuid();
    }

    public static async Task<JsonElement> ReplyAsPatientAsync(this PortalClient patient, TestClinic clinic, Guid conversationId, string body)
    {
        using var response = await patient.SendJsonAsync(HttpMethod.Post, MyRepliesUrl(clinic, conversationId), new JsonObject { ["body"] = body });
        await response.ShouldHaveStatusAsync(HttpStatusCode.Created);
        return await response.ReadJsonAsync();
    }

    public static IReadOnlyList<Guid> ItemIds(this JsonElement page) =>
        page.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("id").GetGuid()).ToList();

    public static Task<long> CountAsync(this PortalApp app, string table, Guid clinicId) =>
        app.QuerySingleAsync<long>($"select count(*) from messaging.{table} where clinic_id = @clinicId", new { clinicId });

    [GeneratedRegex(@"\b\d{6}\b")]
    private static partial Regex Passcode();
}

internal static class TimeAssertions
{
    /// <summary>Within the window, allowing for PostgreSQL keeping microseconds where .NET keeps ticks.</summary>
    public static void ShouldBeBetween(this DateTimeOffset actual, DateTimeOffset from, DateTimeOffset to) =>
        actual.ShouldBeInRange(from.AddTicks(-10), to.AddTicks(10));
}
