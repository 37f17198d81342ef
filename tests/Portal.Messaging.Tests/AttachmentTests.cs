using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using static Portal.Messaging.Tests.ChartDocuments;
using static Portal.Messaging.Tests.MessagingApi;

namespace Portal.Messaging.Tests;

/// <summary>M1: chart documents sent with messages, as staff and the patient see and open them.</summary>
public sealed class AttachmentTests(MessagingAppFixture fixture) : IClassFixture<MessagingAppFixture>
{
    private PortalApp App => fixture.App;

    [Fact]
    public async Task M1_a_chart_pdf_sent_with_a_new_message_is_listed_for_staff_and_patient_and_the_patient_opens_it()
    {
        var clinic = await App.OpenClinicAsync();
        var patient = await App.AddPatientAsync(clinic);
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        var pdf = Pdf();
        var documentId = await staff.AddDocumentAsync(patient, pdf, title: "CBC results");

        var view = await staff.ComposeAsync(clinic, NewMessage(patient.Id).WithAttachments(documentId));

        var sent = view.GetProperty("messages")[0].GetProperty("attachments").EnumerateArray().Single();
        sent.GetProperty("documentId").GetGuid().ShouldBe(documentId);
        sent.GetProperty("title").GetString().ShouldBe("CBC results");
        sent.GetProperty("type").GetString().ShouldBe("lab_result");
        sent.GetProperty("contentType").GetString().ShouldBe("application/pdf");
        sent.GetProperty("length").GetInt64().ShouldBe(pdf.Length);
        var conversationId = view.GetProperty("id").GetGuid();
        var staffView = await staff.GetJsonAsync<JsonElement>(ConversationUrl(clinic, conversationId));
        staffView.GetProperty("messages")[0].AttachmentIds().ShouldBe([documentId]);

        using var client = await App.SignedInPatientAsync(fixture.Smtp, patient);
        var mine = await client.GetJsonAsync<JsonElement>(MyConversationUrl(clinic, conversationId));
        var listed = mine.GetProperty("messages")[0].GetProperty("attachments").EnumerateArray().Single();
        listed.GetProperty("documentId").GetGuid().ShouldBe(documentId);
        listed.GetProperty("title").GetString().ShouldBe("CBC results");
        listed.GetProperty("contentType").GetString().ShouldBe("application/pdf");
        listed.GetProperty("length").GetInt64().ShouldBe(pdf.Length);

        using var opened = await client.GetAsync(AttachmentUrl(clinic, conversationId, documentId));
        await opened.ShouldHaveStatusAsync(HttpStatusCode.OK);
        opened.Content.Headers.ContentType!.MediaType.ShouldBe("application/pdf");
        opened.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("inline");
        opened.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
        (await opened.Content.ReadAsByteArrayAsync()).ShouldBe(pdf);

        using var downloaded = await client.GetAsync(AttachmentUrl(clinic, conversationId, documentId) + "?download=true");
        await downloaded.ShouldHaveStatusAsync(HttpStatusCode.OK);
        downloaded.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("attachment");
        downloaded.Content.Headers.ContentDisposition.FileNameStar.ShouldBe("CBC results.pdf");
        (await downloaded.Content.ReadAsByteArrayAsync()).ShouldBe(pdf);
    }

    [Fact]
    public async Task M1_the_patient_can_read_an_attachment_in_ranges()
    {
        var clinic = await App.OpenClinicAsync();
        var patient = await App.AddPatientAsync(clinic);
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        var pdf = Pdf(new string('x', 5000));
        var documentId = await staff.AddDocumentAsync(patient, pdf);
        var conversationId = (await staff.ComposeAsync(clinic, NewMessage(patient.Id).WithAttachments(documentId))).GetProperty("id").GetGuid();
        using var client = await App.SignedInPatientAsync(fixture.Smtp, patient);

        using var part = await client.SendAsync(
            HttpMethod.Get, AttachmentUrl(clinic, conversationId, documentId), configure: r => r.Headers.Range = new RangeHeaderValue(100, 1099));

        await part.ShouldHaveStatusAsync(HttpStatusCode.PartialContent);
        part.Content.Headers.ContentRange!.ToString().ShouldBe($"bytes 100-1099/{pdf.Length}");
        part.Content.Headers.ContentType!.MediaType.ShouldBe("application/pdf");
        (await part.Content.ReadAsByteArrayAsync()).ShouldBe(pdf[100..1100]);
    }

    [Fact]
    public async Task A5_the_patients_opening_of_an_attachment_is_audited_as_the_patient()
    {
        var clinic = await App.OpenClinicAsync();
        var patient = await App.AddPatientAsync(clinic);
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        var documentId = await staff.AddDocumentAsync(patient, Pdf());
        var conversationId = (await staff.ComposeAsync(clinic, NewMessage(patient.Id).WithAttachments(documentId))).GetProperty("id").GetGuid();
        using var client = await App.SignedInPatientAsync(fixture.Smtp, patient);

        using var opened = await client.GetAsync(AttachmentUrl(clinic, conversationId, documentId));
        await opened.ShouldHaveStatusAsync(HttpStatusCode.OK);

        var entries = await App.QueryAsync<(string ActorKind, Guid? ActorId)>(
            """
            select actor_kind, actor_id from platform.audit_log
            where clinic_id = @clinicId and action = 'registration.document.opened' and target_id = @target
            """,
            new { clinicId = clinic.Id, target = documentId.ToString() });
        entries.ShouldBe([("patient", patient.Id)]);
    }

    [Fact]
    public async Task M2_the_new_message_email_names_no_attachment()
    {
        var clinic = await App.OpenClinicAsync();
        var patient = await App.AddPatientAsync(clinic);
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        var documentId = await staff.AddDocumentAsync(patient, Pdf(), title: "Syphilis serology");

        await staff.ComposeAsync(clinic, NewMessage(patient.Id, subject: "Results").WithAttachments(documentId));

        var email = await fixture.Smtp.WaitForAsync(m => m.Recipients.Contains(patient.Email), TimeSpan.FromSeconds(20));
        foreach (var text in new[] { email.Subject!, email.TextBody!, email.HtmlBody! })
        {
            text.ShouldNotContain("Syphilis", Case.Insensitive);
            text.ShouldNotContain(".pdf", Case.Insensitive);
            text.ShouldNotContain(documentId.ToString());
        }

        email.Raw.ShouldNotContain("Syphilis", Case.Insensitive);
        email.Raw.ShouldNotContain("application/pdf", Case.Insensitive);
    }

    [Fact]
    public async Task M1_a_staff_reply_carries_attachments_in_the_order_chosen()
    {
        var clinic = await App.OpenClinicAsync();
        var patient = await App.AddPatientAsync(clinic);
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        var first = await staff.AddDocumentAsync(patient, Pdf("first"), title: "First");
        var second = await staff.AddDocumentAsync(patient, Pdf("second"), title: "Second");
        var conversationId = await staff.ComposeToAsync(patient);

        using var replied = await staff.SendJsonAsync(
            HttpMethod.Post, ConversationUrl(clinic, conversationId) + "/messages", new JsonObject { ["body"] = "Two more." }.WithAttachments(second, first));

        await replied.ShouldHaveStatusAsync(HttpStatusCode.Created);
        var messages = (await replied.ReadJsonAsync()).GetProperty("messages");
        messages[0].AttachmentIds().ShouldBeEmpty();
        messages[1].AttachmentIds().ShouldBe([second, first]);
    }

    [Fact]
    public async Task M1_another_patients_document_is_refused_and_nothing_is_sent()
    {
        var clinic = await App.OpenClinicAsync();
        var patient = await App.AddPatientAsync(clinic, "Alice");
        var other = await App.AddPatientAsync(clinic, "Bob");
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        var own = await staff.AddDocumentAsync(patient, Pdf("own"));
        var othersDocument = await staff.AddDocumentAsync(other, Pdf("other"));
        var outboxBefore = await App.QuerySingleAsync<long>("select count(*) from notifications.outbox where clinic_id = @clinicId", new { clinicId = clinic.Id });

        using (var composed = await staff.SendJsonAsync(HttpMethod.Post, ConversationsUrl(clinic), NewMessage(patient.Id).WithAttachments(own, othersDocument)))
        {
            await composed.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "unknown_document");
        }

        using (var unknown = await staff.SendJsonAsync(HttpMethod.Post, ConversationsUrl(clinic), NewMessage(patient.Id).WithAttachments(Guid.CreateVersion7())))
        {
            await unknown.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "unknown_document");
        }

        (await App.CountAsync("conversations", clinic.Id)).ShouldBe(0);
        (await App.CountAsync("messages", clinic.Id)).ShouldBe(0);
        (await App.CountAsync("message_attachments", clinic.Id)).ShouldBe(0);
        (await App.QuerySingleAsync<long>("select count(*) from notifications.outbox where clinic_id = @clinicId", new { clinicId = clinic.Id }))
            .ShouldBe(outboxBefore);

        var conversationId = await staff.ComposeToAsync(patient);
        using (var reply = await staff.SendJsonAsync(
                   HttpMethod.Post, ConversationUrl(clinic, conversationId) + "/messages", new JsonObject { ["body"] = "Here." }.WithAttachments(othersDocument)))
        {
            await reply.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "unknown_document");
        }

        (await App.CountAsync("messages", clinic.Id)).ShouldBe(1);
        (await App.CountAsync("message_attachments", clinic.Id)).ShouldBe(0);
    }

    [Fact]
    public async Task A2_a_document_of_another_clinics_patient_is_refused()
    {
        var home = await App.OpenClinicAsync();
        var other = await App.OpenClinicAsync();
        var patient = await App.AddPatientAsync(home);
        var theirs = await App.AddPatientAsync(other);
        using var homeStaff = await App.SignedInAsync(home, home.Staff);
        using var otherStaff = await App.SignedInAsync(other, other.Staff);
        var foreignDocument = await otherStaff.AddDocumentAsync(theirs, Pdf());

        using var composed = await homeStaff.SendJsonAsync(HttpMethod.Post, ConversationsUrl(home), NewMessage(patient.Id).WithAttachments(foreignDocument));

        await composed.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "unknown_document");
        (await App.CountAsync("conversations", home.Id)).ShouldBe(0);
    }

    [Fact]
    public async Task M1_a_draft_keeps_its_attachments_and_sends_them()
    {
        var clinic = await App.OpenClinicAsync();
        var patient = await App.AddPatientAsync(clinic);
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        var first = await staff.AddDocumentAsync(patient, Pdf("first"), title: "First");
        var second = await staff.AddDocumentAsync(patient, Pdf("second"), title: "Second");

        Guid draftId;
        using (var created = await staff.SendJsonAsync(HttpMethod.Post, DraftsUrl(clinic), NewDraft(patient.Id).WithAttachments(first)))
        {
            await created.ShouldHaveStatusAsync(HttpStatusCode.Created);
            var draft = await created.ReadJsonAsync();
            draft.AttachmentIds().ShouldBe([first]);
            draftId = draft.GetProperty("id").GetGuid();
        }

        using (var edited = await staff.SendJsonAsync(HttpMethod.Put, DraftUrl(clinic, draftId), new JsonObject
               {
                   ["subject"] = "Your results", ["body"] = "Both attached.", ["allowReplies"] = true, ["version"] = 1,
               }.WithAttachments(second, first)))
        {
            await edited.ShouldHaveStatusAsync(HttpStatusCode.OK);
            (await edited.ReadJsonAsync()).AttachmentIds().ShouldBe([second, first]);
        }

        (await staff.GetJsonAsync<JsonElement>(DraftUrl(clinic, draftId))).AttachmentIds().ShouldBe([second, first]);
        (await App.CountAsync("messages", clinic.Id)).ShouldBe(0);

        using var sent = await staff.SendAsync(HttpMethod.Post, DraftUrl(clinic, draftId) + "/send");
        await sent.ShouldHaveStatusAsync(HttpStatusCode.Created);
        var conversation = await sent.ReadJsonAsync();
        conversation.GetProperty("messages")[0].AttachmentIds().ShouldBe([second, first]);
        (await App.QuerySingleAsync<long>("select count(*) from messaging.draft_attachments where draft_id = @draftId", new { draftId })).ShouldBe(0);
        using var client = await App.SignedInPatientAsync(fixture.Smtp, patient);
        using var opened = await client.GetAsync(AttachmentUrl(clinic, conversation.GetProperty("id").GetGuid(), second));
        await opened.ShouldHaveStatusAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task M1_a_draft_refuses_another_patients_document_and_stays_as_it_was()
    {
        var clinic = await App.OpenClinicAsync();
        var patient = await App.AddPatientAsync(clinic);
        var other = await App.AddPatientAsync(clinic, "Bob");
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        var othersDocument = await staff.AddDocumentAsync(other, Pdf());

        using (var created = await staff.SendJsonAsync(HttpMethod.Post, DraftsUrl(clinic), NewDraft(patient.Id).WithAttachments(othersDocument)))
        {
            await created.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "unknown_document");
        }

        (await App.CountAsync("drafts", clinic.Id)).ShouldBe(0);
        using var ok = await staff.SendJsonAsync(HttpMethod.Post, DraftsUrl(clinic), NewDraft(patient.Id));
        await ok.ShouldHaveStatusAsync(HttpStatusCode.Created);
        var draftId = (await ok.ReadJsonAsync()).GetProperty("id").GetGuid();
        using (var edited = await staff.SendJsonAsync(HttpMethod.Put, DraftUrl(clinic, draftId), new JsonObject
               {
                   ["subject"] = "Changed", ["body"] = "Changed", ["allowReplies"] = true, ["version"] = 1,
               }.WithAttachments(othersDocument)))
        {
            await edited.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "unknown_document");
        }

        var draft = await staff.GetJsonAsync<JsonElement>(DraftUrl(clinic, draftId));
        draft.GetProperty("version").GetInt32().ShouldBe(1);
        draft.AttachmentIds().ShouldBeEmpty();
    }

    [Fact]
    public async Task A_sent_messages_attachments_never_change()
    {
        var clinic = await App.OpenClinicAsync();
        var patient = await App.AddPatientAsync(clinic);
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        var documentId = await staff.AddDocumentAsync(patient, Pdf());
        await staff.ComposeAsync(clinic, NewMessage(patient.Id).WithAttachments(documentId));

        await Should.ThrowAsync<Npgsql.PostgresException>(() =>
            App.ExecuteAsync("update messaging.message_attachments set document_id = gen_random_uuid() where clinic_id = @clinicId", new { clinicId = clinic.Id }));
        await Should.ThrowAsync<Npgsql.PostgresException>(() =>
            App.ExecuteAsync("delete from messaging.message_attachments where clinic_id = @clinicId", new { clinicId = clinic.Id }));
        (await App.CountAsync("message_attachments", clinic.Id)).ShouldBe(1);
    }

    private static JsonObject NewDraft(Guid patientId)
    {
        var draft = NewMessage(patientId);
        draft["conversationId"] = null;
        return draft;
    }
}
