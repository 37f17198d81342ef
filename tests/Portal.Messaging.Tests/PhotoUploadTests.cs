using System.Net;
using System.Text.Json;
using SkiaSharp;
using static Portal.Messaging.Tests.ChartDocuments;
using static Portal.Messaging.Tests.MessagingApi;
using static Portal.Messaging.Tests.PhotoUploadApi;

namespace Portal.Messaging.Tests;

/// <summary>M4: staff ask a patient for photos; the patient sends them; they land in the chart cleaned (F3), with thumbnails, for review at the visit.</summary>
public sealed class PhotoUploadTests(MessagingAppFixture fixture) : IClassFixture<MessagingAppFixture>
{
    private PortalApp App => fixture.App;

    [Fact]
    public async Task M4_an_upload_request_tells_the_patient_like_a_new_message_without_its_subject_or_body()
    {
        var clinic = await App.OpenClinicAsync();
        var patient = await App.AddPatientAsync(clinic);

        var (conversationId, requestId) = await App.RequestPhotosAsync(patient, photosMax: 3);

        var email = await fixture.Smtp.WaitForAsync(m => m.Recipients.Contains(patient.Email), TimeSpan.FromSeconds(20));
        email.Subject!.ShouldEndWith(clinic.Name);
        foreach (var text in new[] { email.Raw, email.Subject, email.TextBody! })
        {
            text.ShouldNotContain("rash", Case.Insensitive);
            text.ShouldNotContain("photo", Case.Insensitive);
        }

        using var client = await App.SignedInPatientAsync(fixture.Smtp, patient);
        var mine = await client.GetJsonAsync<JsonElement>(MyConversationUrl(clinic, conversationId));
        var message = mine.GetProperty("messages")[0];
        message.GetProperty("kind").GetString().ShouldBe("upload_request");
        message.GetProperty("body").GetString()!.ShouldStartWith("Please upload a photo");
        var request = message.GetProperty("uploadRequest");
        request.GetProperty("id").GetGuid().ShouldBe(requestId);
        request.GetProperty("photosMax").GetInt32().ShouldBe(3);
        request.GetProperty("state").GetString().ShouldBe("open");
        mine.GetProperty("canReply").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public async Task M4_two_photos_sent_go_into_the_chart_for_review_at_the_visit_with_thumbnails_and_the_conversation_turns_unread_for_staff()
    {
        var clinic = await App.OpenClinicAsync();
        var patient = await App.AddPatientAsync(clinic);
        var (conversationId, requestId) = await App.RequestPhotosAsync(patient, photosMax: 2);
        using var client = await App.SignedInPatientAsync(fixture.Smtp, patient);

        using var sent = await client.SendPhotosAsync(
            clinic, conversationId, requestId, new PhotoPart(TestPhotos.JpegWithGpsExif()), new PhotoPart(TestPhotos.Png(), "screen.png", "image/png"));

        await sent.ShouldHaveStatusAsync(HttpStatusCode.Created);
        var mine = await sent.ReadJsonAsync();
        mine.GetProperty("messages")[0].GetProperty("uploadRequest").GetProperty("state").GetString().ShouldBe("answered");
        var photos = mine.GetProperty("messages")[1];
        photos.GetProperty("kind").GetString().ShouldBe("photos");
        photos.GetProperty("fromClinic").GetBoolean().ShouldBeFalse();
        photos.GetProperty("attachments").GetArrayLength().ShouldBe(2);

        var documents = await App.ChartDocumentsAsync(patient);
        documents.Count.ShouldBe(2);
        documents.ShouldAllBe(d => d.GetProperty("type").GetString() == "photo");
        documents.ShouldAllBe(d => d.GetProperty("forReviewAtVisit").GetBoolean());
        documents.ShouldAllBe(d => d.GetProperty("uploadRequestId").GetGuid() == requestId);
        documents.Select(d => d.GetProperty("contentType").GetString()).Order().ShouldBe(["image/jpeg", "image/png"]);
        photos.AttachmentIds().Order().ShouldBe(documents.Select(d => d.GetProperty("id").GetGuid()).Order());

        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        foreach (var document in documents)
        {
            using var thumbnail = await staff.GetAsync(document.GetProperty("thumbnailUrl").GetString()!);
            await thumbnail.ShouldHaveStatusAsync(HttpStatusCode.OK);
            thumbnail.Content.Headers.ContentType!.MediaType.ShouldBe("image/jpeg");
            thumbnail.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
            using var small = SKBitmap.Decode(await thumbnail.Content.ReadAsByteArrayAsync());
            small.ShouldNotBeNull();
            Math.Max(small.Width, small.Height).ShouldBeInRange(1, 320);
        }

        var inbox = await staff.GetJsonAsync<JsonElement>(ConversationsUrl(clinic));
        var listed = inbox.GetProperty("items").EnumerateArray().Single(c => c.GetProperty("id").GetGuid() == conversationId);
        listed.GetProperty("unreadReplies").GetInt32().ShouldBe(1);
        var staffView = await staff.GetJsonAsync<JsonElement>(ConversationUrl(clinic, conversationId));
        var answer = staffView.GetProperty("messages")[1];
        answer.GetProperty("authorKind").GetString().ShouldBe("patient");
        answer.GetProperty("kind").GetString().ShouldBe("photos");
        answer.GetProperty("body").GetString().ShouldBe("2 photos sent.");
        answer.GetProperty("attachments").GetArrayLength().ShouldBe(2);
        staffView.GetProperty("messages")[0].GetProperty("uploadRequest").GetProperty("answerMessageId").GetGuid().ShouldBe(answer.GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task M4_the_inbox_and_the_charts_list_say_which_conversations_ask_for_photos_and_where_each_request_stands()
    {
        var clinic = await App.OpenClinicAsync();
        var patient = await App.AddPatientAsync(clinic);
        var (conversationId, requestId) = await App.RequestPhotosAsync(patient, photosMax: 1);
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        var textId = await staff.ComposeToAsync(patient);

        async Task<Dictionary<Guid, string?>> StatesAsync(string url) =>
            (await staff.GetJsonAsync<JsonElement>(url)).GetProperty("items").EnumerateArray()
            .ToDictionary(c => c.GetProperty("id").GetGuid(), c => c.GetProperty("uploadRequestState").GetString());

        (await StatesAsync(ConversationsUrl(clinic))).ShouldBe(new Dictionary<Guid, string?> { [conversationId] = "open", [textId] = null }, ignoreOrder: true);
        using var client = await App.SignedInPatientAsync(fixture.Smtp, patient);
        using var sent = await client.SendPhotosAsync(clinic, conversationId, requestId, new PhotoPart(TestPhotos.Jpeg()));
        await sent.ShouldHaveStatusAsync(HttpStatusCode.Created);

        (await StatesAsync(ConversationsUrl(clinic)))[conversationId].ShouldBe("answered");
        (await StatesAsync(PatientConversationsUrl(clinic, patient.Id)))[conversationId].ShouldBe("answered");
    }

    [Fact]
    public async Task F3_a_photo_with_gps_and_camera_exif_is_stored_without_them_upright()
    {
        var clinic = await App.OpenClinicAsync();
        var patient = await App.AddPatientAsync(clinic);
        var (conversationId, requestId) = await App.RequestPhotosAsync(patient, photosMax: 1);
        using var client = await App.SignedInPatientAsync(fixture.Smtp, patient);
        var original = TestPhotos.JpegWithGpsExif(640, 480);
        TestPhotos.JpegMarkers(original).ShouldContain((byte)0xE1);
        TestPhotos.ContainsAscii(original, TestPhotos.CameraModel).ShouldBeTrue();

        using var sent = await client.SendPhotosAsync(clinic, conversationId, requestId, new PhotoPart(original));
        await sent.ShouldHaveStatusAsync(HttpStatusCode.Created);

        var document = (await App.ChartDocumentsAsync(patient)).Single();
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        using var download = await staff.GetAsync(document.GetProperty("downloadUrl").GetString()!);
        await download.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var stored = await download.Content.ReadAsByteArrayAsync();
        TestPhotos.JpegMarkers(stored).ShouldNotContain((byte)0xE1, "no EXIF or XMP segment");
        TestPhotos.JpegMarkers(stored).ShouldNotContain((byte)0xFE, "no comment");
        foreach (var text in new[] { "Exif", "GPS", TestPhotos.CameraMake, TestPhotos.CameraModel, TestPhotos.CameraSerial })
        {
            TestPhotos.ContainsAscii(stored, text).ShouldBeFalse(text);
        }

        using var codec = SKCodec.Create(new MemoryStream(stored));
        codec.EncodedOrigin.ShouldBe(SKEncodedOrigin.TopLeft);
        (codec.Info.Width, codec.Info.Height).ShouldBe((480, 640), "turned as its orientation tag said");
    }

    [Fact]
    public async Task M4_more_photos_than_asked_are_refused_and_nothing_is_stored()
    {
        var clinic = await App.OpenClinicAsync();
        var patient = await App.AddPatientAsync(clinic);
        var (conversationId, requestId) = await App.RequestPhotosAsync(patient, photosMax: 1);
        using var client = await App.SignedInPatientAsync(fixture.Smtp, patient);

        using var sent = await client.SendPhotosAsync(clinic, conversationId, requestId, new PhotoPart(TestPhotos.Jpeg()), new PhotoPart(TestPhotos.Jpeg()));

        await sent.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "too_many_photos");
        (await App.ChartDocumentsAsync(patient)).ShouldBeEmpty();
        (await App.CountAsync("messages", clinic.Id)).ShouldBe(1);
    }

    [Fact]
    public async Task M4_an_answered_request_takes_no_more_photos()
    {
        var clinic = await App.OpenClinicAsync();
        var patient = await App.AddPatientAsync(clinic);
        var (conversationId, requestId) = await App.RequestPhotosAsync(patient, photosMax: 2);
        using var client = await App.SignedInPatientAsync(fixture.Smtp, patient);
        using var first = await client.SendPhotosAsync(clinic, conversationId, requestId, new PhotoPart(TestPhotos.Jpeg()));
        await first.ShouldHaveStatusAsync(HttpStatusCode.Created);

        using var second = await client.SendPhotosAsync(clinic, conversationId, requestId, new PhotoPart(TestPhotos.Jpeg()));

        await second.ShouldBeProblemAsync(HttpStatusCode.Conflict, "upload_request_answered");
        (await App.ChartDocumentsAsync(patient)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task M4_an_expired_request_is_refused_and_shows_as_expired()
    {
        var clinic = await App.OpenClinicAsync();
        var patient = await App.AddPatientAsync(clinic);
        var (conversationId, requestId) = await App.RequestPhotosAsync(patient);
        using var client = await App.SignedInPatientAsync(fixture.Smtp, patient);
        await App.ExecuteAsync(
            "update messaging.upload_requests set expires_at = @past where id = @requestId", new { past = App.Clock.GetUtcNow().AddMinutes(-1), requestId });

        using var sent = await client.SendPhotosAsync(clinic, conversationId, requestId, new PhotoPart(TestPhotos.Jpeg()));

        await sent.ShouldBeProblemAsync(HttpStatusCode.Conflict, "upload_request_expired");
        (await App.ChartDocumentsAsync(patient)).ShouldBeEmpty();
        var mine = await client.GetJsonAsync<JsonElement>(MyConversationUrl(clinic, conversationId));
        mine.GetProperty("messages")[0].GetProperty("uploadRequest").GetProperty("state").GetString().ShouldBe("expired");
    }

    [Fact]
    public async Task M4_a_request_in_a_closed_conversation_is_refused()
    {
        var clinic = await App.OpenClinicAsync();
        var patient = await App.AddPatientAsync(clinic);
        var (conversationId, requestId) = await App.RequestPhotosAsync(patient);
        using (var staff = await App.SignedInAsync(clinic, clinic.Staff))
        {
            using var closed = await staff.PutJsonAsync(ConversationUrl(clinic, conversationId) + "/status", new { status = "closed" });
            await closed.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        using var client = await App.SignedInPatientAsync(fixture.Smtp, patient);
        using var sent = await client.SendPhotosAsync(clinic, conversationId, requestId, new PhotoPart(TestPhotos.Jpeg()));

        await sent.ShouldBeProblemAsync(HttpStatusCode.Conflict, "upload_request_closed");
        (await App.ChartDocumentsAsync(patient)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A1_another_patients_upload_request_and_photos_are_not_found()
    {
        var clinic = await App.OpenClinicAsync();
        var patientA = await App.AddPatientAsync(clinic, "Alice");
        var patientB = await App.AddPatientAsync(clinic, "Bruno");
        var (conversationId, requestId) = await App.RequestPhotosAsync(patientA);
        var (conversationOfB, _) = await App.RequestPhotosAsync(patientB);
        using var alice = await App.SignedInPatientAsync(fixture.Smtp, patientA);
        using var sent = await alice.SendPhotosAsync(clinic, conversationId, requestId, new PhotoPart(TestPhotos.Jpeg()));
        await sent.ShouldHaveStatusAsync(HttpStatusCode.Created);
        var photoId = (await App.ChartDocumentsAsync(patientA)).Single().GetProperty("id").GetGuid();
        using var aliceThumbnail = await alice.GetAsync(MyThumbnailUrl(clinic, conversationId, photoId));
        await aliceThumbnail.ShouldHaveStatusAsync(HttpStatusCode.OK);

        using var bruno = await App.SignedInPatientAsync(fixture.Smtp, patientB);
        using var request = await bruno.SendPhotosAsync(clinic, conversationId, requestId, new PhotoPart(TestPhotos.Jpeg()));
        await request.ShouldBeProblemAsync(HttpStatusCode.NotFound, "upload_request_not_found");
        using var throughOwn = await bruno.SendPhotosAsync(clinic, conversationOfB, requestId, new PhotoPart(TestPhotos.Jpeg()));
        await throughOwn.ShouldBeProblemAsync(HttpStatusCode.NotFound, "upload_request_not_found");
        foreach (var path in new[]
                 {
                     MyConversationUrl(clinic, conversationId),
                     AttachmentUrl(clinic, conversationId, photoId),
                     MyThumbnailUrl(clinic, conversationId, photoId),
                     AttachmentUrl(clinic, conversationOfB, photoId),
                     MyThumbnailUrl(clinic, conversationOfB, photoId),
                 })
        {
            using var response = await bruno.GetAsync(path);
            await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        }

        (await App.ChartDocumentsAsync(patientB)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A2_staff_of_another_clinic_cannot_request_photos_from_its_patient()
    {
        var clinic = await App.OpenClinicAsync();
        var other = await App.OpenClinicAsync();
        var patient = await App.AddPatientAsync(clinic);
        using var staff = await App.SignedInAsync(other, other.Staff);

        using var response = await staff.SendJsonAsync(HttpMethod.Post, UploadRequestsUrl(other), NewUploadRequest(patient.Id, App.Clock.GetUtcNow().AddDays(3)));

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "patient_not_found");
        (await App.CountAsync("upload_requests", other.Id)).ShouldBe(0);
    }

    [Fact]
    public async Task Thumbnails_are_served_for_photos_only()
    {
        var clinic = await App.OpenClinicAsync();
        var patient = await App.AddPatientAsync(clinic);
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        var pdfId = await staff.AddDocumentAsync(patient, Pdf());

        var pdf = (await App.ChartDocumentsAsync(patient)).Single();
        pdf.GetProperty("thumbnailUrl").ValueKind.ShouldBe(JsonValueKind.Null);
        pdf.GetProperty("forReviewAtVisit").GetBoolean().ShouldBeFalse();
        using var none = await staff.GetAsync($"{DocumentsUrl(clinic, patient.Id)}/{pdfId}/thumbnail");
        await none.ShouldBeProblemAsync(HttpStatusCode.NotFound, "document_not_found");
    }
}
