using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using static Portal.Questionnaires.Tests.QuestionnairesApi;

namespace Portal.Questionnaires.Tests;

public sealed class ChartPrefillTests(MessagingAppFixture fixture) : IClassFixture<MessagingAppFixture>
{
    private const string InitialExpression = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-initialExpression";

    private PortalApp App => fixture.App;

    private static JsonObject Item(string linkId, string type, string? expression = null, string language = "text/fhirpath")
    {
        var item = new JsonObject { ["linkId"] = linkId, ["type"] = type, ["text"] = linkId };
        if (expression is not null)
        {
            item["extension"] = new JsonArray(new JsonObject
            {
                ["url"] = InitialExpression,
                ["valueExpression"] = new JsonObject { ["language"] = language, ["expression"] = expression },
            });
        }

        return item;
    }

    private static JsonObject AboutYou(params JsonObject[] about) => new()
    {
        ["resourceType"] = "Questionnaire",
        ["url"] = "https://clinic.example/q/about-you",
        ["version"] = "1",
        ["language"] = "en",
        ["status"] = "active",
        ["title"] = "About you",
        ["item"] = new JsonArray(
            new JsonObject { ["linkId"] = "you", ["type"] = "group", ["text"] = "You", ["item"] = new JsonArray([.. about]) },
            new JsonObject { ["linkId"] = "reason", ["type"] = "text", ["text"] = "Why are you writing?", ["required"] = true }),
    };

    private static JsonObject[] NameAndBirthDate() =>
    [
        Item("given", "string", "%patient.name.first().given.first()"),
        Item("family", "string", "%patient.name.first().family"),
        Item("born", "date", "%patient.birthDate"),
        Item("nickname", "string"),
    ];

    private static string MySentUrl(TestClinic clinic, Guid sentId) => $"/api/clinics/{clinic.Slug}/portal/questionnaires/sent/{sentId}";

    private static async Task<Guid> SendAsync(PortalClient staff, TestClinic clinic, Guid patientId, Guid questionnaireId)
    {
        using var response = await staff.PostJsonAsync($"/api/clinics/{clinic.Slug}/questionnaires/patients/{patientId}/sent", new { questionnaireId });
        await response.ShouldHaveStatusAsync(HttpStatusCode.Created);
        return (await response.ReadJsonAsync()).GetProperty("id").GetGuid();
    }

    private static Dictionary<string, string> Answers(JsonElement response) =>
        response.GetProperty("item").EnumerateArray()
            .SelectMany(item => item.TryGetProperty("item", out var children) ? children.EnumerateArray().ToArray() : [item])
            .ToDictionary(
                item => item.GetProperty("linkId").GetString()!,
                item => item.GetProperty("answer")[0].EnumerateObject().Single().Value.GetString()!);

    [Fact]
    public async Task A_form_opened_before_any_save_is_filled_in_from_the_patients_own_chart_and_the_first_save_replaces_it()
    {
        var clinic = await App.OpenClinicAsync();
        var camille = await App.AddPatientAsync(clinic);
        var bob = await App.AddPatientAsync(clinic, "Bob");
        await App.ExecuteAsync("update registration.patients set date_of_birth = '1990-01-02' where id = @Id", new { bob.Id });
        using var admin = await App.SignedInAsync(clinic, clinic.Admin);
        Guid questionnaireId;
        using (var imported = await admin.PostJsonAsync(LibraryUrl(clinic), AboutYou(NameAndBirthDate())))
        {
            await imported.ShouldHaveStatusAsync(HttpStatusCode.Created);
            questionnaireId = (await imported.ReadJsonAsync()).GetProperty("id").GetGuid();
        }

        var camilles = await SendAsync(admin, clinic, camille.Id, questionnaireId);
        var bobs = await SendAsync(admin, clinic, bob.Id, questionnaireId);

        using var me = await App.SignedInPatientAsync(fixture.Smtp, camille);
        var fresh = await me.GetJsonAsync<JsonElement>(MySentUrl(clinic, camilles));
        fresh.GetProperty("status").GetString().ShouldBe("to_do");
        Answers(fresh.GetProperty("response")).ShouldBe(
            new Dictionary<string, string> { ["given"] = "Camille", ["family"] = "Tremblay", ["born"] = "1984-03-09" }, ignoreOrder: true);
        (await App.QuerySingleAsync<int>("select count(*)::int from questionnaires.responses where clinic_id = @Id", new { clinic.Id })).ShouldBe(0);

        using (var him = await App.SignedInPatientAsync(fixture.Smtp, bob))
        {
            var his = await him.GetJsonAsync<JsonElement>(MySentUrl(clinic, bobs));
            Answers(his.GetProperty("response")).ShouldBe(
                new Dictionary<string, string> { ["given"] = "Bob", ["family"] = "Tremblay", ["born"] = "1990-01-02" }, ignoreOrder: true);

            // What was filled in passes the server's checks as it stands: submitted with the one answer the chart cannot give.
            var answers = JsonNode.Parse(his.GetProperty("response").GetRawText())!.AsObject();
            answers["item"]!.AsArray().Add(new JsonObject { ["linkId"] = "reason", ["answer"] = new JsonArray(Text("A form for school")) });
            using var submitted = await him.SendRawJsonAsync(HttpMethod.Post, MySentUrl(clinic, bobs) + "/submission", answers.ToJsonString());
            await submitted.ShouldHaveStatusAsync(HttpStatusCode.OK);
            Answers((await submitted.ReadJsonAsync()).GetProperty("response"))["born"].ShouldBe("1990-01-02");
        }

        // Once the patient saves, their answers are what the form shows, even where they left out what the chart filled in.
        var mine = new JsonObject
        {
            ["resourceType"] = "QuestionnaireResponse",
            ["status"] = "in-progress",
            ["item"] = new JsonArray(new JsonObject { ["linkId"] = "reason", ["answer"] = new JsonArray(Text("Renewal")) }),
        };
        using (var draft = await me.SendRawJsonAsync(HttpMethod.Put, MySentUrl(clinic, camilles) + "/draft", mine.ToJsonString()))
        {
            await draft.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        var saved = await me.GetJsonAsync<JsonElement>(MySentUrl(clinic, camilles));
        saved.GetProperty("status").GetString().ShouldBe("draft");
        Answers(saved.GetProperty("response")).ShouldBe(new Dictionary<string, string> { ["reason"] = "Renewal" });
    }

    [Fact]
    public async Task A_questionnaire_without_chart_items_opens_with_no_response()
    {
        var clinic = await App.OpenClinicAsync();
        var patient = await App.AddPatientAsync(clinic);
        using var admin = await App.SignedInAsync(clinic, clinic.Admin);
        using var imported = await admin.PostJsonAsync(LibraryUrl(clinic), AboutYou(Item("nickname", "string")));
        await imported.ShouldHaveStatusAsync(HttpStatusCode.Created);
        var sentId = await SendAsync(admin, clinic, patient.Id, (await imported.ReadJsonAsync()).GetProperty("id").GetGuid());

        using var me = await App.SignedInPatientAsync(fixture.Smtp, patient);
        (await me.GetJsonAsync<JsonElement>(MySentUrl(clinic, sentId))).GetProperty("response").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Fact]
    public async Task Importing_an_initialExpression_Portal_cannot_fill_in_is_a_400_on_its_item()
    {
        var clinic = await App.OpenClinicAsync();
        using var admin = await App.SignedInAsync(clinic, clinic.Admin);
        foreach (var item in new[]
                 {
                     Item("phone", "string", "%patient.telecom.first().value"),
                     Item("born", "string", "%patient.birthDate"),
                     Item("given", "date", "%patient.name.first().given.first()"),
                     Item("given", "string", "%patient.name.first().given.first()", language: "text/cql"),
                 })
        {
            var linkId = item["linkId"]!.GetValue<string>();
            using var response = await admin.PostJsonAsync(LibraryUrl(clinic), AboutYou(item));
            var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "questionnaire_unsupported");
            problem.FieldCodes.ShouldNotBeNull()[linkId].ShouldContain("unsupported_initial_expression");
        }

        (await App.QuerySingleAsync<int>(
            "select count(*)::int from questionnaires.questionnaires where clinic_id = @Id and url = 'https://clinic.example/q/about-you'", new { clinic.Id }))
            .ShouldBe(0);
    }
}
