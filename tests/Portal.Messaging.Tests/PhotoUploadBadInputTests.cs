using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using static Portal.Messaging.Tests.MessagingApi;
using static Portal.Messaging.Tests.PhotoUploadApi;

namespace Portal.Messaging.Tests;

/// <summary>F1/F2 and R6 on the upload request endpoints: every bad request gets a 4xx problem and stores nothing.</summary>
public sealed class PhotoUploadBadInputTests(MessagingAppFixture fixture) : IClassFixture<MessagingAppFixture>
{
    private PortalApp App => fixture.App;

    private static readonly Guid SomeId = Guid.Parse("0195f0c1-0000-7000-8000-000000000001");

    private static byte[] ZipOf(string name, string text)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = new StreamWriter(zip.CreateEntry(name).Open());
            entry.Write(text);
        }

        return buffer.ToArray();
    }

    public static TheoryData<string, HttpStatusCode, string> BadPhotos => new()
    {
        { "HTML named .jpg", HttpStatusCode.UnsupportedMediaType, "declared_type_mismatch" },
        { "SVG named .jpg", HttpStatusCode.UnsupportedMediaType, "declared_type_mismatch" },
        { "HTML declared as nothing", HttpStatusCode.UnsupportedMediaType, "unsupported_photo_type" },
        { "a JPEG with HTML appended", HttpStatusCode.UnsupportedMediaType, "unsupported_document_type" },
        { "a JPEG with a zip appended", HttpStatusCode.UnsupportedMediaType, "unsupported_photo_type" },
        { "a JPEG header without an image", HttpStatusCode.UnsupportedMediaType, "unsupported_photo_type" },
        { "a PDF named .jpg", HttpStatusCode.UnsupportedMediaType, "declared_type_mismatch" },
        { "a PDF declared as a PDF", HttpStatusCode.UnsupportedMediaType, "unsupported_photo_type" },
        { "0 bytes", HttpStatusCode.BadRequest, "empty_upload" },
        { "a JPEG over 20 MB", HttpStatusCode.RequestEntityTooLarge, "document_too_large" },
    };

    private static PhotoPart Bad(string what) => what switch
    {
        "HTML named .jpg" => new(TestImages.HtmlPretendingToBeAnImage(), "rash.jpg", "image/jpeg"),
        "SVG named .jpg" => new(TestImages.Svg(), "rash.jpg", "image/jpeg"),
        "HTML declared as nothing" => new(TestImages.HtmlPretendingToBeAnImage(), "rash.jpg", "application/octet-stream"),
        "a JPEG with HTML appended" => new([.. TestPhotos.Jpeg(), .. Encoding.UTF8.GetBytes("<html><script>alert(document.cookie)</script></html>")]),
        "a JPEG with a zip appended" => new([.. TestPhotos.Jpeg(), .. ZipOf("payload.txt", "not a photo")]),
        "a JPEG header without an image" => new(TestImages.JpegHeader()),
        "a PDF named .jpg" => new(Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n")),
        "a PDF declared as a PDF" => new(Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"), "scan.pdf", "application/pdf"),
        "0 bytes" => new([]),
        "a JPEG over 20 MB" => new([.. TestPhotos.Jpeg(), .. new byte[(20 * 1024 * 1024) + 1]]),
        _ => throw new ArgumentOutOfRangeException(nameof(what)),
    };

    [Theory]
    [MemberData(nameof(BadPhotos))]
    public async Task F1_a_file_that_is_not_a_clean_photo_is_refused_and_nothing_is_stored(string what, HttpStatusCode status, string code)
    {
        var clinic = await App.OpenClinicAsync();
        var patient = await App.AddPatientAsync(clinic);
        var (conversationId, requestId) = await App.RequestPhotosAsync(patient, photosMax: 2);
        using var client = await App.SignedInPatientAsync(fixture.Smtp, patient);

        using var response = await client.SendPhotosAsync(clinic, conversationId, requestId, new PhotoPart(TestPhotos.Jpeg()), Bad(what));

        await response.ShouldBeProblemAsync(status, code);
        App.Logs.Errors.ShouldBeEmpty(what);
        (await App.ChartDocumentsAsync(patient)).ShouldBeEmpty(what);
        (await App.CountAsync("messages", clinic.Id)).ShouldBe(1, what);
        var state = await App.QuerySingleAsync<bool>("select answered_at is null from messaging.upload_requests where id = @requestId", new { requestId });
        state.ShouldBeTrue(what);
    }

    private static readonly JsonObject Request = NewUploadRequest(SomeId, DateTimeOffset.UtcNow.AddDays(7));

    private static string Replace(string name, JsonNode? value)
    {
        var copy = Request.DeepClone().AsObject();
        copy[name] = value;
        return copy.ToJsonString();
    }

    private static string Without(string name)
    {
        var copy = Request.DeepClone().AsObject();
        copy.Remove(name);
        return copy.ToJsonString();
    }

    public static TheoryData<string, string> BadRequests
    {
        get
        {
            var data = BadJson.Variants(Request);
            data.Add("not JSON", "{\"body\": ");
            data.Add("an array", "[]");
            data.Add("null", "null");
            data.Add("a lone surrogate", "{\"body\": \"a\\ud800b\"}");
            data.Add("no patient", Without("patientId"));
            data.Add("an empty patient id", Replace("patientId", Guid.Empty.ToString()));
            data.Add("an unknown patient", Replace("patientId", Guid.CreateVersion7().ToString()));
            data.Add("no body", Without("body"));
            data.Add("a blank body", Replace("body", " \n "));
            data.Add("a 10001-character body", Replace("body", new string('b', 10_001)));
            data.Add("an empty subject", Replace("subject", ""));
            data.Add("a 201-character subject", Replace("subject", new string('s', 201)));
            data.Add("no photo count", Without("photosMax"));
            data.Add("0 photos", Replace("photosMax", 0));
            data.Add("11 photos", Replace("photosMax", 11));
            data.Add("a fractional photo count", Replace("photosMax", 1.5));
            data.Add("a photo count as a string", Replace("photosMax", "2"));
            data.Add("no expiry", Without("expiresAt"));
            data.Add("an expiry that is not a date", Replace("expiresAt", "next week"));
            data.Add("an expiry in the past", Replace("expiresAt", DateTimeOffset.UtcNow.AddDays(-1)));
            data.Add("an expiry in ten minutes", Replace("expiresAt", DateTimeOffset.UtcNow.AddMinutes(10)));
            data.Add("an expiry in a year", Replace("expiresAt", DateTimeOffset.UtcNow.AddYears(1)));
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task R6_a_bad_upload_request_gets_a_4xx_problem_and_sends_nothing(string what, string json)
    {
        var clinic = await App.OpenClinicAsync();
        var patient = await App.AddPatientAsync(clinic);
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);

        using var response = await staff.SendRawJsonAsync(
            HttpMethod.Post, UploadRequestsUrl(clinic), json.Replace(SomeId.ToString(), patient.Id.ToString(), StringComparison.Ordinal));

        ((int)response.StatusCode).ShouldBeInRange(400, 499, what);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json", what);
        App.Logs.Errors.ShouldBeEmpty(what);
        (await App.CountAsync("conversations", clinic.Id)).ShouldBe(0, what);
        (await App.CountAsync("upload_requests", clinic.Id)).ShouldBe(0, what);
    }

    public static TheoryData<string> BadForms => new()
    {
        "JSON instead of a form",
        "a form with no photo",
        "a photo in a part with another name",
        "a text field beside the photos",
        "a multipart body cut short",
        "11 photos",
        "an unknown request",
        "an unknown conversation",
    };

    [Theory]
    [MemberData(nameof(BadForms))]
    public async Task R6_a_bad_photos_form_gets_a_4xx_problem_and_stores_nothing(string what)
    {
        var clinic = await App.OpenClinicAsync();
        var patient = await App.AddPatientAsync(clinic);
        var (conversationId, requestId) = await App.RequestPhotosAsync(patient, photosMax: 10);
        using var client = await App.SignedInPatientAsync(fixture.Smtp, patient);
        var url = PhotosUrl(clinic, conversationId, requestId);

        using var response = what switch
        {
            "JSON instead of a form" => await client.SendRawJsonAsync(HttpMethod.Post, url, "{\"photos\": []}"),
            "a form with no photo" => await client.SendPhotosAsync(clinic, conversationId, requestId),
            "a photo in a part with another name" => await client.SendAsync(HttpMethod.Post, url, Form(("file", TestPhotos.Jpeg()))),
            "a text field beside the photos" => await client.SendAsync(HttpMethod.Post, url, FormWithText()),
            "a multipart body cut short" => await client.SendAsync(HttpMethod.Post, url, CutShort()),
            "11 photos" => await client.SendPhotosAsync(clinic, conversationId, requestId, Enumerable.Range(0, 11).Select(_ => new PhotoPart(TestPhotos.Jpeg(64, 48))).ToArray()),
            "an unknown request" => await client.SendPhotosAsync(clinic, conversationId, Guid.CreateVersion7(), new PhotoPart(TestPhotos.Jpeg())),
            "an unknown conversation" => await client.SendPhotosAsync(clinic, Guid.CreateVersion7(), requestId, new PhotoPart(TestPhotos.Jpeg())),
            _ => throw new ArgumentOutOfRangeException(nameof(what)),
        };

        ((int)response.StatusCode).ShouldBeInRange(400, 499, what);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json", what);
        App.Logs.Errors.ShouldBeEmpty(what);
        (await App.ChartDocumentsAsync(patient)).ShouldBeEmpty(what);
        (await App.CountAsync("messages", clinic.Id)).ShouldBe(1, what);
    }

    [Fact]
    public async Task R6_thumbnail_routes_answer_unknown_ids_with_404_problems()
    {
        var clinic = await App.OpenClinicAsync();
        var patient = await App.AddPatientAsync(clinic);
        var (conversationId, _) = await App.RequestPhotosAsync(patient);
        using var client = await App.SignedInPatientAsync(fixture.Smtp, patient);
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);

        using var mine = await client.GetAsync(MyThumbnailUrl(clinic, conversationId, Guid.CreateVersion7()));
        using var notGuid = await client.GetAsync($"{MyConversationUrl(clinic, conversationId)}/attachments/..%2F..%2Fetc/thumbnail");
        using var chart = await staff.GetAsync($"/api/clinics/{clinic.Slug}/patients/{patient.Id}/documents/{Guid.CreateVersion7()}/thumbnail");
        using var otherPatient = await staff.GetAsync($"/api/clinics/{clinic.Slug}/patients/{Guid.CreateVersion7()}/documents/{Guid.CreateVersion7()}/thumbnail");

        await mine.ShouldBeProblemAsync(HttpStatusCode.NotFound, "attachment_not_found");
        ((int)notGuid.StatusCode).ShouldBe(404);
        await chart.ShouldBeProblemAsync(HttpStatusCode.NotFound, "document_not_found");
        await otherPatient.ShouldBeProblemAsync(HttpStatusCode.NotFound, "document_not_found");
        App.Logs.Errors.ShouldBeEmpty();
    }

    private static MultipartFormDataContent Form(params (string Name, byte[] Bytes)[] parts)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, bytes) in parts)
        {
            var part = new ByteArrayContent(bytes);
            part.Headers.ContentType = new("image/jpeg");
            form.Add(part, name, "photo.jpg");
        }

        return form;
    }

    private static MultipartFormDataContent FormWithText()
    {
        var form = Form(("photos", TestPhotos.Jpeg()));
        form.Add(new StringContent("patient-b"), "patientId");
        return form;
    }

    private static ByteArrayContent CutShort()
    {
        var body = new ByteArrayContent(Encoding.ASCII.GetBytes("--xyz\r\nContent-Disposition: form-data; name=\"photos\"; filename=\"a.jpg\"\r\n\r\n\xFF\xD8\xFF"));
        body.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("multipart/form-data; boundary=xyz");
        return body;
    }
}
