using System.Net;
using System.Text.Json.Nodes;
using static Portal.Messaging.Tests.MessagingApi;

namespace Portal.Messaging.Tests;

/// <summary>R6 on every messaging endpoint: bad input gets a 4xx problem, never a 500, and changes nothing.</summary>
public sealed class MessagingBadInputTests(MessagingAppFixture fixture) : IClassFixture<MessagingAppFixture>
{
    private PortalApp App => fixture.App;

    private static readonly Guid SomeId = Guid.Parse("0195f0c1-0000-7000-8000-000000000001");

    /// <summary>Bodies no endpoint of the module accepts.</summary>
    private static readonly (string What, string Json)[] Malformed =
    [
        ("not JSON", "{\"body\": "),
        ("an array", "[]"),
        ("null", "null"),
        ("a string", "\"hello\""),
        ("deep nesting", new string('[', 5000) + new string(']', 5000)),
        ("a lone surrogate", "{\"body\": \"a\\ud800b\"}"),
        ("a NUL character", "{\"body\": \"a\\u0000b\"}"),
    ];

    private static TheoryData<string, string> With(JsonNode valid, params (string What, string Json)[] more)
    {
        var data = BadJson.Variants(valid);
        foreach (var (what, json) in Malformed.Concat(more))
        {
            data.Add(what, json);
        }

        return data;
    }

    private static string Replace(JsonNode valid, string name, JsonNode? value)
    {
        var copy = valid.DeepClone().AsObject();
        copy[name] = value;
        return copy.ToJsonString();
    }

    private static string Without(JsonNode valid, string name)
    {
        var copy = valid.DeepClone().AsObject();
        copy.Remove(name);
        return copy.ToJsonString();
    }

    private static readonly JsonObject Compose = NewMessage(SomeId);

    /// <summary>Attachment lists no send or draft accepts (R6): each is one variant of <paramref name="valid"/>.</summary>
    private static (string What, string Json)[] BadAttachments(JsonObject valid)
    {
        static JsonArray Ids(IEnumerable<Guid> ids) => new(ids.Select(id => (JsonNode)JsonValue.Create(id)).ToArray());
        var one = Guid.CreateVersion7();
        return
        [
            ("attachment ids that are not uuids", Replace(valid, "attachmentIds", new JsonArray("../../etc/passwd", "x"))),
            ("attachment ids as a string", Replace(valid, "attachmentIds", one.ToString())),
            ("a null attachment id", Replace(valid, "attachmentIds", new JsonArray((JsonNode?)null))),
            ("an empty attachment id", Replace(valid, "attachmentIds", Ids([Guid.Empty]))),
            ("11 attachment ids", Replace(valid, "attachmentIds", Ids(Enumerable.Range(0, 11).Select(_ => Guid.CreateVersion7())))),
            ("a duplicated attachment id", Replace(valid, "attachmentIds", Ids([one, one]))),
            ("an unknown document", Replace(valid, "attachmentIds", Ids([one]))),
            ("a huge attachment list", Replace(valid, "attachmentIds", Ids(Enumerable.Range(0, 10_000).Select(_ => Guid.CreateVersion7())))),
        ];
    }

    public static TheoryData<string, string> BadCompose => With(
        Compose,
        ("no patient", Without(Compose, "patientId")),
        ("no body", Without(Compose, "body")),
        ("an empty subject", Replace(Compose, "subject", "")),
        ("a blank body", Replace(Compose, "body", " \n\t ")),
        ("a 201-character subject", Replace(Compose, "subject", new string('s', 201))),
        ("a 10001-character body", Replace(Compose, "body", new string('b', 10_001))),
        ("a patient id that is not a uuid", Replace(Compose, "patientId", "../../etc/passwd")),
        ("an empty patient id", Replace(Compose, "patientId", Guid.Empty.ToString())),
        ("allowReplies as a string", Replace(Compose, "allowReplies", "true")),
        ("a huge body", "{\"body\": \"" + new string('x', 400_000) + "\"}")).Plus(BadAttachments(Compose));

    [Theory]
    [MemberData(nameof(BadCompose))]
    public async Task R6_a_bad_new_message_gets_a_4xx_problem_and_sends_nothing(string what, string json)
    {
        var clinic = await App.OpenClinicAsync();
        var patient = await App.AddPatientAsync(clinic);
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);

        using var response = await staff.SendRawJsonAsync(HttpMethod.Post, ConversationsUrl(clinic), json.Replace(SomeId.ToString(), patient.Id.ToString(), StringComparison.Ordinal));

        await ShouldBeRefusedAsync(response, what);
        (await App.CountAsync("conversations", clinic.Id)).ShouldBe(0, what);
        (await App.CountAsync("messages", clinic.Id)).ShouldBe(0, what);
    }

    private static readonly JsonObject Reply = new() { ["body"] = "Thanks" };

    public static TheoryData<string, string> BadReply => With(
        Reply,
        ("no body", "{}"),
        ("an empty body", "{\"body\": \"\"}"),
        ("a blank body", "{\"body\": \"   \"}"),
        ("a 10001-character body", Replace(Reply, "body", new string('b', 10_001))));

    public static TheoryData<string, string> BadStaffReply => BadReply.Plus(BadAttachments(Reply));

    [Theory]
    [MemberData(nameof(BadStaffReply))]
    public async Task R6_a_bad_staff_reply_gets_a_4xx_problem_and_sends_nothing(string what, string json)
    {
        var clinic = await App.OpenClinicAsync();
        var patient = await App.AddPatientAsync(clinic);
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        var id = await staff.ComposeToAsync(patient);

        using var response = await staff.SendRawJsonAsync(HttpMethod.Post, ConversationUrl(clinic, id) + "/messages", json);

        await ShouldBeRefusedAsync(response, what);
        (await App.CountAsync("messages", clinic.Id)).ShouldBe(1, what);
    }

    [Theory]
    [MemberData(nameof(BadReply))]
    public async Task R6_a_bad_patient_reply_gets_a_4xx_problem_and_sends_nothing(string what, string json)
    {
        var clinic = await App.OpenClinicAsync();
        var patient = await App.AddPatientAsync(clinic);
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        var id = await staff.ComposeToAsync(patient);
        using var client = await App.SignedInPatientAsync(fixture.Smtp, patient);

        using var response = await client.SendRawJsonAsync(HttpMethod.Post, MyRepliesUrl(clinic, id), json);

        await ShouldBeRefusedAsync(response, what);
        (await App.CountAsync("messages", clinic.Id)).ShouldBe(1, what);
    }

    private static readonly JsonObject Assign = new() { ["staffId"] = SomeId };

    private static readonly JsonObject Status = new() { ["status"] = "closed" };

    public static TheoryData<string, string> BadAssignOrStatus
    {
        get
        {
            var data = With(Assign, ("a staff id that is not a uuid", "{\"staffId\": \"me\"}"), ("a number", "{\"staffId\": 7}"));
            foreach (var (what, json) in BadJson.Mutations(Status))
            {
                data.Add("status: " + what, json);
            }

            data.Add("status: unknown", "{\"status\": \"archived\"}");
            data.Add("status: missing", "{}");
            data.Add("status: upper case", "{\"status\": \"CLOSED\"}");
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(BadAssignOrStatus))]
    public async Task R6_a_bad_assignment_or_status_gets_a_4xx_problem_and_changes_nothing(string what, string json)
    {
        var clinic = await App.OpenClinicAsync();
        var patient = await App.AddPatientAsync(clinic);
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        var id = await staff.ComposeToAsync(patient);
        var path = ConversationUrl(clinic, id) + (what.StartsWith("status: ", StringComparison.Ordinal) ? "/status" : "/assignee");

        using var response = await staff.SendRawJsonAsync(HttpMethod.Put, path, json);

        await ShouldBeRefusedAsync(response, what);
        (await App.QuerySingleAsync<string>("select status || coalesce(assigned_to::text, '-') from messaging.conversations where id = @id", new { id }))
            .ShouldBe("open-", what);
    }

    private static readonly JsonObject NewDraft = new()
    {
        ["patientId"] = SomeId,
        ["conversationId"] = null,
        ["subject"] = "Subject",
        ["body"] = "Body",
        ["allowReplies"] = true,
    };

    public static TheoryData<string, string> BadNewDraft => With(
        NewDraft,
        ("neither patient nor conversation", Replace(NewDraft, "patientId", null)),
        ("both patient and conversation", Replace(NewDraft, "conversationId", SomeId.ToString())),
        ("no body", Without(NewDraft, "body")),
        ("a null body", Replace(NewDraft, "body", null)),
        ("a 10001-character body", Replace(NewDraft, "body", new string('b', 10_001))),
        ("a 201-character subject", Replace(NewDraft, "subject", new string('s', 201))),
        ("an unknown conversation",
            "{\"patientId\": null, \"conversationId\": \"0195f0c1-0000-7000-8000-0000000000ff\", \"subject\": null, \"body\": \"B\", \"allowReplies\": false}"))
        .Plus(BadAttachments(NewDraft));

    [Theory]
    [MemberData(nameof(BadNewDraft))]
    public async Task R6_a_bad_new_draft_gets_a_4xx_problem_and_saves_nothing(string what, string json)
    {
        var clinic = await App.OpenClinicAsync();
        var patient = await App.AddPatientAsync(clinic);
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);

        using var response = await staff.SendRawJsonAsync(HttpMethod.Post, DraftsUrl(clinic), json.Replace(SomeId.ToString(), patient.Id.ToString(), StringComparison.Ordinal));

        await ShouldBeRefusedAsync(response, what);
        (await App.CountAsync("drafts", clinic.Id)).ShouldBe(0, what);
    }

    private static readonly JsonObject DraftEdit = new() { ["subject"] = "Subject", ["body"] = "Body", ["allowReplies"] = false, ["version"] = 1 };

    public static TheoryData<string, string> BadDraftEdit => With(
        DraftEdit,
        ("no version", Without(DraftEdit, "version")),
        ("version zero", Replace(DraftEdit, "version", 0)),
        ("a fractional version", "{\"subject\": \"S\", \"body\": \"B\", \"allowReplies\": false, \"version\": 1.5}"),
        ("a huge version", "{\"subject\": \"S\", \"body\": \"B\", \"allowReplies\": false, \"version\": 99999999999999999999}"),
        ("a 10001-character body", Replace(DraftEdit, "body", new string('b', 10_001)))).Plus(BadAttachments(DraftEdit));

    [Theory]
    [MemberData(nameof(BadDraftEdit))]
    public async Task R6_a_bad_draft_edit_gets_a_4xx_problem_and_changes_nothing(string what, string json)
    {
        var clinic = await App.OpenClinicAsync();
        var patient = await App.AddPatientAsync(clinic);
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        using var created = await staff.SendRawJsonAsync(HttpMethod.Post, DraftsUrl(clinic), NewDraft.ToJsonString().Replace(SomeId.ToString(), patient.Id.ToString(), StringComparison.Ordinal));
        await created.ShouldHaveStatusAsync(HttpStatusCode.Created);
        var id = (await created.ReadJsonAsync()).GetProperty("id").GetGuid();

        using var response = await staff.SendRawJsonAsync(HttpMethod.Put, DraftUrl(clinic, id), json);

        await ShouldBeRefusedAsync(response, what);
        (await App.QuerySingleAsync<int>("select version from messaging.drafts where id = @id", new { id })).ShouldBe(1, what);
    }

    [Theory]
    [InlineData("?limit=0")]
    [InlineData("?limit=101")]
    [InlineData("?limit=abc")]
    [InlineData("?offset=-1")]
    [InlineData("?offset=10001")]
    [InlineData("?status=archived")]
    [InlineData("?status=%00")]
    [InlineData("?unread=maybe")]
    [InlineData("?mine=2")]
    public async Task R6_bad_inbox_parameters_get_a_400_problem(string query)
    {
        var clinic = await App.OpenClinicAsync();
        var patient = await App.AddPatientAsync(clinic);
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        using var client = await App.SignedInPatientAsync(fixture.Smtp, patient);

        using (var response = await staff.GetAsync(ConversationsUrl(clinic) + query))
        {
            await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        }

        if (query.StartsWith("?limit", StringComparison.Ordinal) || query.StartsWith("?offset", StringComparison.Ordinal))
        {
            using var chart = await staff.GetAsync(PatientConversationsUrl(clinic, patient.Id) + query);
            await chart.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
            using var mine = await client.GetAsync(MyMessagesUrl(clinic) + query);
            await mine.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        }

        using (var drafts = await staff.GetAsync(DraftsUrl(clinic) + "?patientId=nope"))
        {
            await drafts.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        }

        App.Logs.Errors.ShouldBeEmpty(query);
    }

    [Fact]
    public async Task R6_unknown_or_malformed_ids_get_404_on_every_route()
    {
        var clinic = await App.OpenClinicAsync();
        var patient = await App.AddPatientAsync(clinic);
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        using var client = await App.SignedInPatientAsync(fixture.Smtp, patient);
        var unknown = Guid.NewGuid();

        foreach (var (who, method, path, body, code) in new (PortalClient, HttpMethod, string, string, string)[]
                 {
                     (staff, HttpMethod.Get, ConversationUrl(clinic, unknown), "{}", "conversation_not_found"),
                     (staff, HttpMethod.Post, ConversationUrl(clinic, unknown) + "/messages", "{\"body\": \"x\"}", "conversation_not_found"),
                     (staff, HttpMethod.Put, ConversationUrl(clinic, unknown) + "/assignee", "{\"staffId\": null}", "conversation_not_found"),
                     (staff, HttpMethod.Put, ConversationUrl(clinic, unknown) + "/status", "{\"status\": \"closed\"}", "conversation_not_found"),
                     (staff, HttpMethod.Get, PatientConversationsUrl(clinic, unknown), "{}", "patient_not_found"),
                     (staff, HttpMethod.Get, DraftUrl(clinic, unknown), "{}", "draft_not_found"),
                     (staff, HttpMethod.Put, DraftUrl(clinic, unknown), "{\"subject\": null, \"body\": \"x\", \"allowReplies\": false, \"version\": 1}", "draft_not_found"),
                     (staff, HttpMethod.Delete, DraftUrl(clinic, unknown), "{}", "draft_not_found"),
                     (staff, HttpMethod.Post, DraftUrl(clinic, unknown) + "/send", "{}", "draft_not_found"),
                     (client, HttpMethod.Get, MyConversationUrl(clinic, unknown), "{}", "conversation_not_found"),
                     (client, HttpMethod.Post, MyRepliesUrl(clinic, unknown), "{\"body\": \"x\"}", "conversation_not_found"),
                     (client, HttpMethod.Get, ChartDocuments.AttachmentUrl(clinic, unknown, unknown), "{}", "attachment_not_found"),
                 })
        {
            using var response = await who.SendRawJsonAsync(method, path, body);
            await response.ShouldBeProblemAsync(HttpStatusCode.NotFound, code);
        }

        foreach (var path in new[] { ConversationsUrl(clinic) + "/not-a-guid", DraftsUrl(clinic) + "/1", MyMessagesUrl(clinic) + "/%20", MessagingUrl(clinic) + "/patients/x/conversations",
                     MyConversationUrl(clinic, unknown) + "/attachments/not-a-guid" })
        {
            using var response = await staff.GetAsync(path);
            await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        }

        App.Logs.Errors.ShouldBeEmpty();
    }

    private async Task ShouldBeRefusedAsync(HttpResponseMessage response, string what)
    {
        ((int)response.StatusCode).ShouldBeInRange(400, 499, what);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json", what);
        App.Logs.Errors.ShouldBeEmpty(what);
    }
}

internal static class TheoryDataRows
{
    public static TheoryData<string, string> Plus(this TheoryData<string, string> data, IEnumerable<(string What, string Json)> rows)
    {
        foreach (var (what, json) in rows)
        {
            data.Add(what, json);
        }

        return data;
    }
}
