using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using static Portal.Appointments.Tests.AppointmentsApi;
using static Portal.Appointments.Tests.StaffAppointmentsApi;

namespace Portal.Appointments.Tests;

public sealed class StaffChangeTests(MessagingAppFixture fixture) : IClassFixture<MessagingAppFixture>
{
    private PortalApp App => fixture.App;

    [Fact]
    public async Task Staff_move_an_appointment_in_place_to_another_time_and_provider_and_its_old_time_is_free()
    {
        var setup = await App.BookableClinicAsync(providers: 2);
        using var staff = await App.SignedInAsync(setup.Clinic, setup.Clinic.Staff);
        var id = await staff.StaffBookAsync(setup, (await App.AddPatientAsync(setup.Clinic)).Id, At(setup.Day, 9));
        await App.SetStatusAsync(id, "confirmed");

        using (var moved = await staff.ActAsync(setup.Clinic, id, "move", new JsonObject { ["startsAt"] = At(setup.Day, 11).ToString("O", System.Globalization.CultureInfo.InvariantCulture), ["providerId"] = setup.ProviderIds[1] }))
        {
            await moved.ShouldHaveStatusAsync(HttpStatusCode.OK);
            var view = await moved.ReadJsonAsync();
            view.GetProperty("id").GetGuid().ShouldBe(id);
            view.GetProperty("status").GetString().ShouldBe("confirmed");
            view.GetProperty("provider").GetProperty("id").GetGuid().ShouldBe(setup.ProviderIds[1]);
        }

        var row = await App.RowAsync(id);
        row.ShouldBe(("confirmed", 1, At(setup.Day, 11).UtcDateTime, setup.ProviderIds[1]));
        (await App.CountAsync("appointments", setup.Clinic.Id)).ShouldBe(1);
        (await staff.FreeStartsAsync(setup, setup.Day)).ShouldContain(At(setup.Day, 9));
        (await staff.FreeStartsAsync(setup, setup.Day, provider: 1)).ShouldNotContain(At(setup.Day, 11));

        // Its own old time does not stand in the way: 11:00-11:30 moves to 11:15-11:45.
        using (var overlapping = await staff.ActAsync(setup.Clinic, id, "move", new JsonObject
               {
                   ["startsAt"] = At(setup.Day, 11, 15).ToString("O", System.Globalization.CultureInfo.InvariantCulture), ["anyTime"] = true, ["locationId"] = setup.LocationId,
               }))
        {
            await overlapping.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        (await App.RowAsync(id)).ShouldBe(("confirmed", 2, At(setup.Day, 11, 15).UtcDateTime, setup.ProviderIds[1]));
        (await App.AuditAsync(setup.Clinic.Id, id)).Where(a => a.Action.EndsWith("moved", StringComparison.Ordinal)).Count().ShouldBe(2);

        using (var notOffered = await staff.ActAsync(setup.Clinic, id, "move", new JsonObject { ["startsAt"] = At(setup.Day, 9, 10).ToString("O", System.Globalization.CultureInfo.InvariantCulture) }))
        {
            await notOffered.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "slot_not_offered");
        }
    }

    [Fact]
    public async Task R5_a_staff_move_into_a_taken_time_is_409_and_the_appointment_keeps_its_time()
    {
        var setup = await App.BookableClinicAsync();
        var patient = await App.AddPatientAsync(setup.Clinic);
        using var staff = await App.SignedInAsync(setup.Clinic, setup.Clinic.Staff);
        var nine = await staff.StaffBookAsync(setup, patient.Id, At(setup.Day, 9));
        await staff.StaffBookAsync(setup, patient.Id, At(setup.Day, 10));

        using (var moved = await staff.ActAsync(setup.Clinic, nine, "move", new JsonObject { ["startsAt"] = At(setup.Day, 10).ToString("O", System.Globalization.CultureInfo.InvariantCulture) }))
        {
            await moved.ShouldBeProblemAsync(HttpStatusCode.Conflict, "slot_taken");
        }

        using (var anyTime = await staff.ActAsync(setup.Clinic, nine, "move", new JsonObject
               {
                   ["startsAt"] = At(setup.Day, 10, 20).ToString("O", System.Globalization.CultureInfo.InvariantCulture), ["anyTime"] = true, ["locationId"] = setup.LocationId,
               }))
        {
            await anyTime.ShouldBeProblemAsync(HttpStatusCode.Conflict, "slot_taken");
        }

        (await App.RowAsync(nine)).ShouldBe(("booked", 0, At(setup.Day, 9).UtcDateTime, setup.ProviderIds[0]));
        (await App.AuditAsync(setup.Clinic.Id, nine)).ShouldBe([("appointments.appointment.booked", "staff")]);
    }

    [Fact]
    public async Task R5_twenty_simultaneous_moves_into_one_slot_leave_exactly_one_there()
    {
        var setup = await App.BookableClinicAsync();
        var patient = await App.AddPatientAsync(setup.Clinic);
        using var staff = await App.SignedInAsync(setup.Clinic, setup.Clinic.Staff);
        var ids = new List<Guid>();
        var clients = new List<PortalClient>();
        for (var i = 0; i < 20; i++)
        {
            ids.Add(await staff.StaffBookAsync(setup, patient.Id, At(setup.Day.AddDays(1 + (i / 6)), 9 + (i % 6 / 2), i % 2 * 30)));
            clients.Add(await App.SignedInAsync(setup.Clinic, setup.Clinic.Staff));
        }

        var target = At(setup.Day, 11, 30);
        using var start = new ManualResetEventSlim();
        var responses = await Task.WhenAll(clients.Select((c, i) => Task.Run(async () =>
        {
            start.Wait();
            return await c.ActAsync(setup.Clinic, ids[i], "move", new JsonObject { ["startsAt"] = target.ToString("O", System.Globalization.CultureInfo.InvariantCulture) });
        })).ToList().Also(_ => start.Set()));

        responses.Count(r => r.StatusCode == HttpStatusCode.OK).ShouldBe(1);
        foreach (var lost in responses.Where(r => r.StatusCode != HttpStatusCode.OK))
        {
            await lost.ShouldBeProblemAsync(HttpStatusCode.Conflict, "slot_taken");
        }

        (await App.QuerySingleAsync<long>("select count(*) from appointments.appointments where clinic_id = @Id and starts_at = @at", new { setup.Clinic.Id, at = target.UtcDateTime }))
            .ShouldBe(1);
        (await App.QuerySingleAsync<long>("select count(*) from appointments.appointments where clinic_id = @Id and sequence = 1", new { setup.Clinic.Id })).ShouldBe(1);
        foreach (var disposable in responses.Cast<IDisposable>().Concat(clients))
        {
            disposable.Dispose();
        }
    }

    [Fact]
    public async Task Staff_cancel_with_a_reason_which_frees_the_time_and_a_cancelled_appointment_cannot_be_cancelled_moved_or_marked()
    {
        var setup = await App.BookableClinicAsync();
        using var staff = await App.SignedInAsync(setup.Clinic, setup.Clinic.Staff);
        var id = await staff.StaffBookAsync(setup, (await App.AddPatientAsync(setup.Clinic)).Id, At(setup.Day, 9));

        foreach (var blank in new JsonObject[] { new(), new() { ["reason"] = "  " }, new() { ["reason"] = new string('x', 501) } })
        {
            using var refused = await staff.ActAsync(setup.Clinic, id, "cancel", blank);
            await refused.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        }

        using (var cancelled = await staff.ActAsync(setup.Clinic, id, "cancel", new JsonObject { ["reason"] = " Provider is ill " }))
        {
            await cancelled.ShouldHaveStatusAsync(HttpStatusCode.OK);
            var view = await cancelled.ReadJsonAsync();
            view.GetProperty("status").GetString().ShouldBe("cancelled");
            view.GetProperty("nextStatuses").GetArrayLength().ShouldBe(0);
        }

        (await App.QuerySingleAsync<(string, string, int)>("select cancelled_by, cancel_reason, sequence from appointments.appointments where id = @id", new { id }))
            .ShouldBe(("staff", "Provider is ill", 1));
        (await staff.FreeStartsAsync(setup, setup.Day)).ShouldContain(At(setup.Day, 9));

        using (var again = await staff.ActAsync(setup.Clinic, id, "cancel", new JsonObject { ["reason"] = "Again" }))
        {
            await again.ShouldBeProblemAsync(HttpStatusCode.Conflict, "cannot_cancel");
        }

        using (var move = await staff.ActAsync(setup.Clinic, id, "move", new JsonObject { ["startsAt"] = At(setup.Day, 10).ToString("O", System.Globalization.CultureInfo.InvariantCulture) }))
        {
            await move.ShouldBeProblemAsync(HttpStatusCode.Conflict, "cannot_move");
        }

        using (var arrived = await staff.ActAsync(setup.Clinic, id, "status", new JsonObject { ["status"] = "arrived" }))
        {
            await arrived.ShouldBeProblemAsync(HttpStatusCode.Conflict, "status_move_not_allowed");
        }

        (await App.AuditAsync(setup.Clinic.Id, id)).ShouldBe([("appointments.appointment.booked", "staff"), ("appointments.appointment.cancelled", "staff")]);
    }

    [Fact]
    public async Task Staff_approve_a_request_which_books_it_and_decline_another_which_frees_its_time()
    {
        var setup = await App.BookableClinicAsync();
        var patient = await App.AddPatientAsync(setup.Clinic);
        using var staff = await App.SignedInAsync(setup.Clinic, setup.Clinic.Staff);
        var approved = await staff.StaffBookAsync(setup, patient.Id, At(setup.Day, 9));
        var declined = await staff.StaffBookAsync(setup, patient.Id, At(setup.Day, 10));
        await App.SetStatusAsync(approved, "requested");
        await App.SetStatusAsync(declined, "requested");
        (await staff.FreeStartsAsync(setup, setup.Day)).ShouldNotContain(At(setup.Day, 10));

        using (var response = await staff.ActAsync(setup.Clinic, approved, "approve"))
        {
            await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
            (await response.ReadJsonAsync()).GetProperty("status").GetString().ShouldBe("booked");
        }

        using (var response = await staff.ActAsync(setup.Clinic, declined, "decline", new JsonObject { ["reason"] = "Please call us first" }))
        {
            await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
            (await response.ReadJsonAsync()).GetProperty("status").GetString().ShouldBe("declined");
        }

        (await App.RowAsync(approved)).ShouldBe(("booked", 1, At(setup.Day, 9).UtcDateTime, setup.ProviderIds[0]));
        (await App.QuerySingleAsync<(string, string)>("select status, cancel_reason from appointments.appointments where id = @declined", new { declined }))
            .ShouldBe(("declined", "Please call us first"));
        (await staff.FreeStartsAsync(setup, setup.Day)).ShouldContain(At(setup.Day, 10));

        foreach (var (id, action) in new[] { (approved, "approve"), (approved, "decline"), (declined, "approve"), (declined, "decline") })
        {
            using var again = await staff.ActAsync(setup.Clinic, id, action);
            await again.ShouldBeProblemAsync(HttpStatusCode.Conflict, "not_requested");
        }

        (await App.AuditAsync(setup.Clinic.Id, approved))[^1].ShouldBe(("appointments.appointment.approved", "staff"));
        (await App.AuditAsync(setup.Clinic.Id, declined))[^1].ShouldBe(("appointments.appointment.declined", "staff"));
    }

    [Fact]
    public async Task The_detail_shows_who_booked_the_notes_the_cancel_reason_and_the_history_of_changes()
    {
        var setup = await App.BookableClinicAsync();
        var patient = await App.AddPatientAsync(setup.Clinic, "Alice");
        using var staff = await App.SignedInAsync(setup.Clinic, setup.Clinic.Staff);
        var body = StaffBooking(patient.Id, setup.TypeId, setup.ProviderIds[0], At(setup.Day, 9));
        body["staffNote"] = "Needs an interpreter";
        var id = (await staff.CreatedAsync(SetupUrl(setup.Clinic), body)).GetProperty("id").GetGuid();
        (await staff.ActAsync(setup.Clinic, id, "status", new JsonObject { ["status"] = "confirmed" })).Dispose();
        (await staff.ActAsync(setup.Clinic, id, "cancel", new JsonObject { ["reason"] = "Patient moved away" })).Dispose();

        var detail = await staff.GetJsonAsync<JsonElement>($"{SetupUrl(setup.Clinic)}/{id}");

        detail.GetProperty("appointment").GetProperty("id").GetGuid().ShouldBe(id);
        detail.GetProperty("appointment").GetProperty("patient").GetProperty("displayName").GetString()!.ShouldStartWith("Alice");
        detail.GetProperty("appointment").GetProperty("status").GetString().ShouldBe("cancelled");
        detail.GetProperty("appointment").GetProperty("bookedBy").GetString().ShouldBe("staff");
        detail.GetProperty("staffNote").GetString().ShouldBe("Needs an interpreter");
        detail.GetProperty("cancelledBy").GetString().ShouldBe("staff");
        detail.GetProperty("cancelReason").GetString().ShouldBe("Patient moved away");
        detail.GetProperty("sequence").GetInt32().ShouldBe(1);
        detail.GetProperty("bookedByLabel").GetString().ShouldNotBeNullOrEmpty();
        var history = detail.GetProperty("history").EnumerateArray().ToList();
        history.Select(h => h.GetProperty("status").GetString()).ShouldBe(["cancelled", "confirmed", "booked"]);
        history.ShouldAllBe(h => h.GetProperty("actorKind").GetString() == "staff");
        (await App.AuditAsync(setup.Clinic.Id, id))[^1].ShouldBe(("appointments.appointment.viewed", "staff"));

        using var missing = await staff.GetAsync($"{SetupUrl(setup.Clinic)}/{Guid.NewGuid()}");
        await missing.ShouldBeProblemAsync(HttpStatusCode.NotFound, "appointment_not_found");
    }
}
