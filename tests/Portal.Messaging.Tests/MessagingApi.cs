using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Portal.Messaging.Tests;

internal static class MessagingApi
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

    public static async Task SetRepliesAsync(this PortalApp app, TestClinic clinic, bool enabled)
    {
        using var owner = await app.SignedInAsync(clinic, clinic.Owner);
        await owner.SetPortalSettingAsync(clinic, "patientRepliesEnabled", enabled);
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
}

internal static class TimeAssertions
{
    /// <summary>Within the window, allowing for PostgreSQL keeping microseconds where .NET keeps ticks.</summary>
    public static void ShouldBeBetween(this DateTimeOffset actual, DateTimeOffset from, DateTimeOffset to) =>
        actual.ShouldBeInRange(from.AddTicks(-10), to.AddTicks(10));
}
