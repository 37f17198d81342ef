using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Firely.Fhir.Validation;
using Hl7.Fhir.Model;
using Hl7.Fhir.Specification.Source;
using Hl7.Fhir.Specification.Terminology;
using Portal.Questionnaires.Fhir;
using static Portal.Questionnaires.Tests.QuestionnairesApi;
using Task = System.Threading.Tasks.Task;

namespace Portal.Questionnaires.Tests;

public sealed class ResponseRecordTests(MessagingAppFixture fixture) : IClassFixture<MessagingAppFixture>
{
    private PortalApp App => fixture.App;

    private async Task<(TestClinic Clinic, Booking Booking, Guid Intake, Guid Mood, PortalClient Patient)> SceneAsync()
    {
        var clinic = await App.OpenClinicAsync();
        var patient = await App.AddPatientAsync(clinic);
        var booking = await App.BookAsync(patient);
        using var staff = await App.SignedInAsync(clinic, clinic.Owner);
        var intake = await staff.QuestionnaireIdAsync(clinic, IntakeUrl);
        var mood = await staff.QuestionnaireIdAsync(clinic, MoodUrl);
        await staff.AskBeforeVisitAsync(clinic, booking.TypeId, intake, mood);
        return (clinic, booking, intake, mood, await App.SignedInPatientAsync(fixture.Smtp, patient));
    }

    [Fact]
    public async Task Stored_response_validates_against_its_questionnaire_with_the_Firely_validator()
    {
        var (clinic, booking, intake, mood, patient) = await SceneAsync();
        using (patient)
        {
            using var first = await patient.SubmitAsync(clinic, booking, intake, Intake(
                ("allergies", Bool(true)), ("allergies-detail", Text("Penicillin")), ("medications", Text("Metformin")), ("medications", Text("Ramipril")),
                ("conditions", Code("urn:portal:conditions", "asthma")), ("smoking", Code("urn:portal:smoking", "never")), ("reason", Text("Cough")),
                ("since", new JsonObject { ["valueDate"] = "2026-11-20" }), ("pain", Int(3)), ("weight", new JsonObject { ["valueDecimal"] = 71.5 }),
                ("last-meal", new JsonObject { ["valueDateTime"] = "2026-12-06T07:30:00-05:00" })));
            await first.ShouldHaveStatusAsync(HttpStatusCode.OK);
            var moodAnswers = new JsonObject
            {
                ["resourceType"] = "QuestionnaireResponse",
                ["status"] = "in-progress",
                ["item"] = new JsonArray(new JsonObject
                {
                    ["linkId"] = "feelings",
                    ["item"] = new JsonArray(Enumerable.Range(1, 9)
                        .Select(i => (JsonNode)new JsonObject { ["linkId"] = $"mood-{i}", ["answer"] = new JsonArray(Code("urn:portal:frequency", "3")) }).ToArray()),
                }),
            };
            using var second = await patient.SubmitAsync(clinic, booking, mood, moodAnswers);
            await second.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        var stored = await App.QueryAsync<(string Response, string Questionnaire)>(
            """
            select r.resource, t.resource from questionnaires.responses r
            join questionnaires.version_texts t on t.version_id = r.version_id and t.language = r.language
            where r.clinic_id = @id and r.status = 'completed'
            """,
            new { id = clinic.Id });
        stored.Count.ShouldBe(2);

        var source = new CachedResolver(ZipSource.CreateValidationSource());
        var validator = new Validator(source, new LocalTerminologyService(source.AsAsync()));
        foreach (var (responseJson, questionnaireJson) in stored)
        {
            var response = FhirJson.Parse<QuestionnaireResponse>(responseJson).Resource.ShouldNotBeNull();
            var questionnaire = FhirJson.Parse<Questionnaire>(questionnaireJson).Resource.ShouldNotBeNull();

            var outcome = validator.Validate(response);
            outcome.Issue.Where(i => i.Severity is OperationOutcome.IssueSeverity.Error or OperationOutcome.IssueSeverity.Fatal).ShouldBeEmpty(outcome.ToString());
            response.Questionnaire.ShouldBe($"{questionnaire.Url}|{questionnaire.Version}");
            response.Status.ShouldBe(QuestionnaireResponse.QuestionnaireResponseStatus.Completed);
            ResponseChecks.Check(questionnaire, response, submission: true).Problems.Any.ShouldBeFalse();
        }

        // The chart document is the stored response, byte for byte.
        var documents = await App.QueryAsync<string>(
            "select sha256 from registration.documents where clinic_id = @id and type = 'questionnaire_data'", new { id = clinic.Id });
        documents.Order().ShouldBe(stored.Select(s => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(s.Response)))).Order());
    }

    [Fact]
    public async Task R6_bad_bodies_on_the_patients_and_staffs_new_endpoints_are_4xx_problems_and_change_nothing()
    {
        var (clinic, booking, intake, _, patient) = await SceneAsync();
        using var staff = await App.SignedInAsync(clinic, clinic.Owner);
        using (patient)
        {
            var draftUrl = MyFormUrl(clinic, booking.AppointmentId, intake) + "/draft";
            var submitUrl = MyFormUrl(clinic, booking.AppointmentId, intake) + "/submission";
            var cases = new List<(PortalClient Client, HttpMethod Method, string Path, string Json)>();
            foreach (var (_, json) in BadJson.Mutations(CompleteIntake(allergies: true)))
            {
                cases.Add((patient, HttpMethod.Put, draftUrl, json));
                cases.Add((patient, HttpMethod.Post, submitUrl, json));
            }

            var tasks = new JsonObject { ["tasks"] = new JsonArray(new JsonObject { ["questionnaireId"] = intake, ["dueMinutesBefore"] = 60 }) };
            foreach (var (_, json) in BadJson.Mutations(tasks))
            {
                cases.Add((staff, HttpMethod.Put, TasksUrl(clinic, booking.TypeId), json));
            }

            foreach (var json in new[] { "", "{", "null", "[]", "\"text\"", "{\"resourceType\":\"QuestionnaireResponse\",\"status\":\"bogus\"}", "{\"resourceType\":\"QuestionnaireResponse\",\"status\":\"completed\",\"item\":[{\"linkId\":\"reason\u0000\"}]}" })
            {
                cases.Add((patient, HttpMethod.Put, draftUrl, json));
                cases.Add((patient, HttpMethod.Post, submitUrl, json));
                cases.Add((staff, HttpMethod.Post, LibraryUrl(clinic), json));
                cases.Add((staff, HttpMethod.Put, TasksUrl(clinic, booking.TypeId), json));
            }

            cases.Add((patient, HttpMethod.Get, MyTasksUrl(clinic, booking.AppointmentId) + "?language=de", ""));
            cases.Add((patient, HttpMethod.Get, MyFormUrl(clinic, booking.AppointmentId, intake) + "?language=%F0%9F%98%80", ""));
            cases.Add((patient, HttpMethod.Get, MyTasksUrl(clinic, Guid.NewGuid()), ""));
            cases.Add((staff, HttpMethod.Get, $"{LibraryUrl(clinic)}/{Guid.NewGuid()}/preview", ""));
            cases.Add((staff, HttpMethod.Get, $"{LibraryUrl(clinic)}/{intake}/preview?language=xx", ""));
            cases.Add((staff, HttpMethod.Get, ChartResponseUrl(clinic, Guid.NewGuid()), ""));
            cases.Add((staff, HttpMethod.Get, ChartResponsesUrl(clinic, Guid.NewGuid()), ""));
            cases.Add((staff, HttpMethod.Post, LibraryUrl(clinic), "{\"resourceType\":\"Questionnaire\",\"status\":\"active\",\"title\":\"" + new string('x', 300_000) + "\"}"));

            foreach (var (client, method, path, json) in cases)
            {
                using var response = method == HttpMethod.Get ? await client.GetAsync(path) : await client.SendRawJsonAsync(method, path, json);
                ((int)response.StatusCode).ShouldBeInRange(400, 499, $"{method} {path} with {json[..Math.Min(json.Length, 200)]}");
                response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json", $"{method} {path}");
            }
        }

        (await App.QuerySingleAsync<int>("select count(*)::int from questionnaires.responses where clinic_id = @id", new { id = clinic.Id })).ShouldBe(0);
        (await App.CountDocumentsAsync(clinic.Id)).ShouldBe(0);
        var kept = await App.QuerySingleAsync<int>(
            "select count(*)::int from questionnaires.appointment_type_tasks where clinic_id = @id and appointment_type_id = @type", new { id = clinic.Id, type = booking.TypeId });
        kept.ShouldBe(2);
    }
}
