using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Portal.Questionnaires.Tests;

internal sealed record Booking(Guid TypeId, Guid AppointmentId);

internal static class QuestionnairesApi
{
    public const string IntakeUrl = "urn:portal:questionnaire:general-intake";
    public const string MoodUrl = "urn:portal:questionnaire:mood-screen";

    public static string LibraryUrl(TestClinic clinic) => $"/api/clinics/{clinic.Slug}/questionnaires";

    public static string TasksUrl(TestClinic clinic, Guid typeId) => $"/api/clinics/{clinic.Slug}/questionnaires/pre-visit-tasks/{typeId}";

    public static string MyTasksUrl(TestClinic clinic, Guid appointmentId) => $"/api/clinics/{clinic.Slug}/portal/questionnaires/appointments/{appointmentId}";

    public static string MyFormUrl(TestClinic clinic, Guid appointmentId, Guid questionnaireId) => $"{MyTasksUrl(clinic, appointmentId)}/{questionnaireId}";

    public static string AppointmentTasksUrl(TestClinic clinic, Guid appointmentId) => $"/api/clinics/{clinic.Slug}/questionnaires/appointments/{appointmentId}";

    public static string ChartResponsesUrl(TestClinic clinic, Guid patientId) => $"/api/clinics/{clinic.Slug}/questionnaires/patients/{patientId}/responses";

    public static string ChartResponseUrl(TestClinic clinic, Guid responseId) => $"/api/clinics/{clinic.Slug}/questionnaires/responses/{responseId}";

    /// <summary>An appointment for the patient tomorrow, of a new type, written straight into Appointments' tables.</summary>
    public static async Task<Booking> BookAsync(this PortalApp app, TestPatient patient, Guid? typeId = null)
    {
        var clinicId = patient.Clinic.Id;
        var now = DateTimeOffset.UtcNow;
        var provider = Guid.NewGuid();
        var type = typeId ?? Guid.NewGuid();
        var appointment = Guid.NewGuid();
        var starts = now.AddDays(1);
        await app.ExecuteAsync(
            """
            insert into appointments.providers (id, clinic_id, name, created_at) values (@provider, @clinicId, 'Dr. Test', @now);
            insert into appointments.appointment_types (id, clinic_id, name_en, name_fr, duration_minutes, mode, bookable_online, created_at)
            values (@type, @clinicId, 'Visit', 'Visite', 15, 'in_person', true, @now) on conflict (id) do nothing;
            insert into appointments.appointments (id, clinic_id, patient_id, provider_id, type_id, starts_at, ends_at, occupied, status, booked_by,
                                                   created_at, updated_at, status_changed_at)
            values (@appointment, @clinicId, @patientId, @provider, @type, @starts, @ends, tstzrange(@starts, @ends), 'booked', 'staff', @now, @now, @now);
            """,
            new { provider, clinicId, now, type, appointment, patientId = patient.Id, starts, ends = starts.AddMinutes(15) });
        return new Booking(type, appointment);
    }

    public static async Task<Guid> QuestionnaireIdAsync(this PortalClient staff, TestClinic clinic, string url)
    {
        var library = await staff.GetJsonAsync<JsonElement>(LibraryUrl(clinic));
        return library.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("url").GetString() == url).GetProperty("id").GetGuid();
    }

    public static async Task AskBeforeVisitAsync(this PortalClient staff, TestClinic clinic, Guid typeId, params Guid[] questionnaireIds)
    {
        using var response = await staff.PutJsonAsync(
            TasksUrl(clinic, typeId), new { tasks = questionnaireIds.Select(id => new { questionnaireId = id, dueMinutesBefore = 1440 }).ToArray() });
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
    }

    /// <summary>A QuestionnaireResponse with the given answers: link id → FHIR answer values, put in the questionnaire's groups.</summary>
    public static JsonObject Intake(params (string LinkId, JsonNode Value)[] answers)
    {
        var health = new[] { "allergies", "allergies-detail", "medications", "conditions", "smoking" };
        JsonArray Group(IEnumerable<(string LinkId, JsonNode Value)> items) => new(items
            .GroupBy(a => a.LinkId)
            .Select(g => (JsonNode)new JsonObject
            {
                ["linkId"] = g.Key,
                ["answer"] = new JsonArray(g.Select(a => (JsonNode)a.Value.DeepClone()).ToArray()),
            }).ToArray());
        var items = new JsonArray();
        var inHealth = answers.Where(a => health.Contains(a.LinkId)).ToList();
        var inVisit = answers.Where(a => !health.Contains(a.LinkId)).ToList();
        if (inHealth.Count > 0)
        {
            items.Add(new JsonObject { ["linkId"] = "health", ["item"] = Group(inHealth) });
        }

        if (inVisit.Count > 0)
        {
            items.Add(new JsonObject { ["linkId"] = "visit", ["item"] = Group(inVisit) });
        }

        return new JsonObject { ["resourceType"] = "QuestionnaireResponse", ["status"] = "in-progress", ["item"] = items };
    }

    public static JsonNode Bool(bool value) => new JsonObject { ["valueBoolean"] = value };

    public static JsonNode Text(string value) => new JsonObject { ["valueString"] = value };

    public static JsonNode Int(int value) => new JsonObject { ["valueInteger"] = value };

    public static JsonNode Code(string system, string code) => new JsonObject { ["valueCoding"] = new JsonObject { ["system"] = system, ["code"] = code } };

    public static JsonObject CompleteIntake(bool allergies = false) => allergies
        ? Intake(("allergies", Bool(true)), ("allergies-detail", Text("Peanuts: hives")), ("reason", Text("Check-up")))
        : Intake(("allergies", Bool(false)), ("reason", Text("Check-up")));

    public static Task<HttpResponseMessage> SaveDraftAsync(this PortalClient patient, TestClinic clinic, Booking booking, Guid questionnaireId, JsonNode response) =>
        patient.SendRawJsonAsync(HttpMethod.Put, MyFormUrl(clinic, booking.AppointmentId, questionnaireId) + "/draft", response.ToJsonString());

    public static Task<HttpResponseMessage> SubmitAsync(this PortalClient patient, TestClinic clinic, Booking booking, Guid questionnaireId, JsonNode response) =>
        patient.SendRawJsonAsync(HttpMethod.Post, MyFormUrl(clinic, booking.AppointmentId, questionnaireId) + "/submission", response.ToJsonString());

    public static Task<int> CountAuditAsync(this PortalApp app, string action, Guid clinicId) =>
        app.QuerySingleAsync<int>("select count(*)::int from platform.audit_log where clinic_id = @clinicId and action = @action", new { clinicId, action });

    public static Task<int> CountDocumentsAsync(this PortalApp app, Guid clinicId) =>
        app.QuerySingleAsync<int>("select count(*)::int from registration.documents where clinic_id = @clinicId", new { clinicId });
}
