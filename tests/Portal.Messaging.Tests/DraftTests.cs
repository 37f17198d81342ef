using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using static Portal.Messaging.Tests.MessagingApi;

namespace Portal.Messaging.Tests;

public sealed class DraftTests(MessagingAppFixture fixture) : IClassFixture<MessagingAppFixture>
{
    private PortalApp App => fixture.App;

    private static JsonObject NewDraft(Guid? patientId, Guid? conversationId, string body, string? subject = "Draft subject", bool allowReplies = true) => new()
    {
        ["patientId"] = patientId,
        ["conversationId"] = conversationId,
        ["subject"] = subject,
        ["body"] = body,
        ["allowReplies"] = allowReplies,
    };

    private static async Task<JsonElement> CreateAsync(PortalClient staff, TestClinic clinic, JsonObject draft)
    {
        using var response = await staff.SendJsonAsync(HttpMethod.Post, DraftsUrl(clinic), draft);
        await response.ShouldHaveStatusAsync(HttpStatusCode.Created);
        return await response.ReadJsonAsync();
    }

    [Fact]
    public async Task Staff_save_edit_and_send_a_draft_and_only_sending_makes_it_visible_to_the_patient()
    {
        var clinic = await App.OpenClinicAsync();
        var patient = await App.AddPatientAsync(clinic);
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        using var client = await App.SignedInPatientAsync(fixture.Smtp, patient);

        var draft = await CreateAsync(staff, clinic, NewDraft(patient.Id, null, string.Empty, subject: null));
        var id = draft.GetProperty("id").GetGuid();
        draft.GetProperty("version").GetInt32().ShouldBe(1);
        draft.GetProperty("patient").GetProperty("displayName").GetString().ShouldBe("Camille Tremblay");

        using (var edited = await staff.SendJsonAsync(HttpMethod.Put, DraftUrl(clinic, id), new JsonObject
               {
                   ["subject"] = "Follow-up",
                   ["body"] = "Please book a follow-up.",
                   ["allowReplies"] = false,
                   ["version"] = 1,
               }))
        {
            await edited.ShouldHaveStatusAsync(HttpStatusCode.OK);
            (await edited.ReadJsonAsync()).GetProperty("version").GetInt32().ShouldBe(2);
        }

        using (var stale = await staff.SendJsonAsync(HttpMethod.Put, DraftUrl(clinic, id), new JsonObject
               {
                   ["subject"] = "Older", ["body"] = "Older", ["allowReplies"] = false, ["version"] = 1,
               }))
        {
            await stale.ShouldBeProblemAsync(HttpStatusCode.Conflict, "draft_changed");
        }

        (await staff.GetJsonAsync<JsonElement>(DraftsUrl(clinic))).EnumerateArray().Select(d => d.GetProperty("id").GetGuid()).ShouldBe([id]);
        (await staff.GetJsonAsync<JsonElement>(DraftsUrl(clinic) + $"?patientId={Guid.NewGuid()}")).GetArrayLength().ShouldBe(0);
        (await client.GetJsonAsync<JsonElement>(MyMessagesUrl(clinic))).ItemIds().ShouldBeEmpty();
        (await staff.GetJsonAsync<JsonElement>(ConversationsUrl(clinic))).ItemIds().ShouldBeEmpty();

        using var sent = await staff.PostJsonAsync(DraftUrl(clinic, id) + "/send", new { });
        await sent.ShouldHaveStatusAsync(HttpStatusCode.Created);
        var conversation = await sent.ReadJsonAsync();
        conversation.GetProperty("subject").GetString().ShouldBe("Follow-up");
        conversation.GetProperty("repliesAllowed").GetBoolean().ShouldBeFalse();
        conversation.GetProperty("messages")[0].GetProperty("body").GetString().ShouldBe("Please book a follow-up.");

        (await client.GetJsonAsync<JsonElement>(MyMessagesUrl(clinic))).ItemIds().ShouldBe([conversation.GetProperty("id").GetGuid()]);
        using var gone = await staff.GetAsync(DraftUrl(clinic, id));
        await gone.ShouldBeProblemAsync(HttpStatusCode.NotFound, "draft_not_found");
    }

    [Fact]
    public async Task A_reply_draft_is_sent_into_its_conversation_and_an_empty_draft_cannot_be_sent()
    {
        var clinic = await App.OpenClinicAsync();
        var patient = await App.AddPatientAsync(clinic);
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        var conversationId = await staff.ComposeToAsync(patient);

        var empty = await CreateAsync(staff, clinic, NewDraft(null, conversationId, "   ", subject: null));
        using (var refused = await staff.PostJsonAsync(DraftUrl(clinic, empty.GetProperty("id").GetGuid()) + "/send", new { }))
        {
            var problem = await refused.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "required");
            problem.FieldCodes!["body"].ShouldBe(["required"]);
        }

        var reply = await CreateAsync(staff, clinic, NewDraft(null, conversationId, "Your prescription is ready.", subject: null));
        reply.GetProperty("conversationId").GetGuid().ShouldBe(conversationId);
        reply.GetProperty("patient").GetProperty("id").GetGuid().ShouldBe(patient.Id);
        using var sent = await staff.PostJsonAsync(DraftUrl(clinic, reply.GetProperty("id").GetGuid()) + "/send", new { });
        await sent.ShouldHaveStatusAsync(HttpStatusCode.Created);
        var view = await sent.ReadJsonAsync();
        view.GetProperty("id").GetGuid().ShouldBe(conversationId);
        view.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("body").GetString())
            .ShouldBe(["Hello,\nyour results are in.", "Your prescription is ready."]);
        (await App.CountAsync("conversations", clinic.Id)).ShouldBe(1);
        (await App.CountAsync("drafts", clinic.Id)).ShouldBe(1);
    }

    [Fact]
    public async Task A_draft_is_seen_changed_sent_and_deleted_only_by_its_author()
    {
        var clinic = await App.OpenClinicAsync();
        var patient = await App.AddPatientAsync(clinic);
        using var author = await App.SignedInAsync(clinic, clinic.Staff);
        using var colleague = await App.SignedInAsync(clinic, clinic.Admin);
        var id = (await CreateAsync(author, clinic, NewDraft(patient.Id, null, "Private draft"))).GetProperty("id").GetGuid();

        (await colleague.GetJsonAsync<JsonElement>(DraftsUrl(clinic))).GetArrayLength().ShouldBe(0);
        foreach (var (method, path, body) in new (HttpMethod, string, JsonNode?)[]
                 {
                     (HttpMethod.Get, DraftUrl(clinic, id), null),
                     (HttpMethod.Put, DraftUrl(clinic, id), new JsonObject { ["subject"] = "x", ["body"] = "x", ["allowReplies"] = false, ["version"] = 1 }),
                     (HttpMethod.Post, DraftUrl(clinic, id) + "/send", new JsonObject()),
                     (HttpMethod.Delete, DraftUrl(clinic, id), null),
                 })
        {
            using var response = await colleague.SendRawJsonAsync(method, path, body?.ToJsonString() ?? "{}");
            await response.ShouldBeProblemAsync(HttpStatusCode.NotFound, "draft_not_found");
        }

        (await App.CountAsync("conversations", clinic.Id)).ShouldBe(0);
        using (var deleted = await author.DeleteAsync(DraftUrl(clinic, id)))
        {
            await deleted.ShouldHaveStatusAsync(HttpStatusCode.NoContent);
        }

        (await App.CountAsync("drafts", clinic.Id)).ShouldBe(0);
    }
}
