using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using static Portal.Questionnaires.Tests.QuestionnairesApi;

namespace Portal.Questionnaires.Tests;

public sealed class PreVisitQuestionnaireTests(MessagingAppFixture fixture) : IClassFixture<MessagingAppFixture>
{
    private PortalApp App => fixture.App;

    private sealed record Scene(TestClinic Clinic, TestPatient Patient, Booking Booking, Guid Intake, Guid Mood, PortalClient Staff, PortalClient Patient1);

    private async Task<Scene> SceneAsync()
    {
        var clinic = await App.OpenClinicAsync();
        var patient = await App.AddPatientAsync(clinic);
        var booking = await App.BookAsync(patient);
        var staff = await App.SignedInAsync(clinic, clinic.Owner);
        var intake = await staff.QuestionnaireIdAsync(clinic, IntakeUrl);
        var mood = await staff.QuestionnaireIdAsync(clinic, MoodUrl);
        await staff.AskBeforeVisitAsync(clinic, booking.TypeId, intake, mood);
        var signedIn = await App.SignedInPatientAsync(fixture.Smtp, patient);
        return new Scene(clinic, patient, booking, intake, mood, staff, signedIn);
    }

    [Fact]
    public async Task A_new_clinics_library_has_the_starter_intake_and_mood_screen_in_English_and_French()
    {
        var clinic = await App.OpenClinicAsync();
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);

        var library = await staff.GetJsonAsync<JsonElement>(LibraryUrl(clinic));
        var items = library.GetProperty("items").EnumerateArray().ToList();
        items.Select(i => i.GetProperty("url").GetString()).Order().ShouldBe([IntakeUrl, MoodUrl]);
        foreach (var item in items)
        {
            item.GetProperty("starter").GetBoolean().ShouldBeTrue();
            item.GetProperty("versions")[0].GetProperty("languages").EnumerateArray().Select(l => l.GetProperty("language").GetString()).ShouldBe(["en", "fr"]);
        }

        var again = await staff.GetJsonAsync<JsonElement>(LibraryUrl(clinic));
        again.GetProperty("items").GetArrayLength().ShouldBe(2);
    }

    [Fact]
    public async Task The_patient_sees_the_pre_visit_tasks_saves_a_draft_and_submits_into_the_chart_as_questionnaire_data()
    {
        var s = await SceneAsync();
        using var staff = s.Staff;
        using var patient = s.Patient1;

        var tasks = await patient.GetJsonAsync<JsonElement>(MyTasksUrl(s.Clinic, s.Booking.AppointmentId) + "?language=fr");
        tasks.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("title").GetString()).ShouldBe(["Questionnaire d'accueil", "Dépistage de l'humeur"]);
        tasks.GetProperty("items")[0].GetProperty("status").GetString().ShouldBe("to_do");

        using (var draft = await patient.SaveDraftAsync(s.Clinic, s.Booking, s.Intake, Intake(("allergies", Bool(true)))))
        {
            await draft.ShouldHaveStatusAsync(HttpStatusCode.OK);
            (await draft.ReadJsonAsync()).GetProperty("status").GetString().ShouldBe("draft");
        }

        var form = await patient.GetJsonAsync<JsonElement>(MyFormUrl(s.Clinic, s.Booking.AppointmentId, s.Intake) + "?language=en");
        form.GetProperty("questionnaire").GetProperty("title").GetString().ShouldBe("General intake");
        form.GetProperty("response").GetProperty("item")[0].GetProperty("item")[0].GetProperty("answer")[0].GetProperty("valueBoolean").GetBoolean().ShouldBeTrue();

        using (var submitted = await patient.SubmitAsync(s.Clinic, s.Booking, s.Intake, CompleteIntake(allergies: true)))
        {
            await submitted.ShouldHaveStatusAsync(HttpStatusCode.OK);
            var body = await submitted.ReadJsonAsync();
            body.GetProperty("status").GetString().ShouldBe("submitted");
            body.GetProperty("response").GetProperty("status").GetString().ShouldBe("completed");
            body.GetProperty("response").GetProperty("subject").GetProperty("reference").GetString().ShouldBe($"Patient/{s.Patient.Id}");
        }

        (await App.QuerySingleAsync<string>(
                "select type from registration.documents where patient_id = @id", new { id = s.Patient.Id }))
            .ShouldBe("questionnaire_data");
        var listed = await patient.GetJsonAsync<JsonElement>(MyTasksUrl(s.Clinic, s.Booking.AppointmentId));
        listed.GetProperty("items")[0].GetProperty("status").GetString().ShouldBe("submitted");

        var chart = await staff.GetJsonAsync<JsonElement>(ChartResponsesUrl(s.Clinic, s.Patient.Id));
        var summary = chart.GetProperty("items").EnumerateArray().Single();
        summary.GetProperty("title").GetString().ShouldBe("General intake");
        var read = await staff.GetJsonAsync<JsonElement>(ChartResponseUrl(s.Clinic, summary.GetProperty("id").GetGuid()));
        read.GetProperty("response").GetProperty("item")[0].GetProperty("item")[1].GetProperty("answer")[0].GetProperty("valueString").GetString()
            .ShouldBe("Peanuts: hives");
        (await App.CountAuditAsync("questionnaires.response.submitted", s.Clinic.Id)).ShouldBe(1);
        (await App.CountAuditAsync("questionnaires.response.viewed", s.Clinic.Id)).ShouldBe(1);
    }

    [Fact]
    public async Task Staff_see_on_the_appointment_each_pre_visit_task_to_do_then_submitted_with_its_response_to_read()
    {
        var s = await SceneAsync();
        using var staff = s.Staff;
        using var patient = s.Patient1;
        var url = AppointmentTasksUrl(s.Clinic, s.Booking.AppointmentId);

        var before = await staff.GetJsonAsync<JsonElement>(url);
        before.GetProperty("patientId").GetGuid().ShouldBe(s.Patient.Id);
        before.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("status").GetString()).ShouldBe(["to_do", "to_do"]);
        before.GetProperty("items")[0].GetProperty("responseId").ValueKind.ShouldBe(JsonValueKind.Null);

        using (var draft = await patient.SaveDraftAsync(s.Clinic, s.Booking, s.Mood, new JsonObject { ["resourceType"] = "QuestionnaireResponse", ["status"] = "in-progress" }))
        {
            await draft.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        using (var submitted = await patient.SubmitAsync(s.Clinic, s.Booking, s.Intake, CompleteIntake()))
        {
            await submitted.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        var after = await staff.GetJsonAsync<JsonElement>(url + "?language=fr");
        var items = after.GetProperty("items").EnumerateArray().ToList();
        items.Select(t => t.GetProperty("title").GetString()).ShouldBe(["Questionnaire d'accueil", "Dépistage de l'humeur"]);
        items.Select(t => t.GetProperty("status").GetString()).ShouldBe(["submitted", "draft"]);
        items[1].GetProperty("responseId").ValueKind.ShouldBe(JsonValueKind.Null);
        var responseId = items[0].GetProperty("responseId").GetGuid();
        var read = await staff.GetJsonAsync<JsonElement>(ChartResponseUrl(s.Clinic, responseId));
        read.GetProperty("summary").GetProperty("appointmentId").GetGuid().ShouldBe(s.Booking.AppointmentId);

        using (var unknown = await staff.GetAsync(AppointmentTasksUrl(s.Clinic, Guid.NewGuid())))
        {
            await unknown.ShouldBeProblemAsync(HttpStatusCode.NotFound, "appointment_not_found");
        }

        using (var badLanguage = await staff.GetAsync(url + "?language=de"))
        {
            await badLanguage.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        }

        var elsewhere = await App.OpenClinicAsync();
        using var otherStaff = await App.SignedInAsync(elsewhere, elsewhere.Owner);
        using (var other = await otherStaff.GetAsync(AppointmentTasksUrl(elsewhere, s.Booking.AppointmentId)))
        {
            await other.ShouldBeProblemAsync(HttpStatusCode.NotFound, "appointment_not_found");
        }

        using (var asPatient = await patient.GetAsync(url))
        {
            ((int)asPatient.StatusCode).ShouldBeOneOf(401, 403);
        }
    }

    [Fact]
    public async Task Submitted_response_cannot_be_changed()
    {
        var s = await SceneAsync();
        using var staff = s.Staff;
        using var patient = s.Patient1;
        using (var first = await patient.SubmitAsync(s.Clinic, s.Booking, s.Intake, CompleteIntake()))
        {
            await first.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        using (var draft = await patient.SaveDraftAsync(s.Clinic, s.Booking, s.Intake, Intake(("allergies", Bool(true)))))
        {
            await draft.ShouldBeProblemAsync(HttpStatusCode.Conflict, "already_submitted");
        }

        using (var again = await patient.SubmitAsync(s.Clinic, s.Booking, s.Intake, CompleteIntake(allergies: true)))
        {
            await again.ShouldBeProblemAsync(HttpStatusCode.Conflict, "already_submitted");
        }

        (await App.CountDocumentsAsync(s.Clinic.Id)).ShouldBe(1);
        var stored = await App.QuerySingleAsync<string>("select resource from questionnaires.responses where clinic_id = @id", new { id = s.Clinic.Id });
        stored.ShouldNotContain("Peanuts");

        // Not even SQL changes or removes it.
        await Should.ThrowAsync<Exception>(() => App.ExecuteAsync("update questionnaires.responses set resource = '{}' where clinic_id = @id", new { id = s.Clinic.Id }));
        await Should.ThrowAsync<Exception>(() => App.ExecuteAsync("delete from questionnaires.responses where clinic_id = @id", new { id = s.Clinic.Id }));
    }

    [Fact]
    public async Task Required_enableWhen_repeats_maxLength_and_types_are_checked_on_the_server()
    {
        var s = await SceneAsync();
        using var staff = s.Staff;
        using var patient = s.Patient1;

        async Task RefusedAsync(JsonObject response, string linkId, string code, bool submit = true)
        {
            using var answer = submit
                ? await patient.SubmitAsync(s.Clinic, s.Booking, s.Intake, response)
                : await patient.SaveDraftAsync(s.Clinic, s.Booking, s.Intake, response);
            var problem = await answer.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "response_invalid");
            problem.FieldCodes.ShouldNotBeNull()[linkId].ShouldContain(code);
        }

        await RefusedAsync(Intake(("allergies", Bool(false))), "reason", "required");
        await RefusedAsync(Intake(("allergies", Bool(true)), ("reason", Text("Check-up"))), "allergies-detail", "required");
        await RefusedAsync(Intake(("allergies", Bool(false)), ("allergies-detail", Text("None")), ("reason", Text("Check-up"))), "allergies-detail",
            "answered_while_hidden");
        await RefusedAsync(Intake(("allergies", Bool(false)), ("allergies", Bool(true)), ("reason", Text("x"))), "allergies", "repeats", submit: false);
        await RefusedAsync(Intake(("reason", Text(new string('a', 1001)))), "reason", "max_length", submit: false);
        await RefusedAsync(Intake(("pain", Text("seven"))), "pain", "wrong_type", submit: false);
        await RefusedAsync(Intake(("conditions", Code("urn:portal:conditions", "gout"))), "conditions", "not_an_option", submit: false);
        await RefusedAsync(Intake(("no-such-item", Text("x"))), "no-such-item", "unknown_item", submit: false);

        // Repeating items take several answers; open-choice takes free text too.
        using var fine = await patient.SubmitAsync(s.Clinic, s.Booking, s.Intake, Intake(
            ("allergies", Bool(false)), ("medications", Text("Metformin")), ("medications", Text("Ramipril")),
            ("conditions", Code("urn:portal:conditions", "diabetes")), ("conditions", Code("urn:portal:conditions", "hypertension")),
            ("smoking", Text("Cigars on holidays")), ("reason", Text("Check-up")), ("pain", Int(2))));
        await fine.ShouldHaveStatusAsync(HttpStatusCode.OK);
        (await App.CountDocumentsAsync(s.Clinic.Id)).ShouldBe(1);
    }

    [Fact]
    public async Task The_mood_screens_total_score_is_calculated_by_the_server_whatever_the_page_sent()
    {
        var s = await SceneAsync();
        using var staff = s.Staff;
        using var patient = s.Patient1;
        var items = new JsonArray(Enumerable.Range(1, 9).Select(i => (JsonNode)new JsonObject
        {
            ["linkId"] = $"mood-{i}",
            ["answer"] = new JsonArray(Code("urn:portal:frequency", i <= 3 ? "2" : "1")),
        }).ToArray());
        var response = new JsonObject
        {
            ["resourceType"] = "QuestionnaireResponse",
            ["status"] = "completed",
            ["item"] = new JsonArray(
                new JsonObject { ["linkId"] = "feelings", ["item"] = items },
                new JsonObject { ["linkId"] = "total", ["answer"] = new JsonArray(Int(0)) }),
        };

        using var submitted = await patient.SubmitAsync(s.Clinic, s.Booking, s.Mood, response);
        await submitted.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var body = await submitted.ReadJsonAsync();
        body.GetProperty("totalScore").GetDecimal().ShouldBe(12m);
        body.GetProperty("response").GetProperty("item")[1].GetProperty("answer")[0].GetProperty("valueInteger").GetInt32().ShouldBe(12);
    }

    [Fact]
    public async Task A1_another_patients_appointment_questionnaire_and_response_are_404_on_every_route()
    {
        var s = await SceneAsync();
        using var staff = s.Staff;
        using var owner = s.Patient1;
        using (var submitted = await owner.SubmitAsync(s.Clinic, s.Booking, s.Intake, CompleteIntake()))
        {
            await submitted.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        var other = await App.AddPatientAsync(s.Clinic, "Bob");
        using var intruder = await App.SignedInPatientAsync(fixture.Smtp, other);
        using (var list = await intruder.GetAsync(MyTasksUrl(s.Clinic, s.Booking.AppointmentId)))
        {
            await list.ShouldBeProblemAsync(HttpStatusCode.NotFound, "appointment_not_found");
        }

        using (var open = await intruder.GetAsync(MyFormUrl(s.Clinic, s.Booking.AppointmentId, s.Intake)))
        {
            await open.ShouldBeProblemAsync(HttpStatusCode.NotFound, "appointment_not_found");
        }

        using (var draft = await intruder.SaveDraftAsync(s.Clinic, s.Booking, s.Mood, Intake()))
        {
            await draft.ShouldBeProblemAsync(HttpStatusCode.NotFound, "appointment_not_found");
        }

        using (var submit = await intruder.SubmitAsync(s.Clinic, s.Booking, s.Mood, Intake()))
        {
            await submit.ShouldBeProblemAsync(HttpStatusCode.NotFound, "appointment_not_found");
        }

        // A questionnaire the appointment does not ask for is not found either, even for its own patient.
        var unasked = await App.BookAsync(s.Patient);
        using (var notAsked = await owner.GetAsync(MyFormUrl(s.Clinic, unasked.AppointmentId, s.Intake)))
        {
            await notAsked.ShouldBeProblemAsync(HttpStatusCode.NotFound, "questionnaire_not_found");
        }

        // Staff routes are not for patients; staff of another clinic find nothing.
        var responseId = await App.QuerySingleAsync<Guid>("select id from questionnaires.responses where clinic_id = @id", new { id = s.Clinic.Id });
        using (var staffRoute = await intruder.GetAsync(ChartResponseUrl(s.Clinic, responseId)))
        {
            ((int)staffRoute.StatusCode).ShouldBeOneOf(401, 403);
        }

        var elsewhere = await App.OpenClinicAsync();
        using var otherStaff = await App.SignedInAsync(elsewhere, elsewhere.Owner);
        using (var read = await otherStaff.GetAsync(ChartResponseUrl(elsewhere, responseId)))
        {
            await read.ShouldBeProblemAsync(HttpStatusCode.NotFound, "response_not_found");
        }

        using (var chart = await otherStaff.GetAsync(ChartResponsesUrl(elsewhere, s.Patient.Id)))
        {
            await chart.ShouldBeProblemAsync(HttpStatusCode.NotFound, "patient_not_found");
        }

        using (var tasks = await otherStaff.PutJsonAsync(TasksUrl(elsewhere, s.Booking.TypeId), new { tasks = Array.Empty<object>() }))
        {
            await tasks.ShouldBeProblemAsync(HttpStatusCode.NotFound, "appointment_type_not_found");
        }
    }
}
