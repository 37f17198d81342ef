using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using static Portal.Questionnaires.Tests.QuestionnairesApi;

namespace Portal.Questionnaires.Tests;

public sealed class LibraryTests(PortalAppFixture fixture) : IClassFixture<PortalAppFixture>
{
    private PortalApp App => fixture.App;

    private static JsonObject Questionnaire(string language = "en", string version = "1", string url = "https://clinic.example/q/sleep") => new()
    {
        ["resourceType"] = "Questionnaire",
        ["url"] = url,
        ["version"] = version,
        ["language"] = language,
        ["status"] = "active",
        ["title"] = language == "en" ? "Sleep" : "Sommeil",
        ["item"] = new JsonArray(
            new JsonObject { ["linkId"] = "snore", ["type"] = "boolean", ["required"] = true, ["text"] = language == "en" ? "Do you snore?" : "Ronflez-vous?" },
            new JsonObject
            {
                ["linkId"] = "hours", ["type"] = "integer", ["text"] = language == "en" ? "Hours a night" : "Heures par nuit",
                ["enableWhen"] = new JsonArray(new JsonObject { ["question"] = "snore", ["operator"] = "=", ["answerBoolean"] = true }),
            }),
    };

    [Fact]
    public async Task An_imported_questionnaire_gets_its_French_text_and_a_new_version_and_the_preview_shows_each()
    {
        var clinic = await App.OpenClinicAsync();
        using var admin = await App.SignedInAsync(clinic, clinic.Admin);

        using (var created = await admin.PostJsonAsync(LibraryUrl(clinic), Questionnaire()))
        {
            await created.ShouldHaveStatusAsync(HttpStatusCode.Created);
            created.Headers.Location!.ToString().ShouldStartWith(LibraryUrl(clinic) + "/");
        }

        using (var french = await admin.PostJsonAsync(LibraryUrl(clinic), Questionnaire("fr")))
        {
            await french.ShouldHaveStatusAsync(HttpStatusCode.Created);
        }

        using (var second = await admin.PostJsonAsync(LibraryUrl(clinic), Questionnaire(version: "2")))
        {
            var entry = await second.ReadJsonAsync();
            entry.GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("version").GetString()).ShouldBe(["2", "1"]);
            entry.GetProperty("versions")[1].GetProperty("languages").GetArrayLength().ShouldBe(2);
            var id = entry.GetProperty("id").GetGuid();
            var oldId = entry.GetProperty("versions")[1].GetProperty("id").GetGuid();

            var preview = await admin.GetJsonAsync<JsonElement>($"{LibraryUrl(clinic)}/{id}/preview?language=fr");
            preview.GetProperty("version").GetString().ShouldBe("2");
            preview.GetProperty("language").GetString().ShouldBe("en");
            var old = await admin.GetJsonAsync<JsonElement>($"{LibraryUrl(clinic)}/{id}/preview?language=fr&versionId={oldId}");
            old.GetProperty("resource").GetProperty("title").GetString().ShouldBe("Sommeil");
        }

        using (var again = await admin.PostJsonAsync(LibraryUrl(clinic), Questionnaire("fr")))
        {
            await again.ShouldBeProblemAsync(HttpStatusCode.Conflict, "version_exists");
        }

        var differs = Questionnaire("fr", version: "2");
        ((JsonArray)differs["item"]!).RemoveAt(1);
        using (var different = await admin.PostJsonAsync(LibraryUrl(clinic), differs))
        {
            await different.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "languages_differ");
        }

        (await App.CountAuditAsync("questionnaires.questionnaire.imported", clinic.Id)).ShouldBe(3);
    }

    [Fact]
    public async Task Importing_what_Portal_cannot_use_is_a_400_that_says_why_and_stores_nothing()
    {
        var clinic = await App.OpenClinicAsync();
        using var admin = await App.SignedInAsync(clinic, clinic.Admin);
        var before = (await admin.GetJsonAsync<JsonElement>(LibraryUrl(clinic))).GetProperty("items").GetArrayLength();

        async Task RefusedAsync(string json, string code, string? field = null, string? fieldCode = null)
        {
            using var response = await admin.SendRawJsonAsync(HttpMethod.Post, LibraryUrl(clinic), json);
            var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, code);
            if (field is not null)
            {
                problem.FieldCodes.ShouldNotBeNull()[field].ShouldContain(fieldCode!);
            }
        }

        await RefusedAsync("""{"resourceType":"Patient","id":"x"}""", "fhir_invalid");
        await RefusedAsync("""{"resourceType":"Questionnaire","status":"active","unknownThing":1}""", "fhir_invalid");
        await RefusedAsync("""{"resourceType":"Questionnaire","status":"active","item":[{"linkId":"a","type":"boolean","required":"yes"}]}""", "fhir_invalid");
        await RefusedAsync("[1,2]", "fhir_invalid");
        await RefusedAsync("{\"resourceType\":", "malformed_json");

        var unsupported = Questionnaire();
        ((JsonArray)unsupported["item"]!).Add(new JsonObject { ["linkId"] = "photo", ["type"] = "attachment", ["text"] = "A photo" });
        await RefusedAsync(unsupported.ToJsonString(), "questionnaire_unsupported", "photo", "unsupported_item_type");

        var noLanguage = Questionnaire();
        noLanguage.Remove("language");
        await RefusedAsync(noLanguage.ToJsonString(), "questionnaire_unsupported", "language", "language_required");

        var badCondition = Questionnaire();
        badCondition["item"]![1]!["enableWhen"]![0]!["question"] = "nowhere";
        await RefusedAsync(badCondition.ToJsonString(), "questionnaire_unsupported", "hours", "enable_when_question_unknown");

        var wrongAnswer = Questionnaire();
        wrongAnswer["item"]![1]!["enableWhen"]![0]!.AsObject().Remove("answerBoolean");
        wrongAnswer["item"]![1]!["enableWhen"]![0]!["answerInteger"] = 3;
        await RefusedAsync(wrongAnswer.ToJsonString(), "questionnaire_unsupported", "hours", "enable_when_answer_mismatch");

        var calculation = Questionnaire();
        ((JsonArray)calculation["item"]!).Add(new JsonObject
        {
            ["linkId"] = "score", ["type"] = "integer", ["readOnly"] = true, ["text"] = "Score",
            ["extension"] = new JsonArray(new JsonObject
            {
                ["url"] = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-calculatedExpression",
                ["valueExpression"] = new JsonObject { ["language"] = "text/fhirpath", ["expression"] = "today()" },
            }),
        });
        await RefusedAsync(calculation.ToJsonString(), "questionnaire_unsupported", "score", "unsupported_calculation");

        (await admin.GetJsonAsync<JsonElement>(LibraryUrl(clinic))).GetProperty("items").GetArrayLength().ShouldBe(before);
    }

    [Fact]
    public async Task Only_owners_and_admins_import_and_set_pre_visit_tasks()
    {
        var clinic = await App.OpenClinicAsync();
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);

        using (var import = await staff.PostJsonAsync(LibraryUrl(clinic), Questionnaire()))
        {
            await import.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        }

        using (var tasks = await staff.PutJsonAsync(TasksUrl(clinic, Guid.NewGuid()), new { tasks = Array.Empty<object>() }))
        {
            await tasks.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        }
    }
}
