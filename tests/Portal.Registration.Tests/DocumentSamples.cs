using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Portal.Registration.Tests;

/// <summary>Small, well-formed files of every accepted type, and the documents API as the chart page calls it.</summary>
internal static class DocumentSamples
{
    public static byte[] Pdf(string text = "Hemoglobin A1c 5.6%") =>
        Encoding.ASCII.GetBytes($"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n% {text}\ntrailer << /Root 1 0 R >>\n%%EOF\n");

    public static byte[] Text(string text = "Fasting glucose: 5.4 mmol/L\nRésultat normal.\n") => Encoding.UTF8.GetBytes(text);

    /// <summary>An ftyp box, then an mdat box holding <paramref name="payload"/> bytes.</summary>
    public static byte[] Mp4(int payload = 1000, int seed = 1)
    {
        var ftyp = Box("ftyp", [.. "isom"u8, 0, 0, 2, 0, .. "isomiso2mp41"u8]);
        var data = new byte[payload];
        new Random(seed).NextBytes(data);
        return [.. ftyp, .. Box("mdat", data)];
    }

    /// <summary>An EBML header naming the webm doc type, then a Segment of unknown size.</summary>
    public static byte[] WebM(int payload = 500)
    {
        byte[] header =
        [
            0x42, 0x86, 0x81, 0x01, 0x42, 0xF7, 0x81, 0x01, 0x42, 0xF2, 0x81, 0x04, 0x42, 0xF3, 0x81, 0x08,
            0x42, 0x82, 0x84, .. "webm"u8, 0x42, 0x87, 0x81, 0x04, 0x42, 0x85, 0x81, 0x02,
        ];
        var data = new byte[payload];
        new Random(2).NextBytes(data);
        return [0x1A, 0x45, 0xDF, 0xA3, (byte)(0x80 | header.Length), .. header, 0x18, 0x53, 0x80, 0x67, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, .. data];
    }

    public static byte[] Box(string type, byte[] body)
    {
        var size = 8 + body.Length;
        return [(byte)(size >> 24), (byte)(size >> 16), (byte)(size >> 8), (byte)size, .. Encoding.ASCII.GetBytes(type), .. body];
    }

    public static string DocumentsUrl(TestClinic clinic, Guid patientId) => $"/api/clinics/{clinic.Slug}/patients/{patientId}/documents";

    public static string ContentUrl(TestClinic clinic, Guid patientId, Guid documentId) => $"{DocumentsUrl(clinic, patientId)}/{documentId}/content";

    /// <summary>A multipart form as the Add document form sends it; leave a part out with null.</summary>
    public static MultipartFormDataContent Form(
        byte[]? file, string? declaredType = "application/octet-stream", string? type = "lab_result", string? title = "CBC results",
        string? date = "2026-11-20", string? source = "LifeLabs", string fileName = "result.bin")
    {
        var form = new MultipartFormDataContent();
        if (file is not null)
        {
            var part = new ByteArrayContent(file);
            if (declaredType is not null)
            {
                part.Headers.ContentType = MediaTypeHeaderValue.Parse(declaredType);
            }

            form.Add(part, "file", fileName);
        }

        foreach (var (name, value) in new[] { ("type", type), ("title", title), ("date", date), ("source", source) })
        {
            if (value is not null)
            {
                form.Add(new StringContent(value), name);
            }
        }

        return form;
    }

    public static Task<HttpResponseMessage> UploadAsync(this PortalClient client, TestClinic clinic, Guid patientId, MultipartFormDataContent form) =>
        client.SendAsync(HttpMethod.Post, DocumentsUrl(clinic, patientId), form);

    public static async Task<JsonElement> AddDocumentAsync(
        this PortalClient client, TestClinic clinic, Guid patientId, byte[] file, string type = "lab_result", string title = "CBC results", string date = "2026-11-20", string? source = "LifeLabs")
    {
        using var form = Form(file, type: type, title: title, date: date, source: source);
        using var response = await client.UploadAsync(clinic, patientId, form);
        await response.ShouldHaveStatusAsync(HttpStatusCode.Created);
        return await response.ReadJsonAsync();
    }

    public static async Task<Guid> NewPatientIdAsync(this PortalClient client, TestClinic clinic) =>
        (await client.CreatePatientAsync(clinic, RegistrationApi.NewPatient(TestCards.Ontario()))).GetProperty("id").GetGuid();
}
