using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using static Portal.Registration.Tests.DocumentSamples;

namespace Portal.Registration.Tests;

public sealed class DocumentTests(PortalAppFixture fixture) : IClassFixture<PortalAppFixture>
{
    private PortalApp App => fixture.App;

    [Fact]
    public async Task Staff_add_documents_to_a_chart_and_see_them_listed_newest_first_with_their_details()
    {
        var clinic = await App.CreateClinicAsync();
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        var patientId = await staff.NewPatientIdAsync(clinic);
        var pdf = Pdf();

        var older = await staff.AddDocumentAsync(clinic, patientId, pdf, type: "lab_result", title: "CBC results", date: "2026-10-01", source: "LifeLabs");
        var newer = await staff.AddDocumentAsync(clinic, patientId, Text(), type: "encounter_note", title: "Visit note", date: "2026-11-02", source: null);

        older.GetProperty("type").GetString().ShouldBe("lab_result");
        older.GetProperty("title").GetString().ShouldBe("CBC results");
        older.GetProperty("date").GetString().ShouldBe("2026-10-01");
        older.GetProperty("source").GetString().ShouldBe("LifeLabs");
        older.GetProperty("contentType").GetString().ShouldBe("application/pdf");
        older.GetProperty("size").GetInt64().ShouldBe(pdf.Length);
        older.GetProperty("sha256").GetString().ShouldBe(Convert.ToHexStringLower(SHA256.HashData(pdf)));
        older.GetProperty("addedBy").GetString().ShouldNotBeNullOrEmpty();
        newer.GetProperty("source").ValueKind.ShouldBe(JsonValueKind.Null);
        var list = await staff.GetJsonAsync<JsonElement>(DocumentsUrl(clinic, patientId));
        list.GetProperty("items").EnumerateArray().Select(d => d.GetProperty("id").GetGuid())
            .ShouldBe([newer.GetProperty("id").GetGuid(), older.GetProperty("id").GetGuid()]);
        var stored = await App.QuerySingleAsync<(string, string, long)>(
            "select file_key, content_type, byte_length from registration.documents where id = @id", new { id = older.GetProperty("id").GetGuid() });
        stored.Item1.ShouldMatch("^registration/documents/[0-9a-f]{32}$");
        (stored.Item2, stored.Item3).ShouldBe(("application/pdf", (long)pdf.Length));
    }

    public static TheoryData<string, byte[], string> EveryAcceptedType => new()
    {
        { "pdf", Pdf(), "application/pdf" },
        { "png", TestImages.Png(40, 30), "image/png" },
        { "jpeg", TestImages.JpegHeader(640, 480), "image/jpeg" },
        { "webp", TestImages.WebPHeader(300, 200), "image/webp" },
        { "mp4", Mp4(), "video/mp4" },
        { "webm", WebM(), "video/webm" },
        { "text", Text(), "text/plain" },
    };

    [Theory]
    [MemberData(nameof(EveryAcceptedType))]
    public async Task F1_each_accepted_type_is_recognised_by_its_content_whatever_the_name_and_downloads_as_an_attachment(string what, byte[] file, string expected)
    {
        var clinic = await App.CreateClinicAsync();
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        var patientId = await staff.NewPatientIdAsync(clinic);

        using var form = Form(file, declaredType: "application/octet-stream", title: $"Sample {what}", fileName: "misleading.exe");
        using var response = await staff.UploadAsync(clinic, patientId, form);

        await response.ShouldHaveStatusAsync(HttpStatusCode.Created);
        var document = await response.ReadJsonAsync();
        document.GetProperty("contentType").GetString().ShouldBe(expected);
        using var download = await staff.GetAsync(document.GetProperty("downloadUrl").GetString()!);
        await download.ShouldHaveStatusAsync(HttpStatusCode.OK);
        download.Content.Headers.ContentType!.MediaType.ShouldBe(expected);
        download.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("attachment");
        download.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
        (await download.Content.ReadAsByteArrayAsync()).ShouldBe(file);
    }

    [Fact]
    public async Task F1_a_declared_type_that_agrees_with_the_content_is_accepted()
    {
        var clinic = await App.CreateClinicAsync();
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        var patientId = await staff.NewPatientIdAsync(clinic);

        foreach (var (file, declared) in new[] { (Pdf(), "application/pdf"), (Text(), "text/plain; charset=utf-8"), (TestImages.JpegHeader(), "image/jpeg") })
        {
            using var form = Form(file, declaredType: declared);
            using var response = await staff.UploadAsync(clinic, patientId, form);
            await response.ShouldHaveStatusAsync(HttpStatusCode.Created);
        }
    }

    [Fact]
    public async Task F2_the_download_name_is_made_safe_from_the_title_and_the_stored_name_is_generated()
    {
        var clinic = await App.CreateClinicAsync();
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        var patientId = await staff.NewPatientIdAsync(clinic);
        var document = await staff.AddDocumentAsync(clinic, patientId, Pdf(), title: "../../etc/passwd\"; <script>é");

        using var download = await staff.GetAsync(document.GetProperty("downloadUrl").GetString()!);

        await download.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var disposition = download.Content.Headers.ContentDisposition!;
        disposition.DispositionType.ShouldBe("attachment");
        var name = disposition.FileNameStar ?? disposition.FileName!.Trim('"');
        name.ShouldBe("_.._etc_passwd__ _script_é.pdf");
        name.ShouldNotContain("/");
        download.Headers.CacheControl!.NoStore.ShouldBeTrue();
        var key = await App.QuerySingleAsync<string>("select file_key from registration.documents where id = @id", new { id = document.GetProperty("id").GetGuid() });
        key.ShouldNotContain("passwd");
    }

    [Fact]
    public async Task F2_a_video_larger_than_several_storage_chunks_is_streamed_in_and_out_intact_and_answers_range_requests()
    {
        var clinic = await App.CreateClinicAsync();
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        var patientId = await staff.NewPatientIdAsync(clinic);
        var video = Mp4(payload: 3 * 1024 * 1024, seed: 9);

        var document = await staff.AddDocumentAsync(clinic, patientId, video, type: "educational_video", title: "Using your inhaler");
        var url = document.GetProperty("downloadUrl").GetString()!;
        using var whole = await staff.GetAsync(url);
        using var part = await staff.SendAsync(HttpMethod.Get, url, configure: r => r.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(1_000_000, 1_000_099));

        document.GetProperty("contentType").GetString().ShouldBe("video/mp4");
        (await whole.Content.ReadAsByteArrayAsync()).ShouldBe(video);
        part.StatusCode.ShouldBe(HttpStatusCode.PartialContent);
        (await part.Content.ReadAsByteArrayAsync()).ShouldBe(video[1_000_000..1_000_100]);
    }

    [Fact]
    public async Task A5_listing_and_every_download_are_in_the_audit_log_with_who_did_it()
    {
        var clinic = await App.CreateClinicAsync();
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        var patientId = await staff.NewPatientIdAsync(clinic);
        var document = await staff.AddDocumentAsync(clinic, patientId, Pdf());
        var documentId = document.GetProperty("id").GetGuid();

        await staff.GetJsonAsync<JsonElement>(DocumentsUrl(clinic, patientId));
        for (var i = 0; i < 2; i++)
        {
            using var download = await staff.GetAsync(ContentUrl(clinic, patientId, documentId));
            await download.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        var entries = await App.QueryAsync<(string, Guid?, string)>(
            "select action, actor_id, target_id from platform.audit_log where clinic_id = @id and action like 'registration.document%' order by id",
            new { id = clinic.Id });
        entries.ShouldBe(
        [
            ("registration.document.added", clinic.Staff.Id, documentId.ToString()),
            ("registration.documents.listed", clinic.Staff.Id, patientId.ToString()),
            ("registration.document.opened", clinic.Staff.Id, documentId.ToString()),
            ("registration.document.opened", clinic.Staff.Id, documentId.ToString()),
        ]);
    }

    [Fact]
    public async Task A1_a_document_of_another_patient_or_of_another_clinics_patient_is_not_found()
    {
        var home = await App.CreateClinicAsync();
        var other = await App.CreateClinicAsync();
        using var homeStaff = await App.SignedInAsync(home, home.Staff);
        using var otherStaff = await App.SignedInAsync(other, other.Staff);
        var patientA = await homeStaff.NewPatientIdAsync(home);
        var patientB = await homeStaff.NewPatientIdAsync(home);
        var otherPatient = await otherStaff.NewPatientIdAsync(other);
        var documentOfA = (await homeStaff.AddDocumentAsync(home, patientA, Pdf())).GetProperty("id").GetGuid();

        using (var throughB = await homeStaff.GetAsync(ContentUrl(home, patientB, documentOfA)))
        {
            await throughB.ShouldBeProblemAsync(HttpStatusCode.NotFound, "document_not_found");
        }

        (await homeStaff.GetJsonAsync<JsonElement>(DocumentsUrl(home, patientB))).GetProperty("items").GetArrayLength().ShouldBe(0);
        using (var otherClinicRoute = await otherStaff.GetAsync(ContentUrl(other, patientA, documentOfA)))
        {
            await otherClinicRoute.ShouldBeProblemAsync(HttpStatusCode.NotFound, "document_not_found");
        }

        using (var otherClinicOwnPatient = await otherStaff.GetAsync(ContentUrl(other, otherPatient, documentOfA)))
        {
            await otherClinicOwnPatient.ShouldBeProblemAsync(HttpStatusCode.NotFound, "document_not_found");
        }

        using (var otherClinicList = await otherStaff.GetAsync(DocumentsUrl(other, patientA)))
        {
            await otherClinicList.ShouldBeProblemAsync(HttpStatusCode.NotFound, "patient_not_found");
        }

        using (var otherClinicUpload = Form(Pdf()))
        using (var upload = await otherStaff.UploadAsync(other, patientA, otherClinicUpload))
        {
            await upload.ShouldBeProblemAsync(HttpStatusCode.NotFound, "patient_not_found");
        }

        foreach (var path in new[] { DocumentsUrl(home, patientA), ContentUrl(home, patientA, documentOfA) })
        {
            using var notMember = await otherStaff.GetAsync(path);
            await notMember.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        }

        (await App.QuerySingleAsync<long>("select count(*) from registration.documents where patient_id = @patientA", new { patientA })).ShouldBe(1);
        (await App.QuerySingleAsync<long>(
            "select count(*) from platform.audit_log where action = 'registration.document.opened' and target_id = @id", new { id = documentOfA.ToString() }))
            .ShouldBe(0);
    }

    [Fact]
    public async Task A2_signed_out_callers_get_401_from_every_document_endpoint()
    {
        var clinic = await App.CreateClinicAsync();
        using var anonymous = await App.AnonymousClientAsync();
        var patientId = Guid.NewGuid();

        using (var list = await anonymous.GetAsync(DocumentsUrl(clinic, patientId)))
        {
            await list.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        }

        using (var download = await anonymous.GetAsync(ContentUrl(clinic, patientId, Guid.NewGuid())))
        {
            await download.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        }

        using var form = Form(Pdf());
        using var upload = await anonymous.UploadAsync(clinic, patientId, form);
        await upload.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }
}
