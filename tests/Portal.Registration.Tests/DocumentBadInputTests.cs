using System.Net;
using System.Text;
using static Portal.Registration.Tests.DocumentSamples;

namespace Portal.Registration.Tests;

/// <summary>R6 and F1/F2 on the upload: every bad form is a 4xx ProblemDetails and stores nothing, neither row nor file.</summary>
public sealed class DocumentBadInputTests(PortalAppFixture fixture) : IClassFixture<PortalAppFixture>
{
    private PortalApp App => fixture.App;

    public static TheoryData<string, HttpStatusCode, string> BadForms => new()
    {
        { "no file part", HttpStatusCode.BadRequest, "file_required" },
        { "no type", HttpStatusCode.BadRequest, "document_type_unknown" },
        { "unknown type", HttpStatusCode.BadRequest, "document_type_unknown" },
        { "no title", HttpStatusCode.BadRequest, "document_title_length" },
        { "blank title", HttpStatusCode.BadRequest, "document_title_length" },
        { "title too long", HttpStatusCode.BadRequest, "document_title_length" },
        { "source too long", HttpStatusCode.BadRequest, "document_source_length" },
        { "no date", HttpStatusCode.BadRequest, "document_date_invalid" },
        { "date not ISO", HttpStatusCode.BadRequest, "document_date_invalid" },
        { "impossible date", HttpStatusCode.BadRequest, "document_date_invalid" },
        { "date before 1900", HttpStatusCode.BadRequest, "document_date_too_early" },
        { "empty file", HttpStatusCode.BadRequest, "empty_upload" },
        { "PDF declared as PNG", HttpStatusCode.UnsupportedMediaType, "declared_type_mismatch" },
        { "PNG declared as PDF", HttpStatusCode.UnsupportedMediaType, "declared_type_mismatch" },
        { "HTML declared as HTML", HttpStatusCode.UnsupportedMediaType, "declared_type_mismatch" },
        { "GIF", HttpStatusCode.UnsupportedMediaType, "unsupported_document_type" },
        { "Windows program", HttpStatusCode.UnsupportedMediaType, "unsupported_document_type" },
        { "SVG dressed as PNG", HttpStatusCode.UnsupportedMediaType, "declared_type_mismatch" },
        { "PNG with a script appended", HttpStatusCode.UnsupportedMediaType, "unsupported_document_type" },
        { "PDF cut short", HttpStatusCode.UnsupportedMediaType, "unsupported_document_type" },
        { "MP4 with broken boxes", HttpStatusCode.UnsupportedMediaType, "unsupported_document_type" },
        { "WebM without a segment", HttpStatusCode.UnsupportedMediaType, "unsupported_document_type" },
        { "text that is not UTF-8", HttpStatusCode.UnsupportedMediaType, "unsupported_document_type" },
        { "text over 1 MB", HttpStatusCode.RequestEntityTooLarge, "document_too_large" },
        { "image over 20 MB", HttpStatusCode.RequestEntityTooLarge, "document_too_large" },
    };

    [Theory]
    [MemberData(nameof(BadForms))]
    public async Task R6_a_bad_upload_is_refused_with_a_problem_and_changes_nothing(string what, HttpStatusCode status, string code)
    {
        var clinic = await App.CreateClinicAsync();
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        var patientId = await staff.NewPatientIdAsync(clinic);
        var filesBefore = await StoredFilesAsync();

        using var form = Bad(what);
        using var response = await staff.UploadAsync(clinic, patientId, form);

        await response.ShouldBeProblemAsync(status, code);
        await NothingStoredAsync(patientId, filesBefore);
    }

    [Fact]
    public async Task R6_a_body_that_is_not_a_multipart_form_is_refused_with_415()
    {
        var clinic = await App.CreateClinicAsync();
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        var patientId = await staff.NewPatientIdAsync(clinic);
        var filesBefore = await StoredFilesAsync();

        using (var json = await staff.SendRawJsonAsync(HttpMethod.Post, DocumentsUrl(clinic, patientId), """{"type":"lab_result","title":"x","date":"2026-01-01"}"""))
        {
            await json.ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType, "multipart_required");
        }

        using (var raw = await staff.PostBytesAsync(DocumentsUrl(clinic, patientId), Pdf(), "application/pdf"))
        {
            await raw.ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType, "multipart_required");
        }

        using (var urlEncoded = await staff.SendAsync(
                   HttpMethod.Post,
                   DocumentsUrl(clinic, patientId),
                   new FormUrlEncodedContent([new("type", "lab_result"), new("title", "x"), new("date", "2026-01-01")])))
        {
            await urlEncoded.ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType, "multipart_required");
        }

        var broken = new ByteArrayContent(Encoding.ASCII.GetBytes("--xyz\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nunterminated"));
        broken.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("multipart/form-data; boundary=xyz");
        using (var malformed = await staff.SendAsync(HttpMethod.Post, DocumentsUrl(clinic, patientId), broken))
        {
            await malformed.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        }

        await NothingStoredAsync(patientId, filesBefore);
    }

    [Fact]
    public async Task R6_two_files_or_a_file_under_another_name_are_refused()
    {
        var clinic = await App.CreateClinicAsync();
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        var patientId = await staff.NewPatientIdAsync(clinic);
        var filesBefore = await StoredFilesAsync();

        using var two = Form(Pdf());
        two.Add(new ByteArrayContent(Pdf()), "file", "second.pdf");
        using (var response = await staff.UploadAsync(clinic, patientId, two))
        {
            await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "file_required");
        }

        using var renamed = Form(null);
        renamed.Add(new ByteArrayContent(Pdf()), "attachment", "result.pdf");
        using (var response = await staff.UploadAsync(clinic, patientId, renamed))
        {
            await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "file_required");
        }

        await NothingStoredAsync(patientId, filesBefore);
    }

    [Fact]
    public async Task R6_unknown_patient_and_malformed_ids_are_404()
    {
        var clinic = await App.CreateClinicAsync();
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        var filesBefore = await StoredFilesAsync();

        using (var form = Form(Pdf()))
        using (var response = await staff.UploadAsync(clinic, Guid.NewGuid(), form))
        {
            await response.ShouldBeProblemAsync(HttpStatusCode.NotFound, "patient_not_found");
        }

        using (var response = await staff.GetAsync($"/api/clinics/{clinic.Slug}/patients/not-a-guid/documents"))
        {
            await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        }

        using (var response = await staff.GetAsync($"/api/clinics/{clinic.Slug}/patients/{Guid.NewGuid()}/documents/not-a-guid/content"))
        {
            await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        }

        (await StoredFilesAsync()).ShouldBe(filesBefore);
    }

    private static MultipartFormDataContent Bad(string what) => what switch
    {
        "no file part" => Form(null),
        "no type" => Form(Pdf(), type: null),
        "unknown type" => Form(Pdf(), type: "x-ray"),
        "no title" => Form(Pdf(), title: null),
        "blank title" => Form(Pdf(), title: "   "),
        "title too long" => Form(Pdf(), title: new string('t', 201)),
        "source too long" => Form(Pdf(), source: new string('s', 201)),
        "no date" => Form(Pdf(), date: null),
        "date not ISO" => Form(Pdf(), date: "20/11/2026"),
        "impossible date" => Form(Pdf(), date: "2026-02-30"),
        "date before 1900" => Form(Pdf(), date: "1899-12-31"),
        "empty file" => Form([]),
        "PDF declared as PNG" => Form(Pdf(), declaredType: "image/png"),
        "PNG declared as PDF" => Form(TestImages.Png(), declaredType: "application/pdf"),
        "HTML declared as HTML" => Form(Encoding.UTF8.GetBytes("<html><script>alert(1)</script></html>"), declaredType: "text/html"),
        "GIF" => Form("GIF89a\x01\x00\x01\x00\x80\x00\x00"u8.ToArray()),
        "Windows program" => Form([0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00]),
        "SVG dressed as PNG" => Form(TestImages.Svg(), declaredType: "image/png"),
        "PNG with a script appended" => Form(TestImages.PngWithScriptAppended()),
        "PDF cut short" => Form(Pdf()[..40]),
        "MP4 with broken boxes" => Form([.. Mp4()[..^10]]),
        "WebM without a segment" => Form(WebM()[..38]),
        "text that is not UTF-8" => Form([.. "Caf"u8, 0xE9, .. " au lait"u8]),
        "text over 1 MB" => Form(Encoding.UTF8.GetBytes(new string('a', (1024 * 1024) + 1))),
        "image over 20 MB" => Form([.. TestImages.Png(), .. new byte[20 * 1024 * 1024]]),
        _ => throw new ArgumentOutOfRangeException(nameof(what)),
    };

    private Task<long> StoredFilesAsync() =>
        App.QuerySingleAsync<long>("select count(*) from platform.files where key like 'registration/documents/%'");

    private async Task NothingStoredAsync(Guid patientId, long filesBefore)
    {
        (await App.QuerySingleAsync<long>("select count(*) from registration.documents where patient_id = @patientId", new { patientId })).ShouldBe(0);
        (await StoredFilesAsync()).ShouldBe(filesBefore);
        (await App.QuerySingleAsync<long>(
            "select count(*) from platform.audit_log where action = 'registration.document.added' and details->>'patientId' = @id", new { id = patientId.ToString() }))
            .ShouldBe(0);
    }
}
