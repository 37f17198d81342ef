using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;
using static Portal.Messaging.Tests.MessagingApi;

namespace Portal.Messaging.Tests;

public sealed class ConversationTests(MessagingAppFixture fixture) : IClassFixture<MessagingAppFixture>
{
    private PortalApp App => fixture.App;

    [Fact]
    public async Task Staff_compose_a_message_the_patient_reads_it_and_staff_see_when_it_was_first_opened()
    {
        var clinic = await App.OpenClinicAsync();
        var patient = await App.AddPatientAsync(clinic);
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        const string body = "Bonjour Camille,\n\nVos résultats sont arrivés: https://example.org/info <b>not bold</b>\r\n  — Dr. Roy 🙂";

        var sent = await staff.ComposeAsync(clinic, NewMessage(patient.Id, "Vos résultats", body));
        var id = sent.GetProperty("id").GetGuid();
        sent.GetProperty("subject").GetString().ShouldBe("Vos résultats");
        sent.GetProperty("status").GetString().ShouldBe("open");
        sent.GetProperty("repliesAllowed").GetBoolean().ShouldBeTrue();
        sent.GetProperty("patient").GetProperty("displayName").GetString().ShouldBe("Camille Tremblay");
        sent.GetProperty("createdBy").GetProperty("id").GetGuid().ShouldBe(clinic.Staff.Id);
        var message = sent.GetProperty("messages").EnumerateArray().Single();
        message.GetProperty("body").GetString().ShouldBe(body);
        message.GetProperty("authorKind").GetString().ShouldBe("staff");
        message.GetProperty("authorName").GetString().ShouldBe($"staff of {clinic.Slug}");
        message.GetProperty("readAt").ValueKind.ShouldBe(JsonValueKind.Null);

        using var patientClient = await App.SignedInPatientAsync(fixture.Smtp, patient);
        var list = await patientClient.GetJsonAsync<JsonElement>(MyMessagesUrl(clinic));
        list.ItemIds().ShouldBe([id]);
        list.GetProperty("unreadConversations").GetInt32().ShouldBe(1);
        list.GetProperty("items")[0].GetProperty("unreadMessages").GetInt32().ShouldBe(1);
        list.GetProperty("items")[0].GetProperty("canReply").GetBoolean().ShouldBeTrue();
        (await patientClient.GetJsonAsync<JsonElement>(MyMessagesUrl(clinic) + "/unread")).GetProperty("unreadMessages").GetInt32().ShouldBe(1);

        App.Clock.Advance(TimeSpan.FromMinutes(5));
        var beforeOpen = App.Clock.GetUtcNow();
        var opened = await patientClient.GetJsonAsync<JsonElement>(MyConversationUrl(clinic, id));
        var afterOpen = App.Clock.GetUtcNow();
        var seen = opened.GetProperty("messages").EnumerateArray().Single();
        seen.GetProperty("body").GetString().ShouldBe(body);
        seen.GetProperty("fromClinic").GetBoolean().ShouldBeTrue();
        seen.GetProperty("isNew").GetBoolean().ShouldBeTrue();

        App.Clock.Advance(TimeSpan.FromMinutes(5));
        var reopened = await patientClient.GetJsonAsync<JsonElement>(MyConversationUrl(clinic, id));
        reopened.GetProperty("messages")[0].GetProperty("isNew").GetBoolean().ShouldBeFalse();
        (await patientClient.GetJsonAsync<JsonElement>(MyMessagesUrl(clinic) + "/unread")).GetProperty("unreadMessages").GetInt32().ShouldBe(0);

        var staffView = await staff.GetJsonAsync<JsonElement>(ConversationUrl(clinic, id));
        staffView.GetProperty("messages")[0].GetProperty("readAt").GetDateTimeOffset().ShouldBeBetween(beforeOpen, afterOpen);
    }

    [Fact]
    public async Task The_patients_list_counts_every_unread_conversation_on_each_page_and_past_the_last_one()
    {
        var clinic = await App.OpenClinicAsync();
        var patient = await App.AddPatientAsync(clinic);
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        var ids = new List<Guid>();
        foreach (var subject in new[] { "First", "Second", "Third" })
        {
            ids.Add((await staff.ComposeAsync(clinic, NewMessage(patient.Id, subject, "Please read."))).GetProperty("id").GetGuid());
            App.Clock.Advance(TimeSpan.FromMinutes(1));
        }

        using var patientClient = await App.SignedInPatientAsync(fixture.Smtp, patient);
        await patientClient.GetJsonAsync<JsonElement>(MyConversationUrl(clinic, ids[2]));

        var first = await patientClient.GetJsonAsync<JsonElement>(MyMessagesUrl(clinic) + "?limit=1");
        first.ItemIds().ShouldBe([ids[1]]);
        first.GetProperty("unreadConversations").GetInt32().ShouldBe(2);
        var last = await patientClient.GetJsonAsync<JsonElement>(MyMessagesUrl(clinic) + "?limit=1&offset=2");
        last.ItemIds().ShouldBe([ids[2]]);
        last.GetProperty("unreadConversations").GetInt32().ShouldBe(2);
        var past = await patientClient.GetJsonAsync<JsonElement>(MyMessagesUrl(clinic) + "?limit=1&offset=3");
        past.ItemIds().ShouldBeEmpty();
        past.GetProperty("unreadConversations").GetInt32().ShouldBe(2);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(21)]
    [InlineData(100)]
    public async Task An_inbox_page_of_any_size_holds_that_many_conversations_and_says_whether_more_follow(int limit)
    {
        var clinic = await App.OpenClinicAsync();
        var patient = await App.AddPatientAsync(clinic);
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        var newestFirst = new List<Guid>();
        foreach (var subject in new[] { "First", "Second", "Third" })
        {
            newestFirst.Insert(0, await staff.ComposeToAsync(patient, subject: subject));
            App.Clock.Advance(TimeSpan.FromMinutes(1));
        }

        var page = await staff.GetJsonAsync<JsonElement>(ConversationsUrl(clinic) + $"?limit={limit}");
        page.ItemIds().ShouldBe(newestFirst.Take(limit));
        page.GetProperty("hasMore").GetBoolean().ShouldBe(limit < newestFirst.Count);
        var next = await staff.GetJsonAsync<JsonElement>(ConversationsUrl(clinic) + $"?limit={limit}&offset=1");
        next.ItemIds().ShouldBe(newestFirst.Skip(1).Take(limit));
        next.GetProperty("hasMore").GetBoolean().ShouldBe(limit < newestFirst.Count - 1);
    }

    [Fact]
    public async Task A_patient_reply_shows_unread_in_the_inbox_first_until_staff_open_the_conversation()
    {
        var clinic = await App.OpenClinicAsync();
        var first = await App.AddPatientAsync(clinic, "Ana");
        var second = await App.AddPatientAsync(clinic, "Bruno");
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        var answered = await staff.ComposeToAsync(first, subject: "Answered");
        App.Clock.Advance(TimeSpan.FromMinutes(1));
        var newer = await staff.ComposeToAsync(second, subject: "Newer");

        (await staff.GetJsonAsync<JsonElement>(ConversationsUrl(clinic))).ItemIds().ShouldBe([newer, answered]);

        using var patient = await App.SignedInPatientAsync(fixture.Smtp, first);
        App.Clock.Advance(TimeSpan.FromMinutes(1));
        await patient.ReplyAsPatientAsync(clinic, answered, "Thank you, see you Tuesday.");
        App.Clock.Advance(TimeSpan.FromMinutes(1));
        var newest = await staff.ComposeToAsync(second, subject: "Newest");

        var inbox = await staff.GetJsonAsync<JsonElement>(ConversationsUrl(clinic));
        inbox.ItemIds().ShouldBe([answered, newest, newer]);
        inbox.GetProperty("items")[0].GetProperty("unreadReplies").GetInt32().ShouldBe(1);
        inbox.GetProperty("items")[0].GetProperty("patient").GetProperty("displayName").GetString().ShouldBe("Ana Tremblay");
        (await staff.GetJsonAsync<JsonElement>(ConversationsUrl(clinic) + "?unread=true")).ItemIds().ShouldBe([answered]);

        App.Clock.Advance(TimeSpan.FromMinutes(1));
        var beforeRead = App.Clock.GetUtcNow();
        var view = await staff.GetJsonAsync<JsonElement>(ConversationUrl(clinic, answered));
        var afterRead = App.Clock.GetUtcNow();
        var reply = view.GetProperty("messages")[1];
        reply.GetProperty("authorKind").GetString().ShouldBe("patient");
        reply.GetProperty("body").GetString().ShouldBe("Thank you, see you Tuesday.");
        reply.GetProperty("readAt").GetDateTimeOffset().ShouldBeBetween(beforeRead, afterRead);

        (await staff.GetJsonAsync<JsonElement>(ConversationsUrl(clinic) + "?unread=true")).ItemIds().ShouldBeEmpty();
        (await staff.GetJsonAsync<JsonElement>(ConversationsUrl(clinic))).ItemIds().ShouldBe([newest, answered, newer]);
        var mine = await patient.GetJsonAsync<JsonElement>(MyConversationUrl(clinic, answered));
        mine.GetProperty("messages")[1].GetProperty("readByClinicAt").GetDateTimeOffset().ShouldBeBetween(beforeRead, afterRead);
    }

    [Fact]
    public async Task Staff_assign_close_and_reopen_and_the_inbox_filters_mine_open_and_closed()
    {
        var clinic = await App.OpenClinicAsync();
        var patient = await App.AddPatientAsync(clinic);
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        using var admin = await App.SignedInAsync(clinic, clinic.Admin);
        var mine = await staff.ComposeToAsync(patient, subject: "Mine");
        var theirs = await staff.ComposeToAsync(patient, subject: "Theirs");

        var staffList = await staff.GetJsonAsync<JsonElement>(MessagingUrl(clinic) + "/staff");
        staffList.EnumerateArray().Select(s => s.GetProperty("id").GetGuid()).ShouldBe([clinic.Admin.Id, clinic.Owner.Id, clinic.Staff.Id], ignoreOrder: true);

        using (var assigned = await admin.SendJsonAsync(HttpMethod.Put, ConversationUrl(clinic, mine) + "/assignee", new JsonObject { ["staffId"] = clinic.Staff.Id }))
        {
            await assigned.ShouldHaveStatusAsync(HttpStatusCode.OK);
            var summary = await assigned.ReadJsonAsync();
            summary.GetProperty("assignedTo").GetProperty("displayName").GetString().ShouldBe($"staff of {clinic.Slug}");
        }

        using (var assigned = await staff.SendJsonAsync(HttpMethod.Put, ConversationUrl(clinic, theirs) + "/assignee", new JsonObject { ["staffId"] = clinic.Admin.Id }))
        {
            await assigned.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        (await staff.GetJsonAsync<JsonElement>(ConversationsUrl(clinic) + "?mine=true")).ItemIds().ShouldBe([mine]);
        (await admin.GetJsonAsync<JsonElement>(ConversationsUrl(clinic) + "?mine=true")).ItemIds().ShouldBe([theirs]);

        using (var closed = await staff.SendJsonAsync(HttpMethod.Put, ConversationUrl(clinic, theirs) + "/status", new JsonObject { ["status"] = "closed" }))
        {
            await closed.ShouldHaveStatusAsync(HttpStatusCode.OK);
            (await closed.ReadJsonAsync()).GetProperty("status").GetString().ShouldBe("closed");
        }

        (await staff.GetJsonAsync<JsonElement>(ConversationsUrl(clinic) + "?status=closed")).ItemIds().ShouldBe([theirs]);
        (await staff.GetJsonAsync<JsonElement>(ConversationsUrl(clinic) + "?status=open")).ItemIds().ShouldBe([mine]);

        using (var reply = await staff.SendJsonAsync(HttpMethod.Post, ConversationUrl(clinic, theirs) + "/messages", new JsonObject { ["body"] = "One more thing" }))
        {
            await reply.ShouldBeProblemAsync(HttpStatusCode.Conflict, "conversation_closed");
        }

        using (var reopened = await staff.SendJsonAsync(HttpMethod.Put, ConversationUrl(clinic, theirs) + "/status", new JsonObject { ["status"] = "open" }))
        {
            await reopened.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        using (var reply = await staff.SendJsonAsync(HttpMethod.Post, ConversationUrl(clinic, theirs) + "/messages", new JsonObject { ["body"] = "One more thing" }))
        {
            await reply.ShouldHaveStatusAsync(HttpStatusCode.Created);
            (await reply.ReadJsonAsync()).GetProperty("messages").GetArrayLength().ShouldBe(2);
        }

        using (var unassigned = await staff.SendJsonAsync(HttpMethod.Put, ConversationUrl(clinic, mine) + "/assignee", new JsonObject { ["staffId"] = null }))
        {
            await unassigned.ShouldHaveStatusAsync(HttpStatusCode.OK);
            (await unassigned.ReadJsonAsync()).GetProperty("assignedTo").ValueKind.ShouldBe(JsonValueKind.Null);
        }

        (await staff.GetJsonAsync<JsonElement>(ConversationsUrl(clinic) + "?mine=true")).ItemIds().ShouldBeEmpty();
    }

    [Fact]
    public async Task A_conversation_cannot_be_assigned_to_someone_who_is_not_staff_of_the_clinic()
    {
        var clinic = await App.OpenClinicAsync();
        var other = await App.OpenClinicAsync();
        var patient = await App.AddPatientAsync(clinic);
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        var id = await staff.ComposeToAsync(patient);

        foreach (var stranger in new[] { other.Staff.Id, patient.Id, Guid.NewGuid() })
        {
            using var response = await staff.SendJsonAsync(HttpMethod.Put, ConversationUrl(clinic, id) + "/assignee", new JsonObject { ["staffId"] = stranger });
            var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "staff_not_found");
            problem.FieldCodes!["staffId"].ShouldBe(["staff_not_found"]);
        }

        (await App.QuerySingleAsync<Guid?>("select assigned_to from messaging.conversations where id = @id", new { id })).ShouldBeNull();

        await App.ExecuteAsync("update identity.staff_users set disabled_at = now() where id = @id", new { id = clinic.Admin.Id });
        using (var disabled = await staff.SendJsonAsync(HttpMethod.Put, ConversationUrl(clinic, id) + "/assignee", new JsonObject { ["staffId"] = clinic.Admin.Id }))
        {
            await disabled.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "staff_not_found");
        }

        (await staff.GetJsonAsync<JsonElement>(MessagingUrl(clinic) + "/staff")).EnumerateArray().Select(s => s.GetProperty("id").GetGuid())
            .ShouldBe([clinic.Owner.Id, clinic.Staff.Id], ignoreOrder: true);
    }

    [Fact]
    public async Task The_charts_messages_list_shows_only_that_patients_conversations()
    {
        var clinic = await App.OpenClinicAsync();
        var patient = await App.AddPatientAsync(clinic);
        var someoneElse = await App.AddPatientAsync(clinic);
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        var first = await staff.ComposeToAsync(patient, subject: "First");
        await staff.ComposeToAsync(someoneElse);
        App.Clock.Advance(TimeSpan.FromSeconds(1));
        var second = await staff.ComposeToAsync(patient, subject: "Second");

        var page = await staff.GetJsonAsync<JsonElement>(PatientConversationsUrl(clinic, patient.Id) + "?limit=1");
        page.ItemIds().ShouldBe([second]);
        page.GetProperty("hasMore").GetBoolean().ShouldBeTrue();
        (await staff.GetJsonAsync<JsonElement>(PatientConversationsUrl(clinic, patient.Id) + "?offset=1&limit=1")).ItemIds().ShouldBe([first]);

        using var unknown = await staff.GetAsync(PatientConversationsUrl(clinic, Guid.NewGuid()));
        await unknown.ShouldBeProblemAsync(HttpStatusCode.NotFound, "patient_not_found");
    }

    [Fact]
    public async Task A_sent_message_never_changes_even_through_the_database()
    {
        var clinic = await App.OpenClinicAsync();
        var patient = await App.AddPatientAsync(clinic);
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        var id = await staff.ComposeToAsync(patient);
        var messageId = await App.QuerySingleAsync<Guid>("select id from messaging.messages where conversation_id = @id", new { id });

        var change = await Should.ThrowAsync<PostgresException>(() =>
            App.ExecuteAsync("update messaging.messages set body = 'changed' where id = @messageId", new { messageId }));
        change.MessageText.ShouldBe("a sent message cannot be changed");

        await App.ExecuteAsync("update messaging.messages set read_at = now() where id = @messageId", new { messageId });
        await Should.ThrowAsync<PostgresException>(() =>
            App.ExecuteAsync("update messaging.messages set read_at = now() + interval '1 day' where id = @messageId", new { messageId }));

        using var edit = await staff.SendJsonAsync(HttpMethod.Put, ConversationUrl(clinic, id) + $"/messages/{messageId}", new JsonObject { ["body"] = "changed" });
        ((int)edit.StatusCode).ShouldBeOneOf(404, 405);
    }

    [Fact]
    public async Task A_message_up_to_10000_characters_is_kept_and_a_longer_one_is_refused()
    {
        var clinic = await App.OpenClinicAsync();
        var patient = await App.AddPatientAsync(clinic);
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        var longest = string.Concat(Enumerable.Repeat("line of text\n", 1000))[..10_000];

        var sent = await staff.ComposeAsync(clinic, NewMessage(patient.Id, body: longest));
        sent.GetProperty("messages")[0].GetProperty("body").GetString().ShouldBe(longest);

        using var tooLong = await staff.SendJsonAsync(HttpMethod.Post, ConversationsUrl(clinic), NewMessage(patient.Id, body: longest + "x"));
        var problem = await tooLong.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        problem.FieldCodes!["body"].ShouldContain("too_long");
        (await App.CountAsync("conversations", clinic.Id)).ShouldBe(1);
    }
}
