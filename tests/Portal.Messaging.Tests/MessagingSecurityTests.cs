using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using static Portal.Messaging.Tests.ChartDocuments;
using static Portal.Messaging.Tests.MessagingApi;

namespace Portal.Messaging.Tests;

public sealed class MessagingSecurityTests(MessagingAppFixture fixture) : IClassFixture<MessagingAppFixture>
{
    private PortalApp App => fixture.App;

    [Fact]
    public async Task A1_patient_b_gets_404_for_patient_as_conversation_on_every_route_and_never_sees_it_listed()
    {
        var clinic = await App.OpenClinicAsync();
        var a = await App.AddPatientAsync(clinic, "Alice");
        var b = await App.AddPatientAsync(clinic, "Bob");
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        var id = await staff.ComposeToAsync(a);
        using var patientB = await App.SignedInPatientAsync(fixture.Smtp, b);

        using (var read = await patientB.GetAsync(MyConversationUrl(clinic, id)))
        {
            await read.ShouldBeProblemAsync(HttpStatusCode.NotFound, "conversation_not_found");
        }

        using (var reply = await patientB.SendJsonAsync(HttpMethod.Post, MyRepliesUrl(clinic, id), new JsonObject { ["body"] = "Not mine" }))
        {
            await reply.ShouldBeProblemAsync(HttpStatusCode.NotFound, "conversation_not_found");
        }

        (await patientB.GetJsonAsync<JsonElement>(MyMessagesUrl(clinic))).ItemIds().ShouldBeEmpty();
        (await patientB.GetJsonAsync<JsonElement>(MyMessagesUrl(clinic) + "/unread")).GetProperty("unreadConversations").GetInt32().ShouldBe(0);
        (await App.CountAsync("messages", clinic.Id)).ShouldBe(1);
        (await App.QuerySingleAsync<int>("select patient_unread from messaging.conversations where id = @id", new { id })).ShouldBe(1);

        // Staff routes are not for patients at all.
        using var staffRoute = await patientB.GetAsync(ConversationUrl(clinic, id));
        ((int)staffRoute.StatusCode).ShouldBeOneOf(401, 403);
    }

    [Fact]
    public async Task A2_staff_of_another_clinic_reach_none_of_the_clinics_conversations()
    {
        var home = await App.OpenClinicAsync();
        var other = await App.OpenClinicAsync();
        var patient = await App.AddPatientAsync(home);
        using var homeStaff = await App.SignedInAsync(home, home.Staff);
        using var otherStaff = await App.SignedInAsync(other, other.Owner);
        var id = await homeStaff.ComposeToAsync(patient);

        // At their own clinic's address, with the home clinic's ids: not found.
        foreach (var (method, path, body) in new (HttpMethod, string, JsonNode?)[]
                 {
                     (HttpMethod.Get, ConversationUrl(other, id), null),
                     (HttpMethod.Post, ConversationUrl(other, id) + "/messages", new JsonObject { ["body"] = "Hi" }),
                     (HttpMethod.Put, ConversationUrl(other, id) + "/assignee", new JsonObject { ["staffId"] = other.Owner.Id }),
                     (HttpMethod.Put, ConversationUrl(other, id) + "/status", new JsonObject { ["status"] = "closed" }),
                 })
        {
            using var response = await otherStaff.SendRawJsonAsync(method, path, body?.ToJsonString() ?? "{}");
            await response.ShouldBeProblemAsync(HttpStatusCode.NotFound, "conversation_not_found");
        }

        using (var chart = await otherStaff.GetAsync(PatientConversationsUrl(other, patient.Id)))
        {
            await chart.ShouldBeProblemAsync(HttpStatusCode.NotFound, "patient_not_found");
        }

        using (var compose = await otherStaff.SendJsonAsync(HttpMethod.Post, ConversationsUrl(other), NewMessage(patient.Id)))
        {
            await compose.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "patient_not_found");
        }

        var draft = NewMessage(patient.Id);
        draft["conversationId"] = null;
        using (var created = await otherStaff.SendJsonAsync(HttpMethod.Post, DraftsUrl(other), draft))
        {
            await created.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "patient_not_found");
        }

        draft["patientId"] = null;
        draft["conversationId"] = id;
        using (var created = await otherStaff.SendJsonAsync(HttpMethod.Post, DraftsUrl(other), draft))
        {
            await created.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "conversation_not_found");
        }

        (await otherStaff.GetJsonAsync<JsonElement>(ConversationsUrl(other))).ItemIds().ShouldBeEmpty();

        // At the home clinic's address: not a member.
        foreach (var path in new[] { ConversationsUrl(home), ConversationUrl(home, id), PatientConversationsUrl(home, patient.Id), DraftsUrl(home), MessagingUrl(home) + "/staff" })
        {
            using var response = await otherStaff.GetAsync(path);
            await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        }

        using (var reply = await otherStaff.SendJsonAsync(HttpMethod.Post, ConversationUrl(home, id) + "/messages", new JsonObject { ["body"] = "Hi" }))
        {
            await reply.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        }

        (await App.CountAsync("messages", home.Id)).ShouldBe(1);
        (await App.CountAsync("messages", other.Id)).ShouldBe(0);

        // And a patient of the other clinic, signed in there, cannot use that session at the home clinic.
        var otherPatient = await App.AddPatientAsync(other);
        using var otherPatientClient = await App.SignedInPatientAsync(fixture.Smtp, otherPatient);
        using var crossed = await otherPatientClient.GetAsync(MyConversationUrl(home, id));
        ((int)crossed.StatusCode).ShouldBeOneOf(401, 403, 404);
    }

    [Fact]
    public async Task Nobody_signed_in_reaches_any_messaging_route()
    {
        var clinic = await App.OpenClinicAsync();
        using var anonymous = await App.AnonymousClientAsync();
        var id = Guid.NewGuid();

        foreach (var path in new[]
                 {
                     ConversationsUrl(clinic), ConversationUrl(clinic, id), DraftsUrl(clinic), MyMessagesUrl(clinic), MyConversationUrl(clinic, id),
                     MyMessagesUrl(clinic) + "/unread", AttachmentUrl(clinic, id, Guid.NewGuid()),
                 })
        {
            using var response = await anonymous.GetAsync(path);
            await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        }
    }

    [Fact]
    public async Task C5_a_send_or_reply_without_the_antiforgery_token_is_refused_and_stores_nothing()
    {
        var clinic = await App.OpenClinicAsync();
        var patient = await App.AddPatientAsync(clinic);
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        var id = await staff.ComposeToAsync(patient);
        using var client = await App.SignedInPatientAsync(fixture.Smtp, patient);
        staff.SendsAntiforgeryToken = false;
        client.SendsAntiforgeryToken = false;

        using (var compose = await staff.SendJsonAsync(HttpMethod.Post, ConversationsUrl(clinic), NewMessage(patient.Id)))
        {
            await compose.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        }

        using (var reply = await client.SendJsonAsync(HttpMethod.Post, MyRepliesUrl(clinic, id), new JsonObject { ["body"] = "Hi" }))
        {
            await reply.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        }

        (await App.CountAsync("messages", clinic.Id)).ShouldBe(1);
    }

    [Fact]
    public async Task A5_every_staff_and_patient_read_of_a_conversation_is_audited_and_no_body_or_subject_reaches_the_audit_log_or_the_logs()
    {
        var clinic = await App.OpenClinicAsync();
        var patient = await App.AddPatientAsync(clinic);
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        const string subject = "Subject-Zqxkwv";
        const string body = "Body-secret-Wmrpqz about your biopsy";
        var id = (await staff.ComposeAsync(clinic, NewMessage(patient.Id, subject, body))).GetProperty("id").GetGuid();
        using var client = await App.SignedInPatientAsync(fixture.Smtp, patient);

        await client.GetJsonAsync<JsonElement>(MyConversationUrl(clinic, id));
        await client.GetJsonAsync<JsonElement>(MyConversationUrl(clinic, id));
        await client.ReplyAsPatientAsync(clinic, id, "Reply-secret-Xqzvkt thanks");
        await staff.GetJsonAsync<JsonElement>(ConversationUrl(clinic, id));

        var entries = await App.QueryAsync<(string Action, string ActorKind, string Details)>(
            """
            select action, actor_kind, details::text from platform.audit_log
            where clinic_id = @clinicId and target_type = 'conversation' and target_id = @target order by id
            """,
            new { clinicId = clinic.Id, target = id.ToString() });
        entries.Select(e => (e.Action, e.ActorKind)).ShouldBe(
        [
            ("messaging.message.sent", "staff"),
            ("messaging.conversation.viewed", "patient"),
            ("messaging.conversation.viewed", "patient"),
            ("messaging.message.sent", "patient"),
            ("messaging.conversation.viewed", "staff"),
        ]);

        var everything = string.Join('\n', await App.QueryAsync<string>("select details::text from platform.audit_log where clinic_id = @id", new { id = clinic.Id }));
        var logs = string.Join('\n', App.Logs.Entries.Select(e => e.ToString()));
        foreach (var secret in new[] { "Zqxkwv", "Wmrpqz", "Xqzvkt" })
        {
            everything.ShouldNotContain(secret);
            logs.ShouldNotContain(secret);
        }
    }

    [Fact]
    public async Task A1_patient_b_gets_404_for_patient_as_attachment_on_every_route()
    {
        var clinic = await App.OpenClinicAsync();
        var a = await App.AddPatientAsync(clinic, "Alice");
        var b = await App.AddPatientAsync(clinic, "Bob");
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        var documentOfA = await staff.AddDocumentAsync(a, Pdf("Alice's"));
        var conversationOfA = (await staff.ComposeAsync(clinic, NewMessage(a.Id).WithAttachments(documentOfA))).GetProperty("id").GetGuid();
        var conversationOfB = await staff.ComposeToAsync(b);
        using var patientB = await App.SignedInPatientAsync(fixture.Smtp, b);

        foreach (var path in new[]
                 {
                     AttachmentUrl(clinic, conversationOfA, documentOfA),
                     AttachmentUrl(clinic, conversationOfA, documentOfA) + "?download=true",
                     AttachmentUrl(clinic, conversationOfB, documentOfA),
                 })
        {
            using var response = await patientB.GetAsync(path);
            await response.ShouldBeProblemAsync(HttpStatusCode.NotFound, "attachment_not_found");
        }

        using (var chartRoute = await patientB.GetAsync(StaffContentUrl(clinic, a.Id, documentOfA)))
        {
            ((int)chartRoute.StatusCode).ShouldBeOneOf(401, 403);
        }

        (await App.QuerySingleAsync<long>(
                "select count(*) from platform.audit_log where action = 'registration.document.opened' and target_id = @target",
                new { target = documentOfA.ToString() }))
            .ShouldBe(0);
    }

    [Fact]
    public async Task A1_a_chart_document_opens_for_the_patient_only_once_the_clinic_has_sent_it_to_them()
    {
        var clinic = await App.OpenClinicAsync();
        var patient = await App.AddPatientAsync(clinic);
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        var notSent = await staff.AddDocumentAsync(patient, Pdf("internal note"));
        var conversationId = await staff.ComposeToAsync(patient);
        using var client = await App.SignedInPatientAsync(fixture.Smtp, patient);

        using (var response = await client.GetAsync(AttachmentUrl(clinic, conversationId, notSent)))
        {
            await response.ShouldBeProblemAsync(HttpStatusCode.NotFound, "attachment_not_found");
        }

        using (var replied = await staff.SendJsonAsync(
                   HttpMethod.Post, ConversationUrl(clinic, conversationId) + "/messages", new JsonObject { ["body"] = "Now sent." }.WithAttachments(notSent)))
        {
            await replied.ShouldHaveStatusAsync(HttpStatusCode.Created);
        }

        using var opened = await client.GetAsync(AttachmentUrl(clinic, conversationId, notSent));
        await opened.ShouldHaveStatusAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A2_a_patient_of_another_clinic_cannot_open_an_attachment()
    {
        var home = await App.OpenClinicAsync();
        var other = await App.OpenClinicAsync();
        var patient = await App.AddPatientAsync(home);
        using var staff = await App.SignedInAsync(home, home.Staff);
        var documentId = await staff.AddDocumentAsync(patient, Pdf());
        var conversationId = (await staff.ComposeAsync(home, NewMessage(patient.Id).WithAttachments(documentId))).GetProperty("id").GetGuid();
        var otherPatient = await App.AddPatientAsync(other);
        using var otherClient = await App.SignedInPatientAsync(fixture.Smtp, otherPatient);

        using (var atHome = await otherClient.GetAsync(AttachmentUrl(home, conversationId, documentId)))
        {
            ((int)atHome.StatusCode).ShouldBeOneOf(401, 403, 404);
        }

        using var atTheirs = await otherClient.GetAsync(AttachmentUrl(other, conversationId, documentId));
        await atTheirs.ShouldBeProblemAsync(HttpStatusCode.NotFound, "attachment_not_found");
    }
}
