using System.Net;
using System.Text.Json;
using Portal.Appointments.Contracts;
using static Portal.Appointments.Tests.AppointmentsApi;

namespace Portal.Appointments.Tests;

public sealed class RescheduleTests(AppointmentEventsFixture fixture) : IClassFixture<AppointmentEventsFixture>
{
    private PortalApp App => fixture.App;

    private sealed record Row(Guid ProviderId, DateTimeOffset StartsAt, DateTimeOffset EndsAt, int Sequence, string Status);

    private Task<Row> RowAsync(Guid id) =>
        App.QuerySingleAsync<Row>("select provider_id, starts_at, ends_at, sequence, status from appointments.appointments where id = @id", new { id });

    [Fact]
    public async Task A_patient_moves_an_appointment_by_updating_its_row_the_old_time_is_free_again_and_AppointmentRescheduled_is_published()
    {
        var setup = await App.BookableClinicAsync();
        using var patient = await App.NewPatientAsync(fixture.Smtp, setup.Clinic);
        var id = (await patient.BookAsync(setup, At(setup.Day, 9))).GetProperty("id").GetGuid();

        using var moved = await patient.RescheduleAsync(setup, id, At(setup.Day, 11));

        await moved.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var view = await moved.ReadJsonAsync();
        view.GetProperty("id").GetGuid().ShouldBe(id);
        view.GetProperty("startsAt").GetDateTimeOffset().ShouldBe(At(setup.Day, 11));
        view.GetProperty("endsAt").GetDateTimeOffset().ShouldBe(At(setup.Day, 11, 30));
        view.GetProperty("status").GetString().ShouldBe("booked");
        (await RowAsync(id)).ShouldBe(new Row(setup.ProviderIds[0], At(setup.Day, 11), At(setup.Day, 11, 30), 1, "booked"));
        (await App.CountAsync("appointments", setup.Clinic.Id)).ShouldBe(1);
        var free = await patient.MyFreeSlotsAsync(setup, setup.Day, setup.Day);
        free.ShouldContain(At(setup.Day, 9));
        free.ShouldNotContain(At(setup.Day, 11));
        var announced = fixture.Events.About(id)[^1].ShouldBeOfType<AppointmentRescheduled>();
        (announced.PreviousStartsAt, announced.StartsAt, announced.EndsAt, announced.ByPatient).ShouldBe((At(setup.Day, 9), At(setup.Day, 11), At(setup.Day, 11, 30), true));
        (await App.QuerySingleAsync<long>(
            "select count(*) from platform.audit_log where action = 'appointments.appointment.moved' and target_id = @id", new { id = id.ToString() }))
            .ShouldBe(1);
    }

    [Fact]
    public async Task A_patient_moves_to_another_provider_of_the_type_and_into_time_only_its_own_buffers_held()
    {
        var setup = await App.BookableClinicAsync(providers: 2, after: 30);
        using var patient = await App.NewPatientAsync(fixture.Smtp, setup.Clinic);
        var id = (await patient.BookAsync(setup, At(setup.Day, 9))).GetProperty("id").GetGuid();

        // 09:30 meets the appointment's own buffer after it, which it gives up as it moves.
        using (var later = await patient.RescheduleAsync(setup, id, At(setup.Day, 9, 30)))
        {
            await later.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        using (var other = await patient.RescheduleAsync(setup, id, At(setup.Day, 9, 30), setup.ProviderIds[1]))
        {
            await other.ShouldHaveStatusAsync(HttpStatusCode.OK);
            (await other.ReadJsonAsync()).GetProperty("provider").GetProperty("id").GetGuid().ShouldBe(setup.ProviderIds[1]);
        }

        (await RowAsync(id)).ShouldBe(new Row(setup.ProviderIds[1], At(setup.Day, 9, 30), At(setup.Day, 10), 2, "booked"));
        (await App.QuerySingleAsync<string>("select occupied::text from appointments.appointments where id = @id", new { id }))
            .ShouldBe(await App.QuerySingleAsync<string>("select tstzrange(@from, @to)::text", new { from = At(setup.Day, 9, 30).ToUniversalTime(), to = At(setup.Day, 10, 30).ToUniversalTime() }));
    }

    [Fact]
    public async Task A_move_too_soon_too_far_ahead_to_a_time_not_offered_or_taken_is_refused_and_the_appointment_keeps_its_time()
    {
        var setup = await App.BookableClinicAsync();
        using var patient = await App.NewPatientAsync(fixture.Smtp, setup.Clinic);
        using var other = await App.NewPatientAsync(fixture.Smtp, setup.Clinic, "Other");
        var id = (await patient.BookAsync(setup, At(setup.Day, 11))).GetProperty("id").GetGuid();
        await other.BookAsync(setup, At(setup.Day, 10, 30));
        var notice = (int)Math.Ceiling((At(setup.Day, 9, 45) - App.Clock.GetUtcNow()).TotalMinutes);
        await App.SetRulesAsync(setup, RulesBody(notice: notice, window: 60));
        using (var tooSoon = await patient.RescheduleAsync(setup, id, At(setup.Day, 9, 30)))
        {
            await tooSoon.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "too_soon");
        }

        await App.SetRulesAsync(setup, RulesBody(notice: 0, ahead: setup.Day.DayNumber - Today(App).DayNumber, window: 60));
        foreach (var (startsAt, provider, status, code) in new (DateTimeOffset, Guid?, HttpStatusCode, string)[]
                 {
                     (At(setup.Day.AddDays(1), 9), null, HttpStatusCode.BadRequest, "too_far_ahead"),
                     (At(setup.Day, 10, 10), null, HttpStatusCode.BadRequest, "slot_not_offered"),
                     (At(setup.Day, 13), null, HttpStatusCode.BadRequest, "slot_not_offered"),
                     (At(setup.Day, 11), null, HttpStatusCode.BadRequest, "same_time"),
                     (At(setup.Day, 10), Guid.NewGuid(), HttpStatusCode.BadRequest, "provider_not_found"),
                     (At(setup.Day, 10, 30), null, HttpStatusCode.Conflict, "slot_taken"),
                 })
        {
            using var response = await patient.RescheduleAsync(setup, id, startsAt, provider);
            await response.ShouldBeProblemAsync(status, code);
        }

        (await RowAsync(id)).ShouldBe(new Row(setup.ProviderIds[0], At(setup.Day, 11), At(setup.Day, 11, 30), 0, "booked"));
        fixture.Events.About(id).ShouldHaveSingleItem().ShouldBeOfType<AppointmentBooked>();
        using var moved = await patient.RescheduleAsync(setup, id, At(setup.Day, 10));
        await moved.ShouldHaveStatusAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task An_appointment_that_is_cancelled_or_has_started_cannot_be_moved()
    {
        var setup = await App.BookableClinicAsync();
        using var patient = await App.NewPatientAsync(fixture.Smtp, setup.Clinic);
        var cancelled = (await patient.BookAsync(setup, At(setup.Day, 9))).GetProperty("id").GetGuid();
        var arrived = (await patient.BookAsync(setup, At(setup.Day, 9, 30))).GetProperty("id").GetGuid();
        using (var cancel = await patient.SendJsonAsync(HttpMethod.Post, MyAppointmentUrl(setup, cancelled, "/cancel"), new System.Text.Json.Nodes.JsonObject()))
        {
            await cancel.ShouldHaveStatusAsync(HttpStatusCode.OK);
            (await cancel.ReadJsonAsync()).GetProperty("canChange").GetBoolean().ShouldBeFalse();
        }

        await App.ExecuteAsync("update appointments.appointments set status = 'arrived' where id = @arrived", new { arrived });
        (await patient.GetJsonAsync<JsonElement>(MyAppointmentUrl(setup, arrived))).GetProperty("canChange").GetBoolean().ShouldBeFalse();

        foreach (var id in new[] { cancelled, arrived })
        {
            using var response = await patient.RescheduleAsync(setup, id, At(setup.Day, 11));
            await response.ShouldBeProblemAsync(HttpStatusCode.Conflict, "cannot_change");
        }

        (await App.QuerySingleAsync<long>("select count(*) from appointments.appointments where clinic_id = @Id and sequence > 1", new { setup.Clinic.Id })).ShouldBe(0);
    }

    [Fact]
    public async Task R5_fifty_simultaneous_changes_of_fifty_appointments_into_one_slot_give_one_success_and_49_409_and_the_49_keep_their_times()
    {
        var setup = await App.BookableClinicAsync();
        var target = At(setup.Day, 11, 30);
        var days = Enumerable.Range(0, 12).Select(setup.Day.AddDays).Where(d => d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday));
        var times = days.SelectMany(d => Enumerable.Range(0, 6).Select(i => At(d, 9).AddMinutes(30 * i))).Where(t => t != target).Take(50).ToList();
        times.Count.ShouldBe(50);
        var patients = new List<PortalClient>();
        var ids = new List<Guid>();
        foreach (var (time, i) in times.Select((t, i) => (t, i)))
        {
            var patient = await App.NewPatientAsync(fixture.Smtp, setup.Clinic, $"Mover{i}");
            patients.Add(patient);
            ids.Add((await patient.BookAsync(setup, time)).GetProperty("id").GetGuid());
        }

        using var start = new ManualResetEventSlim();
        var responses = await Task.WhenAll(patients.Select((p, i) => Task.Run(async () =>
        {
            start.Wait();
            return await p.RescheduleAsync(setup, ids[i], target);
        })).ToList().Also(_ => start.Set()));

        responses.Count(r => r.StatusCode == HttpStatusCode.OK).ShouldBe(1);
        var winner = responses.Select((r, i) => (r, i)).Single(x => x.r.StatusCode == HttpStatusCode.OK).i;
        foreach (var response in responses.Where(r => r.StatusCode != HttpStatusCode.OK))
        {
            var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Conflict, "slot_taken");
            problem.Detail!.ShouldContain("that time was just taken");
        }

        for (var i = 0; i < ids.Count; i++)
        {
            var row = await RowAsync(ids[i]);
            row.ShouldBe(i == winner
                ? new Row(setup.ProviderIds[0], target, target.AddMinutes(30), 1, "booked")
                : new Row(setup.ProviderIds[0], times[i], times[i].AddMinutes(30), 0, "booked"));
        }

        (await App.CountAsync("appointments", setup.Clinic.Id)).ShouldBe(50);
        foreach (var response in responses)
        {
            response.Dispose();
        }

        patients.ForEach(p => p.Dispose());
    }
}
