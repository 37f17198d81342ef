using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using static Portal.Appointments.Tests.AppointmentsApi;

namespace Portal.Appointments.Tests;

/// <summary>Every patient appointment route, against the checklist: S9, A1, A2, A3 and R6.</summary>
public sealed class PatientRoutesTests(MessagingAppFixture fixture) : IClassFixture<MessagingAppFixture>
{
    private PortalApp App => fixture.App;

    /// <summary>Each patient route that names one appointment, with a body it accepts.</summary>
    private static IEnumerable<(HttpMethod Method, string Path, JsonNode? Body)> RoutesOf(BookableClinic setup, Guid id) =>
    [
        (HttpMethod.Get, MyAppointmentUrl(setup, id), null),
        (HttpMethod.Post, MyAppointmentUrl(setup, id, "/cancel"), new JsonObject { ["reason"] = "Moving away" }),
        (HttpMethod.Post, MyAppointmentUrl(setup, id, "/reschedule"), new JsonObject { ["startsAt"] = At(setup.Day, 11, 30).ToString("O", System.Globalization.CultureInfo.InvariantCulture) }),
    ];

    private static Task<HttpResponseMessage> SendAsync(PortalClient client, HttpMethod method, string path, JsonNode? body) =>
        body is null ? client.SendAsync(method, path) : client.SendJsonAsync(method, path, body);

    private static async Task<IReadOnlyList<Guid>> ListedAsync(PortalClient client, BookableClinic setup) =>
        [
            .. (await client.GetJsonAsync<JsonElement>(MyAppointmentsUrl(setup.Clinic) + "?when=upcoming")).ItemIds(),
            .. (await client.GetJsonAsync<JsonElement>(MyAppointmentsUrl(setup.Clinic) + "?when=past")).ItemIds(),
        ];

    [Fact]
    public async Task S9_an_appointment_in_a_hidden_status_is_absent_from_every_patient_route_cancel_and_reschedule_included()
    {
        var setup = await App.BookableClinicAsync();
        using var patient = await App.NewPatientAsync(fixture.Smtp, setup.Clinic);
        var id = (await patient.BookAsync(setup, At(setup.Day, 9))).GetProperty("id").GetGuid();
        await App.ExecuteAsync("update appointments.appointments set status = 'confirmed' where id = @id", new { id });
        using (var owner = await App.SignedInAsync(setup.Clinic, setup.Clinic.Owner))
        {
            await owner.SetPortalSettingAsync(setup.Clinic, "hiddenAppointmentStatuses", new JsonArray("confirmed"));
        }

        var before = await App.SnapshotAsync(setup.Clinic.Id);

        foreach (var (method, path, body) in RoutesOf(setup, id))
        {
            using var response = await SendAsync(patient, method, path, body);
            await response.ShouldBeProblemAsync(HttpStatusCode.NotFound, "appointment_not_found");
        }

        (await ListedAsync(patient, setup)).ShouldBeEmpty();
        (await App.SnapshotAsync(setup.Clinic.Id)).ShouldBe(before);
        // Not shown, but the time stays held: no one else is offered it.
        (await patient.MyFreeSlotsAsync(setup, setup.Day, setup.Day)).ShouldNotContain(At(setup.Day, 9));
    }

    [Fact]
    public async Task A1_another_patients_appointment_is_404_on_every_patient_route_and_stays_as_it_was()
    {
        var setup = await App.BookableClinicAsync();
        using var alice = await App.NewPatientAsync(fixture.Smtp, setup.Clinic, "Alice");
        using var bob = await App.NewPatientAsync(fixture.Smtp, setup.Clinic, "Bob");
        var id = (await alice.BookAsync(setup, At(setup.Day, 9))).GetProperty("id").GetGuid();
        var before = await App.SnapshotAsync(setup.Clinic.Id);

        foreach (var (method, path, body) in RoutesOf(setup, id))
        {
            using var response = await SendAsync(bob, method, path, body);
            await response.ShouldBeProblemAsync(HttpStatusCode.NotFound, "appointment_not_found");
        }

        (await ListedAsync(bob, setup)).ShouldBeEmpty();
        (await App.SnapshotAsync(setup.Clinic.Id)).ShouldBe(before);
        (await ListedAsync(alice, setup)).ShouldBe([id]);
    }

    [Fact]
    public async Task A2_a_patient_of_another_clinic_reaches_nothing_of_the_clinics_appointments_on_any_patient_route()
    {
        var home = await App.BookableClinicAsync();
        var away = await App.BookableClinicAsync();
        using var resident = await App.NewPatientAsync(fixture.Smtp, home.Clinic, "Resident");
        using var visitor = await App.NewPatientAsync(fixture.Smtp, away.Clinic, "Visitor");
        var id = (await resident.BookAsync(home, At(home.Day, 9))).GetProperty("id").GetGuid();
        var before = await App.SnapshotAsync(home.Clinic.Id);

        // At the home clinic's address, the other clinic's session is no session: refused before any appointment is looked at.
        var atHome = RoutesOf(home, id).Concat(
        [
            (HttpMethod.Get, MyAppointmentsUrl(home.Clinic), null),
            (HttpMethod.Get, MyAppointmentsUrl(home.Clinic) + SlotsQuery(home.TypeId, home.Day, home.Day), null),
            (HttpMethod.Post, MyAppointmentsUrl(home.Clinic), Booking(home.TypeId, home.ProviderIds[0], At(home.Day, 10))),
        ]);
        foreach (var (method, path, body) in atHome)
        {
            using var response = await SendAsync(visitor, method, path, body);
            await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "not_signed_in");
        }

        // At their own clinic's address, with the home clinic's ids: unknown.
        foreach (var (method, path, body) in RoutesOf(away, id))
        {
            using var response = await SendAsync(visitor, method, path, body);
            await response.ShouldBeProblemAsync(HttpStatusCode.NotFound, "appointment_not_found");
        }

        using (var book = await visitor.SendJsonAsync(HttpMethod.Post, MyAppointmentsUrl(away.Clinic), Booking(home.TypeId, home.ProviderIds[0], At(home.Day, 10))))
        {
            await book.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "appointment_type_not_found");
        }

        using (var slots = await visitor.GetAsync(MyAppointmentsUrl(away.Clinic) + SlotsQuery(home.TypeId, home.Day, home.Day)))
        {
            await slots.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "appointment_type_not_found");
        }

        using (var move = await visitor.RescheduleAsync(away, (await visitor.BookAsync(away, At(away.Day, 9))).GetProperty("id").GetGuid(), At(away.Day, 10), home.ProviderIds[0]))
        {
            await move.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "provider_not_found");
        }

        (await ListedAsync(visitor, away)).Count.ShouldBe(1);
        (await App.SnapshotAsync(home.Clinic.Id)).ShouldBe(before);
    }

    [Fact]
    public async Task A3_a_patient_cannot_set_another_patient_the_status_the_type_or_other_provider_only_fields_when_moving_or_cancelling()
    {
        var setup = await App.BookableClinicAsync();
        var alice = await App.AddPatientAsync(setup.Clinic, "Alice");
        var bob = await App.AddPatientAsync(setup.Clinic, "Bob");
        using var client = await App.SignedInPatientAsync(fixture.Smtp, alice);
        using var admin = await App.SignedInAsync(setup.Clinic, setup.Clinic.Admin);
        var otherType = (await admin.CreatedAsync(SetupUrl(setup.Clinic) + "/types", TypeBody(setup.ProviderIds, minutes: 60))).GetProperty("id").GetGuid();
        var id = (await client.BookAsync(setup, At(setup.Day, 9))).GetProperty("id").GetGuid();
        var extras = new JsonObject
        {
            ["patientId"] = bob.Id, ["status"] = "completed", ["typeId"] = otherType, ["clinicId"] = Guid.NewGuid(), ["sequence"] = 99,
            ["bookedBy"] = "staff", ["endsAt"] = At(setup.Day, 12).ToString("O", System.Globalization.CultureInfo.InvariantCulture), ["cancelledBy"] = "staff",
        };
        var move = new JsonObject { ["startsAt"] = At(setup.Day, 10).ToString("O", System.Globalization.CultureInfo.InvariantCulture) };
        foreach (var (name, value) in extras)
        {
            move[name] = value?.DeepClone();
        }

        using (var moved = await client.SendJsonAsync(HttpMethod.Post, MyAppointmentUrl(setup, id, "/reschedule"), move))
        {
            await moved.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        var row = await App.QuerySingleAsync<(Guid PatientId, string Status, Guid TypeId, int Sequence, string BookedBy, DateTimeOffset EndsAt)>(
            "select patient_id, status, type_id, sequence, booked_by, ends_at from appointments.appointments where id = @id", new { id });
        row.ShouldBe((alice.Id, "booked", setup.TypeId, 1, "patient", At(setup.Day, 10, 30)));

        var cancel = new JsonObject { ["reason"] = "Better" };
        foreach (var (name, value) in extras)
        {
            cancel[name] = value?.DeepClone();
        }

        using (var cancelled = await client.SendJsonAsync(HttpMethod.Post, MyAppointmentUrl(setup, id, "/cancel"), cancel))
        {
            await cancelled.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        (await App.QuerySingleAsync<(Guid PatientId, string Status, string CancelledBy)>(
                "select patient_id, status, cancelled_by from appointments.appointments where id = @id", new { id }))
            .ShouldBe((alice.Id, "cancelled", "patient"));

        // The clinic's rules are the staff's: a patient's session does not change them.
        var rulesBefore = await App.SnapshotAsync(setup.Clinic.Id);
        foreach (var path in new[] { SetupUrl(setup.Clinic) + "/rules", $"{SetupUrl(setup.Clinic)}/types/{setup.TypeId}/rules" })
        {
            using var response = await client.SendJsonAsync(HttpMethod.Put, path, RulesBody(notice: 0, maxUpcoming: 100));
            ((int)response.StatusCode).ShouldBeOneOf(401, 403);
        }

        (await App.SnapshotAsync(setup.Clinic.Id)).ShouldBe(rulesBefore);
    }

    [Fact]
    public async Task R6_bad_input_to_every_patient_appointment_route_and_the_rules_is_a_4xx_problem_and_changes_nothing()
    {
        var setup = await App.BookableClinicAsync();
        using var patient = await App.NewPatientAsync(fixture.Smtp, setup.Clinic);
        using var admin = await App.SignedInAsync(setup.Clinic, setup.Clinic.Admin);
        var id = (await patient.BookAsync(setup, At(setup.Day, 9))).GetProperty("id").GetGuid();
        var my = MyAppointmentsUrl(setup.Clinic);
        var before = await App.SnapshotAsync(setup.Clinic.Id);
        var ten = At(setup.Day, 10).ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        var bookBody = Booking(setup.TypeId, setup.ProviderIds[0], At(setup.Day, 10));
        bookBody["note"] = "Knee";
        var patientCases = new List<(HttpMethod Method, string Path, string Json)>();
        foreach (var (path, valid) in new (string, JsonNode)[]
                 {
                     (my, bookBody),
                     ($"{my}/{id}/cancel", new JsonObject { ["reason"] = "Better" }),
                     ($"{my}/{id}/reschedule", new JsonObject { ["startsAt"] = ten, ["providerId"] = setup.ProviderIds[0] }),
                 })
        {
            patientCases.AddRange(BadJson.Mutations(valid).Select(m => (HttpMethod.Post, path, m.Json)));
            patientCases.AddRange(new[] { "{", "[]", "", "null" }.Select(json => (HttpMethod.Post, path, json)));
        }

        patientCases.AddRange(
        [
            (HttpMethod.Post, my, Booking(Guid.NewGuid(), setup.ProviderIds[0], At(setup.Day, 10)).ToJsonString()),
            (HttpMethod.Post, my, Booking(setup.TypeId, Guid.NewGuid(), At(setup.Day, 10)).ToJsonString()),
            (HttpMethod.Post, $"{my}/{id}/reschedule", $$"""{"startsAt":"{{ten}}","providerId":"{{Guid.NewGuid()}}"}"""),
            (HttpMethod.Post, $"{my}/{id}/reschedule", """{"startsAt":"2030-02-30T09:00:00-05:00"}"""),
            (HttpMethod.Post, $"{my}/{id}/reschedule", """{"startsAt":"tomorrow"}"""),
            (HttpMethod.Post, $"{my}/{id}/reschedule", """{"providerId":null}"""),
            (HttpMethod.Post, $"{my}/{id}/cancel", $$"""{"reason":"{{new string('x', 501)}}"}"""),
            (HttpMethod.Post, $"{my}/{Guid.NewGuid()}/reschedule", $$"""{"startsAt":"{{ten}}"}"""),
            (HttpMethod.Post, $"{my}/{Guid.NewGuid()}/cancel", "{}"),
            (HttpMethod.Post, $"{my}/not-an-id/reschedule", $$"""{"startsAt":"{{ten}}"}"""),
        ]);
        foreach (var (method, path, json) in patientCases)
        {
            using var response = await patient.SendRawJsonAsync(method, path, json);
            ((int)response.StatusCode).ShouldBeInRange(400, 499, $"{method} {path} {json}: {await response.Content.ReadAsStringAsync()}");
            response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json", $"{method} {path} {json}");
        }

        foreach (var query in new[]
                 {
                     SlotsQuery(Guid.NewGuid(), setup.Day, setup.Day), "/slots?typeId=nope&from=2030-01-01&to=2030-01-02",
                     $"/slots?typeId={setup.TypeId}&from=2030-13-01&to=2030-01-02", "?when=tomorrow", $"/{Guid.NewGuid()}",
                 })
        {
            using var response = await patient.GetAsync(my + query);
            ((int)response.StatusCode).ShouldBeInRange(400, 499, query);
            response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json", query);
        }

        var rules = SetupUrl(setup.Clinic) + "/rules";
        var typeRules = $"{SetupUrl(setup.Clinic)}/types/{setup.TypeId}/rules";
        var staffCases = BadJson.Mutations(RulesBody()).Select(m => (Path: rules, m.Json))
            .Concat(BadJson.Mutations(RulesBody()).Select(m => (Path: typeRules, m.Json)))
            .Concat(new (string, string)[]
            {
                (rules, "{"), (rules, "[]"), (rules, RulesBody(notice: -1).ToJsonString()), (rules, RulesBody(notice: 43201).ToJsonString()),
                (rules, RulesBody(ahead: 0).ToJsonString()), (rules, RulesBody(ahead: 731).ToJsonString()), (rules, RulesBody(window: -5).ToJsonString()),
                (rules, RulesBody(maxUpcoming: 0).ToJsonString()), (rules, RulesBody(maxUpcoming: 101).ToJsonString()), (rules, RulesBody(mode: "auto").ToJsonString()),
                (rules, RulesBody(notice: 2880, ahead: 2).ToJsonString()), (rules, """{"minNoticeMinutes":120}"""),
                (typeRules, """{"minNoticeMinutes":-1}"""), (typeRules, """{"bookingMode":"auto"}"""), (typeRules, """{"maxUpcoming":0}"""),
                (typeRules, """{"bookAheadDays":"30"}"""), (typeRules, "["),
            });
        foreach (var (path, json) in staffCases)
        {
            using var response = await admin.SendRawJsonAsync(HttpMethod.Put, path, json);
            ((int)response.StatusCode).ShouldBe(400, $"PUT {path} {json}: {await response.Content.ReadAsStringAsync()}");
            response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        }

        foreach (var (method, path) in new[] { (HttpMethod.Get, $"{SetupUrl(setup.Clinic)}/types/{Guid.NewGuid()}/rules"), (HttpMethod.Put, $"{SetupUrl(setup.Clinic)}/types/{Guid.NewGuid()}/rules") })
        {
            using var response = method == HttpMethod.Get ? await admin.GetAsync(path) : await admin.SendJsonAsync(method, path, new JsonObject());
            await response.ShouldBeProblemAsync(HttpStatusCode.NotFound, "appointment_type_not_found");
        }

        (await App.SnapshotAsync(setup.Clinic.Id)).ShouldBe(before);
    }
}
