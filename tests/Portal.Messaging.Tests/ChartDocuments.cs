using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Portal.Messaging.Tests;

/// <summary>Chart documents (Registration's) as staff add them before attaching them to a message.</summary>
internal static class ChartDocuments
{
    public static byte[] Pdf(string text = "Hemoglobin A1c 5.6%") =>
        Encoding.ASCII.GetBytes($"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n% {text}\ntrailer << /Root 1 0 R >>\n%%EOF\n");

    public static string DocumentsUrl(TestClinic clinic, Guid patientId) => $"/api/clinics/{clinic.Slug}/patients/{patientId}/documents";

    public static string StaffContentUrl(TestClinic clinic, Guid patientId, Guid documentId) => $"{DocumentsUrl(clinic, patientId)}/{documentId}/content";

    public static string AttachmentUrl(TestClinic clinic, Guid conversationId, Guid documentId) =>
        $"/api/clinics/{clinic.Slug}/portal/messages/{conversationId}/attachments/{documentId}";

    /// <summary>Adds a document to the patient's chart through the chart's upload endpoint; returns its id.</summary>
    public static async Task<Guid> AddDocumentAsync(
        this PortalClient staff, TestPatient patient, byte[] file, string title = "CBC results", string type = "lab_result", string contentType = "application/pdf")
    {
        using var form = new MultipartFormDataContent();
        var part = new ByteArrayContent(file);
        part.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        form.Add(part, "file", "result.pdf");
        form.Add(new StringContent(type), "type");
        form.Add(new StringContent(title), "title");
        form.Add(new StringContent("2026-11-20"), "date");
        using var response = await staff.SendAsync(HttpMethod.Post, DocumentsUrl(patient.Clinic, patient.Id), form);
        await response.ShouldHaveStatusAsync(HttpStatusCode.Created);
        return (await response.ReadJsonAsync()).GetProperty("id").GetGuid();
    }

    public static JsonObject WithAttachments(this JsonObject message, params Guid[] documentIds)
    {
        message["attachmentIds"] = new JsonArray(documentIds.Select(id => (JsonNode)JsonValue.Create(id)).ToArray());
        return message;
    }

    public static IReadOnlyList<Guid> AttachmentIds(this JsonElement message) =>
        message.GetProperty("attachments").EnumerateArray().Select(a => a.GetProperty("documentId").GetGuid()).ToList();
}
