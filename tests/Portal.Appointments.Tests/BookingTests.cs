using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using static Portal.Appointments.Tests.AppointmentsApi;

namespace Portal.Appointments.Tests;

public sealed class BookingTests(MessagingAppFixture fixture) : IClassFixture<MessagingAppFixture>
{
    private PortalApp App => fixture.App;

    [Fact]
    public async Task A_patient_books_a_free_slot_sees_it_upcoming_and_the_slot_is_no_longer_offered()
    {
        var setup = await App.BookableClinicAsync();
        var patient = await App.AddPatientAsync(setup.Clinic);
        using var client = await App.SignedInPatientAsync(fixture.Smtp, patient);
        var nine = At(setup.Day, 9);

        var slots = await client.GetJsonAsync<JsonElement>(MyAppointmentsUrl(setup.Clinic) + SlotsQuery(setup.TypeId, setup.Day, setup.Day));
        slots.GetProperty("timeZone").GetString().ShouldBe("America/Toronto");
        slots.GetProperty("items").EnumerateArray().Select(s => s.GetProperty("startsAt").GetDateTimeOffset()).ShouldContain(nine);
        slots.GetProperty("items").GetArrayLength().ShouldBe(6);

        var booked = await client.BookAsync(setup, nine);

        booked.GetProperty("status").GetString().ShouldBe("booked");
        booked.GetProperty("startsAt").GetDateTimeOffset().ShouldBe(nine);
        booked.GetProperty("startsAt").GetString()!.ShouldEndWith(nine.Offset == TimeSpan.FromHours(-5) ? "-05:00" : "-04:00");
        booked.GetProperty("location").GetProperty("id").GetGuid().ShouldBe(setup.LocationId);
        booked.GetProperty("type").GetProperty("nameFr").GetString().ShouldBe("Visite de suivi");
        var read = await client.GetJsonAsync<JsonElement>($"{MyAppointmentsUrl(setup.Clinic)}/{booked.GetProperty("id").GetGuid()}");
        JsonNode.DeepEquals(JsonNode.Parse(read.GetRawText()), JsonNode.Parse(booked.GetRawText()))
            .ShouldBeTrue($"the booking's answer is the appointment as the patient reads it back: {booked.GetRawText()} / {read.GetRawText()}");
        var upcoming = await client.GetJsonAsync<JsonElement>(MyAppointmentsUrl(setup.Clinic) + "?when=upcoming");
        upcoming.ItemIds().ShouldBe([booked.GetProperty("id").GetGuid()]);
        (await client.GetJsonAsync<JsonElement>(MyAppointmentsUrl(setup.Clinic) + "?when=past")).ItemIds().ShouldBeEmpty();
        var after = await client.GetJsonAsync<JsonElement>(MyAppointmentsUrl(setup.Clinic) + SlotsQuery(setup.TypeId, setup.Day, setup.Day));
        after.GetProperty("items").EnumerateArray().Select(s => s.GetProperty("startsAt").GetDateTimeOffset()).ShouldNotContain(nine);
        after.GetProperty("items").GetArrayLength().ShouldBe(5);
        (await App.QuerySingleAsync<Guid>("select patient_id from appointments.appointments where clinic_id = @Id", new { setup.Clinic.Id })).ShouldBe(patient.Id);
    }

    [Fact]
    public async Task R5_fifty_simultaneous_bookings_of_one_slot_give_exactly_one_201_and_49_409()
    {
        var setup = await App.BookableClinicAsync();
        var patients = new List<PortalClient>();
        for (var i = 0; i < 50; i++)
        {
            patients.Add(await App.SignedInPatientAsync(fixture.Smtp, await App.AddPatientAsync(setup.Clinic, $"Racer{i}")));
        }

        var ten = At(setup.Day, 10);
        using var start = new ManualResetEventSlim();
        var responses = await Task.WhenAll(patients.Select(p => Task.Run(async () =>
        {
            start.Wait();
            return await p.SendJsonAsync(HttpMethod.Post, MyAppointmentsUrl(setup.Clinic), Booking(setup.TypeId, setup.ProviderIds[0], ten));
        })).ToList().Also(_ => start.Set()));

        responses.Count(r => r.StatusCode == HttpStatusCode.Created).ShouldBe(1);
        var lost = responses.Where(r => r.StatusCode != HttpStatusCode.Created).ToList();
        lost.Count.ShouldBe(49);
        foreach (var response in lost)
        {
            var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Conflict, "slot_taken");
            problem.Detail!.ShouldContain("that time was just taken");
        }

        (await App.CountAsync("appointments", setup.Clinic.Id)).ShouldBe(1);
        foreach (var response in responses)
        {
            response.Dispose();
        }

        foreach (var patient in patients)
        {
            patient.Dispose();
        }
    }

    [Fact]
    public async Task R5_the_database_refuses_an_overlapping_appointment_of_the_same_provider_but_not_of_a_cancelled_one()
    {
        var setup = await App.BookableClinicAsync();
        var patient = await App.AddPatientAsync(setup.Clinic);
        using var client = await App.SignedInPatientAsync(fixture.Smtp, patient);
        var booked = await client.BookAsync(setup, At(setup.Day, 9));
        const string copy = """
            insert into appointments.appointments
                (id, clinic_id, patient_id, provider_id, type_id, location_id, starts_at, ends_at, occupied, status, booked_by, created_at, updated_at, status_changed_at)
            select gen_random_uuid(), clinic_id, patient_id, provider_id, type_id, location_id, starts_at + interval '15 minutes', ends_at + interval '15 minutes',
                   tstzrange(starts_at + interval '15 minutes', ends_at + interval '15 minutes'), @status, booked_by, created_at, updated_at, status_changed_at
            from appointments.appointments where id = @id
            """;

        var refused = await Should.ThrowAsync<Npgsql.PostgresException>(() => App.ExecuteAsync(copy, new { id = booked.GetProperty("id").GetGuid(), status = "booked" }));
        refused.ConstraintName.ShouldBe("appointments_no_overlap");
        (await App.ExecuteAsync(copy, new { id = booked.GetProperty("id").GetGuid(), status = "cancelled" })).ShouldBe(1);
    }

    [Fact]
    public async Task A_time_that_is_not_a_free_slot_is_refused_and_nothing_is_booked()
    {
        var setup = await App.BookableClinicAsync();
        var patient = await App.AddPatientAsync(setup.Clinic);
        using var client = await App.SignedInPatientAsync(fixture.Smtp, patient);

        foreach (var startsAt in new[] { At(setup.Day, 9, 10), At(setup.Day, 13), At(setup.Day.AddDays(5), 9), At(setup.Day, 11, 45) })
        {
            using var response = await client.SendJsonAsync(HttpMethod.Post, MyAppointmentsUrl(setup.Clinic), Booking(setup.TypeId, setup.ProviderIds[0], startsAt));
            await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "slot_not_offered");
        }

        (await App.CountAsync("appointments", setup.Clinic.Id)).ShouldBe(0);
    }

    [Fact]
    public async Task A1_another_patients_appointment_is_404_and_never_listed()
    {
        var setup = await App.BookableClinicAsync();
        using var alice = await App.SignedInPatientAsync(fixture.Smtp, await App.AddPatientAsync(setup.Clinic, "Alice"));
        using var bob = await App.SignedInPatientAsync(fixture.Smtp, await App.AddPatientAsync(setup.Clinic, "Bob"));
        var id = (await alice.BookAsync(setup, At(setup.Day, 9))).GetProperty("id").GetGuid();

        using (var read = await bob.GetAsync($"{MyAppointmentsUrl(setup.Clinic)}/{id}"))
        {
            await read.ShouldBeProblemAsync(HttpStatusCode.NotFound, "appointment_not_found");
        }

        (await bob.GetJsonAsync<JsonElement>(MyAppointmentsUrl(setup.Clinic) + "?when=upcoming")).ItemIds().ShouldBeEmpty();
        (await bob.GetJsonAsync<JsonElement>(MyAppointmentsUrl(setup.Clinic) + "?when=past")).ItemIds().ShouldBeEmpty();
        (await alice.GetJsonAsync<JsonElement>($"{MyAppointmentsUrl(setup.Clinic)}/{id}")).GetProperty("id").GetGuid().ShouldBe(id);
    }

    [Fact]
    public async Task A3_a_patient_cannot_book_for_another_patient_nor_set_the_status_or_a_staff_only_type()
    {
        var setup = await App.BookableClinicAsync();
        var alice = await App.AddPatientAsync(setup.Clinic, "Alice");
        var bob = await App.AddPatientAsync(setup.Clinic, "Bob");
        using var client = await App.SignedInPatientAsync(fixture.Smtp, alice);
        var body = Booking(setup.TypeId, setup.ProviderIds[0], At(setup.Day, 9));
        body["patientId"] = bob.Id;
        body["status"] = "completed";
        body["clinicId"] = Guid.NewGuid();

        using (var response = await client.SendJsonAsync(HttpMethod.Post, MyAppointmentsUrl(setup.Clinic), body))
        {
            await response.ShouldHaveStatusAsync(HttpStatusCode.Created);
            (await response.ReadJsonAsync()).GetProperty("status").GetString().ShouldBe("booked");
        }

        var row = await App.QuerySingleAsync<(Guid PatientId, string Status, Guid ClinicId)>(
            "select patient_id, status, clinic_id from appointments.appointments where clinic_id = @Id", new { setup.Clinic.Id });
        row.ShouldBe((alice.Id, "booked", setup.Clinic.Id));

        using var admin = await App.SignedInAsync(setup.Clinic, setup.Clinic.Admin);
        var staffOnly = (await admin.CreatedAsync(SetupUrl(setup.Clinic) + "/types", TypeBody(setup.ProviderIds, online: false))).GetProperty("id").GetGuid();
        using (var response = await client.SendJsonAsync(HttpMethod.Post, MyAppointmentsUrl(setup.Clinic), Booking(staffOnly, setup.ProviderIds[0], At(setup.Day, 10))))
        {
            await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "appointment_type_not_found");
        }

        using (var slots = await client.GetAsync(MyAppointmentsUrl(setup.Clinic) + SlotsQuery(staffOnly, setup.Day, setup.Day)))
        {
            await slots.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "appointment_type_not_found");
        }

        (await admin.GetJsonAsync<JsonElement>(SetupUrl(setup.Clinic) + SlotsQuery(staffOnly, setup.Day, setup.Day)))
            .GetProperty("items").GetArrayLength().ShouldBe(5);
        (await App.CountAsync("appointments", setup.Clinic.Id)).ShouldBe(1);
    }

    [Fact]
    public async Task S9_an_appointment_in_a_hidden_status_is_absent_from_every_patient_route_and_cannot_be_booked_online()
    {
        var setup = await App.BookableClinicAsync();
        using var client = await App.SignedInPatientAsync(fixture.Smtp, await App.AddPatientAsync(setup.Clinic));
        var id = (await client.BookAsync(setup, At(setup.Day, 9))).GetProperty("id").GetGuid();
        var past = (await client.BookAsync(setup, At(setup.Day, 10))).GetProperty("id").GetGuid();
        await App.ExecuteAsync("update appointments.appointments set status = 'no_show' where id = @past", new { past });
        using (var owner = await App.SignedInAsync(setup.Clinic, setup.Clinic.Owner))
        {
            await owner.SetPortalSettingAsync(setup.Clinic, "hiddenAppointmentStatuses", new JsonArray("booked", "no_show"));
        }

        using (var read = await client.GetAsync($"{MyAppointmentsUrl(setup.Clinic)}/{id}"))
        {
            await read.ShouldBeProblemAsync(HttpStatusCode.NotFound, "appointment_not_found");
        }

        using (var read = await client.GetAsync($"{MyAppointmentsUrl(setup.Clinic)}/{past}"))
        {
            await read.ShouldBeProblemAsync(HttpStatusCode.NotFound, "appointment_not_found");
        }

        (await client.GetJsonAsync<JsonElement>(MyAppointmentsUrl(setup.Clinic) + "?when=upcoming")).ItemIds().ShouldBeEmpty();
        (await client.GetJsonAsync<JsonElement>(MyAppointmentsUrl(setup.Clinic) + "?when=past")).ItemIds().ShouldBeEmpty();

        // A booking the patient could never see is refused, and nothing is booked.
        using (var refused = await client.SendJsonAsync(HttpMethod.Post, MyAppointmentsUrl(setup.Clinic), Booking(setup.TypeId, setup.ProviderIds[0], At(setup.Day, 11))))
        {
            (await refused.ShouldBeProblemAsync(HttpStatusCode.Conflict, "booking_hidden")).Detail!.ShouldContain("call the clinic");
        }

        (await App.CountAsync("appointments", setup.Clinic.Id)).ShouldBe(2);

        using (var owner = await App.SignedInAsync(setup.Clinic, setup.Clinic.Owner))
        {
            await owner.SetPortalSettingAsync(setup.Clinic, "hiddenAppointmentStatuses", new JsonArray("no_show"));
        }

        (await client.GetJsonAsync<JsonElement>(MyAppointmentsUrl(setup.Clinic) + "?when=upcoming")).ItemIds().ShouldBe([id]);
        (await client.GetJsonAsync<JsonElement>(MyAppointmentsUrl(setup.Clinic) + "?when=past")).ItemIds().ShouldBeEmpty();
    }
}

internal static class TaskListExtensions
{
    /// <summary>Runs <paramref name="then"/> once the tasks exist, then hands them on.</summary>
    public static List<Task<T>> Also<T>(this List<Task<T>> tasks, Action<List<Task<T>>> then)
    {
        then(tasks);
        return tasks;
    }
}
