using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using static Portal.Messaging.Tests.MessagingApi;

namespace Portal.Messaging.Tests;

/// <summary>A photo as a browser sends it: bytes, a file name and the type the browser guessed from the name.</summary>
internal sealed record PhotoPart(byte[] Bytes, string FileName = "photo.jpg", string ContentType = "image/jpeg");

/// <summary>Upload requests (M4) as staff send them and patients answer them over HTTP.</summary>
internal static class PhotoUploadApi
{
    public static string UploadRequestsUrl(TestClinic clinic) => $"{MessagingUrl(clinic)}/upload-requests";

    public static string PhotosUrl(TestClinic clinic, Guid conversationId, Guid requestId) =>
        $"{MyConversationUrl(clinic, conversationId)}/upload-requests/{requestId}/photos";

    public static string MyThumbnailUrl(TestClinic clinic, Guid conversationId, Guid documentId) =>
        $"{MyConversationUrl(clinic, conversationId)}/attachments/{documentId}/thumbnail";

    public static JsonObject NewUploadRequest(Guid patientId, DateTimeOffset expiresAt, int photosMax = 2) => new()
    {
        ["patientId"] = patientId,
        ["subject"] = "Photo of your rash",
        ["body"] = "Please upload a photo of the rash on your left arm, in daylight.",
        ["photosMax"] = photosMax,
        ["expiresAt"] = expiresAt,
    };

    /// <summary>Sends an upload request to the patient; returns the conversation and the request's ids.</summary>
    public static async Task<(Guid ConversationId, Guid RequestId)> RequestPhotosAsync(this PortalApp app, TestPatient patient, int photosMax = 2)
    {
        using var staff = await app.SignedInAsync(patient.Clinic, patient.Clinic.Staff);
        using var response = await staff.SendJsonAsync(
            HttpMethod.Post, UploadRequestsUrl(patient.Clinic), NewUploadRequest(patient.Id, app.Clock.GetUtcNow().AddDays(7), photosMax));
        await response.ShouldHaveStatusAsync(HttpStatusCode.Created);
        var view = await response.ReadJsonAsync();
        return (view.GetProperty("id").GetGuid(), view.GetProperty("messages")[0].GetProperty("uploadRequest").GetProperty("id").GetGuid());
    }

    public static Task<HttpResponseMessage> SendPhotosAsync(this PortalClient patient, TestClinic clinic, Guid conversationId, Guid requestId, params PhotoPart[] photos)
    {
        var form = new MultipartFormDataContent();
        foreach (var photo in photos)
        {
            var part = new ByteArrayContent(photo.Bytes);
            part.Headers.ContentType = MediaTypeHeaderValue.Parse(photo.ContentType);
            form.Add(part, "photos", photo.FileName);
        }

        return patient.SendAsync(HttpMethod.Post, PhotosUrl(clinic, conversationId, requestId), form);
    }

    /// <summary>The chart's documents as the staff Documents tab lists them.</summary>
    public static async Task<IReadOnlyList<JsonElement>> ChartDocumentsAsync(this PortalApp app, TestPatient patient)
    {
        using var staff = await app.SignedInAsync(patient.Clinic, patient.Clinic.Staff);
        var list = await staff.GetJsonAsync<JsonElement>($"/api/clinics/{patient.Clinic.Slug}/patients/{patient.Id}/documents");
        return list.GetProperty("items").EnumerateArray().ToList();
    }
}
