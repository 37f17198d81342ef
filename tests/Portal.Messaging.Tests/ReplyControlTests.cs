using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using static Portal.Messaging.Tests.MessagingApi;

namespace Portal.Messaging.Tests;

/// <summary>S4 on the server: the clinic's switch, the per-message switch, and closed conversations.</summary>
public sealed class ReplyControlTests(MessagingAppFixture fixture) : IClassFixture<MessagingAppFixture>
{
    private PortalApp App => fixture.App;

    [Fact]
    public async Task S4_compose_defaults_tick_allow_replies_only_while_the_clinic_accepts_replies()
    {
        var clinic = await App.OpenClinicAsync();
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);

        var on = await staff.GetJsonAsync<JsonElement>(MessagingUrl(clinic) + "/compose-defaults");
        on.GetProperty("allowReplies").GetBoolean().ShouldBeTrue();
        on.GetProperty("allowRepliesAvailable").GetBoolean().ShouldBeTrue();
        on.GetProperty("bodyMaxLength").GetInt32().ShouldBe(10_000);

        await App.SetRepliesAsync(clinic, false);
        var off = await staff.GetJsonAsync<JsonElement>(MessagingUrl(clinic) + "/compose-defaults");
        off.GetProperty("allowReplies").GetBoolean().ShouldBeFalse();
        off.GetProperty("allowRepliesAvailable").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public async Task S4_with_replies_off_a_message_or_draft_that_allows_replies_is_refused_and_one_that_does_not_is_sent()
    {
        var clinic = await App.OpenClinicAsync();
        var patient = await App.AddPatientAsync(clinic);
        await App.SetRepliesAsync(clinic, false);
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);

        using (var refused = await staff.SendJsonAsync(HttpMethod.Post, ConversationsUrl(clinic), NewMessage(patient.Id, allowReplies: true)))
        {
            var problem = await refused.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "replies_disabled_by_clinic");
            problem.FieldCodes!["allowReplies"].ShouldBe(["replies_disabled_by_clinic"]);
        }

        var draft = NewMessage(patient.Id, allowReplies: true);
        draft["conversationId"] = null;
        using (var refused = await staff.SendJsonAsync(HttpMethod.Post, DraftsUrl(clinic), draft))
        {
            await refused.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "replies_disabled_by_clinic");
        }

        (await App.CountAsync("conversations", clinic.Id)).ShouldBe(0);
        (await App.CountAsync("drafts", clinic.Id)).ShouldBe(0);

        var sent = await staff.ComposeAsync(clinic, NewMessage(patient.Id, allowReplies: false));
        sent.GetProperty("repliesAllowed").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public async Task S4_a_draft_that_allows_replies_cannot_be_sent_once_the_clinic_turns_replies_off_and_stays_a_draft()
    {
        var clinic = await App.OpenClinicAsync();
        var patient = await App.AddPatientAsync(clinic);
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        var draft = NewMessage(patient.Id, allowReplies: true);
        draft["conversationId"] = null;
        using var created = await staff.SendJsonAsync(HttpMethod.Post, DraftsUrl(clinic), draft);
        await created.ShouldHaveStatusAsync(HttpStatusCode.Created);
        var id = (await created.ReadJsonAsync()).GetProperty("id").GetGuid();

        await App.SetRepliesAsync(clinic, false);
        using var refused = await staff.PostJsonAsync(DraftUrl(clinic, id) + "/send", new { });

        await refused.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "replies_disabled_by_clinic");
        (await App.CountAsync("conversations", clinic.Id)).ShouldBe(0);
        (await App.CountAsync("drafts", clinic.Id)).ShouldBe(1);
    }

    [Fact]
    public async Task S4_a_patient_reply_is_refused_where_the_message_did_not_allow_replies_and_nothing_is_stored()
    {
        var clinic = await App.OpenClinicAsync();
        var patient = await App.AddPatientAsync(clinic);
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        var noReplies = await staff.ComposeToAsync(patient, allowReplies: false);
        using var client = await App.SignedInPatientAsync(fixture.Smtp, patient);

        (await client.GetJsonAsync<JsonElement>(MyConversationUrl(clinic, noReplies))).GetProperty("canReply").GetBoolean().ShouldBeFalse();
        using var refused = await client.SendJsonAsync(HttpMethod.Post, MyRepliesUrl(clinic, noReplies), new JsonObject { ["body"] = "Can I reply?" });

        await refused.ShouldBeProblemAsync(HttpStatusCode.Conflict, "replies_not_allowed");
        (await App.CountAsync("messages", clinic.Id)).ShouldBe(1);
    }

    [Fact]
    public async Task S4_turning_replies_off_refuses_replies_in_conversations_that_allowed_them_and_turning_them_on_again_restores_them()
    {
        var clinic = await App.OpenClinicAsync();
        var patient = await App.AddPatientAsync(clinic);
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        var id = await staff.ComposeToAsync(patient, allowReplies: true);
        using var client = await App.SignedInPatientAsync(fixture.Smtp, patient);

        await App.SetRepliesAsync(clinic, false);
        (await client.GetJsonAsync<JsonElement>(MyConversationUrl(clinic, id))).GetProperty("canReply").GetBoolean().ShouldBeFalse();
        using (var refused = await client.SendJsonAsync(HttpMethod.Post, MyRepliesUrl(clinic, id), new JsonObject { ["body"] = "Hello?" }))
        {
            await refused.ShouldBeProblemAsync(HttpStatusCode.Conflict, "replies_turned_off");
        }

        (await App.CountAsync("messages", clinic.Id)).ShouldBe(1);

        await App.SetRepliesAsync(clinic, true);
        var replied = await client.ReplyAsPatientAsync(clinic, id, "Hello again");
        replied.GetProperty("messages").GetArrayLength().ShouldBe(2);
        replied.GetProperty("canReply").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task Replies_to_a_closed_conversation_are_refused_and_nothing_is_stored()
    {
        var clinic = await App.OpenClinicAsync();
        var patient = await App.AddPatientAsync(clinic);
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        var id = await staff.ComposeToAsync(patient, allowReplies: true);
        using var client = await App.SignedInPatientAsync(fixture.Smtp, patient);
        using (var closed = await staff.SendJsonAsync(HttpMethod.Put, ConversationUrl(clinic, id) + "/status", new JsonObject { ["status"] = "closed" }))
        {
            await closed.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        var view = await client.GetJsonAsync<JsonElement>(MyConversationUrl(clinic, id));
        view.GetProperty("closed").GetBoolean().ShouldBeTrue();
        view.GetProperty("canReply").GetBoolean().ShouldBeFalse();
        using var refused = await client.SendJsonAsync(HttpMethod.Post, MyRepliesUrl(clinic, id), new JsonObject { ["body"] = "Wait!" });

        await refused.ShouldBeProblemAsync(HttpStatusCode.Conflict, "conversation_closed");
        (await App.CountAsync("messages", clinic.Id)).ShouldBe(1);
        (await App.QuerySingleAsync<int>("select staff_unread from messaging.conversations where id = @id", new { id })).ShouldBe(0);
    }
}
