using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using static Portal.Questionnaires.Tests.QuestionnairesApi;

namespace Portal.Questionnaires.Tests;

public sealed class SentQuestionnaireTests(MessagingAppFixture fixture) : IClassFixture<MessagingAppFixture>
{
    private PortalApp App => fixture.App;

    private static string SendUrl(TestClinic clinic, Guid patientId) => $"/api/clinics/{clinic.Slug}/questionnaires/patients/{patientId}/sent";

    private static string MySentUrl(TestClinic clinic, Guid sentId) => $"/api/clinics/{clinic.Slug}/portal/questionnaires/sent/{sentId}";

    private static string MyConversationUrl(TestClinic clinic, Guid conversationId) => $"/api/clinics/{clinic.Slug}/portal/messages/{conversationId}";

    private static async Task<JsonElement> SendAsync(PortalClient staff, TestClinic clinic, Guid patientId, Guid questionnaireId)
    {
        using var response = await staff.PostJsonAsync(SendUrl(clinic, patientId), new { questionnaireId });
        await response.ShouldHaveStatusAsync(HttpStatusCode.Created);
        return await response.ReadJsonAsync();
    }

    [Fact]
    public async Task Staff_send_a_questionnaire_on_its_own_and_the_patient_opens_it_from_the_message_and_submits_it_into_the_chart()
    {
        var clinic = await App.OpenClinicAsync();
        var patient = await App.AddPatientAsync(clinic);
        await App.ExecuteAsync("update registration.patients set preferred_language = 'fr' where id = @Id", new { patient.Id });
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        var intake = await staff.QuestionnaireIdAsync(clinic, IntakeUrl);

        var sent = await SendAsync(staff, clinic, patient.Id, intake);
        var sentId = sent.GetProperty("id").GetGuid();
        sent.GetProperty("title").GetString().ShouldBe("Questionnaire d'accueil");
        (await App.CountAuditAsync("questionnaires.questionnaire.sent", clinic.Id)).ShouldBe(1);

        using var me = await App.SignedInPatientAsync(fixture.Smtp, patient);
        var conversation = await me.GetJsonAsync<JsonElement>(MyConversationUrl(clinic, sent.GetProperty("conversationId").GetGuid()));
        conversation.GetProperty("subject").GetString().ShouldBe("Questionnaire à remplir : Questionnaire d'accueil");
        var body = conversation.GetProperty("messages")[0].GetProperty("body").GetString()!;
        body.ShouldContain($"/{clinic.Slug}/questionnaires/{sentId}");

        // Opened before anything is typed, the form has no response yet (null, as the OpenAPI document says it may be).
        var fresh = await me.GetJsonAsync<JsonElement>(MySentUrl(clinic, sentId) + "?language=en");
        fresh.GetProperty("status").GetString().ShouldBe("to_do");
        fresh.GetProperty("response").ValueKind.ShouldBe(JsonValueKind.Null);

        using (var draft = await me.SendRawJsonAsync(HttpMethod.Put, MySentUrl(clinic, sentId) + "/draft", Intake(("allergies", Bool(true))).ToJsonString()))
        {
            await draft.ShouldHaveStatusAsync(HttpStatusCode.OK);
            (await draft.ReadJsonAsync()).GetProperty("status").GetString().ShouldBe("draft");
        }

        var form = await me.GetJsonAsync<JsonElement>(MySentUrl(clinic, sentId) + "?language=en");
        form.GetProperty("sentId").GetGuid().ShouldBe(sentId);
        form.GetProperty("appointmentId").ValueKind.ShouldBe(JsonValueKind.Null);
        form.GetProperty("dueAt").ValueKind.ShouldBe(JsonValueKind.Null);
        form.GetProperty("status").GetString().ShouldBe("draft");

        using (var incomplete = await me.SendRawJsonAsync(HttpMethod.Post, MySentUrl(clinic, sentId) + "/submission", Intake(("allergies", Bool(true))).ToJsonString()))
        {
            await incomplete.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "response_invalid");
        }

        using (var submitted = await me.SendRawJsonAsync(HttpMethod.Post, MySentUrl(clinic, sentId) + "/submission", CompleteIntake(allergies: true).ToJsonString()))
        {
            await submitted.ShouldHaveStatusAsync(HttpStatusCode.OK);
            (await submitted.ReadJsonAsync()).GetProperty("status").GetString().ShouldBe("submitted");
        }

        using (var again = await me.SendRawJsonAsync(HttpMethod.Put, MySentUrl(clinic, sentId) + "/draft", CompleteIntake().ToJsonString()))
        {
            await again.ShouldBeProblemAsync(HttpStatusCode.Conflict, "already_submitted");
        }

        var chart = await staff.GetJsonAsync<JsonElement>(ChartResponsesUrl(clinic, patient.Id));
        var summary = chart.GetProperty("items").EnumerateArray().Single();
        summary.GetProperty("appointmentId").ValueKind.ShouldBe(JsonValueKind.Null);
        (await App.QuerySingleAsync<string>("select type from registration.documents where patient_id = @id", new { id = patient.Id }))
            .ShouldBe("questionnaire_data");

        // Sent twice, it is two tasks: the second has its own answers.
        var second = await SendAsync(staff, clinic, patient.Id, intake);
        using (var secondDraft = await me.SendRawJsonAsync(
                   HttpMethod.Put, MySentUrl(clinic, second.GetProperty("id").GetGuid()) + "/draft", Intake(("allergies", Bool(false))).ToJsonString()))
        {
            await secondDraft.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        (await App.QuerySingleAsync<int>("select count(*)::int from questionnaires.responses where patient_id = @Id", new { patient.Id })).ShouldBe(2);
    }

    [Fact]
    public async Task A1_a_questionnaire_sent_to_another_patient_is_404_to_open_save_and_submit()
    {
        var clinic = await App.OpenClinicAsync();
        var owner = await App.AddPatientAsync(clinic);
        var other = await App.AddPatientAsync(clinic, "Bob");
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        var intake = await staff.QuestionnaireIdAsync(clinic, IntakeUrl);
        var sentId = (await SendAsync(staff, clinic, owner.Id, intake)).GetProperty("id").GetGuid();

        using var intruder = await App.SignedInPatientAsync(fixture.Smtp, other);
        using (var open = await intruder.GetAsync(MySentUrl(clinic, sentId)))
        {
            await open.ShouldBeProblemAsync(HttpStatusCode.NotFound, "questionnaire_not_found");
        }

        using (var draft = await intruder.SendRawJsonAsync(HttpMethod.Put, MySentUrl(clinic, sentId) + "/draft", Intake().ToJsonString()))
        {
            await draft.ShouldBeProblemAsync(HttpStatusCode.NotFound, "questionnaire_not_found");
        }

        using (var submit = await intruder.SendRawJsonAsync(HttpMethod.Post, MySentUrl(clinic, sentId) + "/submission", CompleteIntake().ToJsonString()))
        {
            await submit.ShouldBeProblemAsync(HttpStatusCode.NotFound, "questionnaire_not_found");
        }

        (await App.QuerySingleAsync<int>("select count(*)::int from questionnaires.responses where clinic_id = @Id", new { clinic.Id })).ShouldBe(0);

        // Nor can a patient send one, nor staff of another clinic send to this clinic's patient.
        using (var asPatient = await intruder.PostJsonAsync(SendUrl(clinic, other.Id), new { questionnaireId = intake }))
        {
            ((int)asPatient.StatusCode).ShouldBeOneOf(401, 403);
        }

        var elsewhere = await App.OpenClinicAsync();
        using var otherStaff = await App.SignedInAsync(elsewhere, elsewhere.Staff);
        var theirIntake = await otherStaff.QuestionnaireIdAsync(elsewhere, IntakeUrl);
        using (var crossClinic = await otherStaff.PostJsonAsync(SendUrl(elsewhere, owner.Id), new { questionnaireId = theirIntake }))
        {
            await crossClinic.ShouldBeProblemAsync(HttpStatusCode.NotFound, "patient_not_found");
        }

        using (var notOurs = await staff.PostJsonAsync(SendUrl(clinic, owner.Id), new { questionnaireId = theirIntake }))
        {
            await notOurs.ShouldBeProblemAsync(HttpStatusCode.NotFound, "questionnaire_not_found");
        }

        using (var empty = await staff.PostJsonAsync(SendUrl(clinic, owner.Id), new { questionnaireId = Guid.Empty }))
        {
            await empty.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        }
    }

    [Fact]
    public async Task R6_bad_bodies_and_unknown_or_foreign_ids_on_the_sent_questionnaire_endpoints_are_4xx_problems_and_change_nothing()
    {
        var clinic = await App.OpenClinicAsync();
        var patient = await App.AddPatientAsync(clinic);
        var other = await App.AddPatientAsync(clinic, "Bob");
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        var intake = await staff.QuestionnaireIdAsync(clinic, IntakeUrl);
        var sentId = (await SendAsync(staff, clinic, patient.Id, intake)).GetProperty("id").GetGuid();
        var othersSentId = (await SendAsync(staff, clinic, other.Id, intake)).GetProperty("id").GetGuid();

        var elsewhere = await App.OpenClinicAsync();
        var theirPatient = await App.AddPatientAsync(elsewhere);
        using var theirStaff = await App.SignedInAsync(elsewhere, elsewhere.Staff);
        var theirIntake = await theirStaff.QuestionnaireIdAsync(elsewhere, IntakeUrl);

        using var me = await App.SignedInPatientAsync(fixture.Smtp, patient);
        using var them = await App.SignedInPatientAsync(fixture.Smtp, theirPatient);
        var sendUrl = SendUrl(clinic, patient.Id);
        var draftUrl = MySentUrl(clinic, sentId) + "/draft";
        var submitUrl = MySentUrl(clinic, sentId) + "/submission";
        var cases = new List<(PortalClient Client, HttpMethod Method, string Path, string Json)>();
        foreach (var (_, json) in BadJson.Mutations(new JsonObject { ["questionnaireId"] = intake }))
        {
            cases.Add((staff, HttpMethod.Post, sendUrl, json));
        }

        foreach (var (_, json) in BadJson.Mutations(CompleteIntake(allergies: true)))
        {
            cases.Add((me, HttpMethod.Put, draftUrl, json));
            cases.Add((me, HttpMethod.Post, submitUrl, json));
        }

        foreach (var json in new[] { "", "{", "null", "[]", "\"text\"", "{\"resourceType\":\"QuestionnaireResponse\",\"status\":\"bogus\"}", "{\"resourceType\":\"QuestionnaireResponse\",\"status\":\"completed\",\"item\":[{\"linkId\":\"reason\u0000\"}]}" })
        {
            cases.Add((staff, HttpMethod.Post, sendUrl, json));
            cases.Add((me, HttpMethod.Put, draftUrl, json));
            cases.Add((me, HttpMethod.Post, submitUrl, json));
        }

        // Missing, malformed and oversized questionnaire ids; unknown, foreign and another clinic's patients and questionnaires.
        foreach (var json in new[]
                 {
                     "{}", "{\"questionnaireId\":null}", "{\"questionnaireId\":\"not-a-guid\"}", "{\"questionnaireId\":\"" + new string('f', 300_000) + "\"}",
                     "{\"questionnaireId\":123456789012345678901234567890}", $"{{\"questionnaireId\":\"{Guid.NewGuid()}\"}}", $"{{\"questionnaireId\":\"{theirIntake}\"}}",
                 })
        {
            cases.Add((staff, HttpMethod.Post, sendUrl, json));
        }

        var good = $"{{\"questionnaireId\":\"{intake}\"}}";
        cases.Add((staff, HttpMethod.Post, SendUrl(clinic, Guid.NewGuid()), good));
        cases.Add((staff, HttpMethod.Post, SendUrl(clinic, theirPatient.Id), good));
        cases.Add((theirStaff, HttpMethod.Post, SendUrl(elsewhere, patient.Id), $"{{\"questionnaireId\":\"{theirIntake}\"}}"));
        cases.Add((me, HttpMethod.Post, sendUrl, good));

        // Answers over the item's maxLength, and a wrong language.
        var oversized = Intake(("allergies", Bool(false)), ("reason", Text(new string('x', 300_000)))).ToJsonString();
        cases.Add((me, HttpMethod.Put, draftUrl, oversized));
        cases.Add((me, HttpMethod.Post, submitUrl, oversized));
        cases.Add((me, HttpMethod.Put, draftUrl + "?language=de", CompleteIntake().ToJsonString()));
        cases.Add((me, HttpMethod.Get, MySentUrl(clinic, sentId) + "?language=%F0%9F%98%80", ""));

        // Unknown sent ids, another patient's, and this clinic's from another clinic's patient.
        foreach (var (client, target) in new[] { (me, MySentUrl(clinic, Guid.NewGuid())), (me, MySentUrl(clinic, othersSentId)), (them, MySentUrl(elsewhere, sentId)) })
        {
            cases.Add((client, HttpMethod.Get, target, ""));
            cases.Add((client, HttpMethod.Put, target + "/draft", CompleteIntake().ToJsonString()));
            cases.Add((client, HttpMethod.Post, target + "/submission", CompleteIntake().ToJsonString()));
        }

        foreach (var (client, method, path, json) in cases)
        {
            using var response = method == HttpMethod.Get ? await client.GetAsync(path) : await client.SendRawJsonAsync(method, path, json);
            ((int)response.StatusCode).ShouldBeInRange(400, 499, $"{method} {path} with {json[..Math.Min(json.Length, 200)]}");
            response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json", $"{method} {path} with {json[..Math.Min(json.Length, 200)]}");
        }

        foreach (var clinicId in new[] { clinic.Id, elsewhere.Id })
        {
            (await App.QuerySingleAsync<int>("select count(*)::int from questionnaires.sent where clinic_id = @clinicId", new { clinicId }))
                .ShouldBe(clinicId == clinic.Id ? 2 : 0);
            (await App.QuerySingleAsync<int>("select count(*)::int from messaging.conversations where clinic_id = @clinicId", new { clinicId }))
                .ShouldBe(clinicId == clinic.Id ? 2 : 0);
            (await App.QuerySingleAsync<int>("select count(*)::int from questionnaires.responses where clinic_id = @clinicId", new { clinicId })).ShouldBe(0);
            (await App.CountDocumentsAsync(clinicId)).ShouldBe(0);
            (await App.CountAuditAsync("questionnaires.questionnaire.sent", clinicId)).ShouldBe(clinicId == clinic.Id ? 2 : 0);
        }
    }
}
