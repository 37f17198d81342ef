using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Portal.Appointments.Contracts;
using static Portal.Appointments.Tests.AppointmentsApi;

namespace Portal.Appointments.Tests;

public sealed class RulesTests(AppointmentEventsFixture fixture) : IClassFixture<AppointmentEventsFixture>
{
    private PortalApp App => fixture.App;

    [Fact]
    public async Task X5_a_clinic_has_the_default_rules_until_a_manager_changes_them_and_staff_only_read_them()
    {
        var setup = await App.BookableClinicAsync();
        using var staff = await App.SignedInAsync(setup.Clinic, setup.Clinic.Staff);
        var rulesUrl = SetupUrl(setup.Clinic) + "/rules";

        var defaults = await staff.GetJsonAsync<JsonElement>(rulesUrl);
        defaults.GetProperty("minNoticeMinutes").GetInt32().ShouldBe(120);
        defaults.GetProperty("bookAheadDays").GetInt32().ShouldBe(90);
        defaults.GetProperty("changeWindowMinutes").GetInt32().ShouldBe(1440);
        defaults.GetProperty("maxUpcoming").GetInt32().ShouldBe(3);
        defaults.GetProperty("bookingMode").GetString().ShouldBe("direct");
        using (var refused = await staff.SendJsonAsync(HttpMethod.Put, rulesUrl, RulesBody(notice: 0)))
        {
            await refused.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        }

        using (var refused = await staff.SendJsonAsync(HttpMethod.Put, $"{SetupUrl(setup.Clinic)}/types/{setup.TypeId}/rules", new JsonObject { ["minNoticeMinutes"] = 0 }))
        {
            await refused.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        }

        await App.SetRulesAsync(setup, RulesBody(notice: 30, ahead: 14, window: 60, maxUpcoming: 5, mode: "request"));

        var changed = await staff.GetJsonAsync<JsonElement>(rulesUrl);
        changed.GetRawText().ShouldBe("""{"minNoticeMinutes":30,"bookAheadDays":14,"changeWindowMinutes":60,"maxUpcoming":5,"bookingMode":"request"}""");
        var other = await App.OpenClinicAsync();
        using var otherAdmin = await App.SignedInAsync(other, other.Admin);
        (await otherAdmin.GetJsonAsync<JsonElement>(SetupUrl(other) + "/rules")).GetProperty("bookingMode").GetString().ShouldBe("direct");
    }

    [Fact]
    public async Task X5_minimum_notice_a_patient_is_neither_offered_nor_allowed_a_time_inside_it_but_staff_see_it()
    {
        var setup = await App.BookableClinicAsync();
        using var patient = await App.NewPatientAsync(fixture.Smtp, setup.Clinic);
        using var staff = await App.SignedInAsync(setup.Clinic, setup.Clinic.Staff);
        // The notice ends between 09:30 and 10:00 on the day.
        var notice = (int)Math.Ceiling((At(setup.Day, 9, 45) - App.Clock.GetUtcNow()).TotalMinutes);
        await App.SetRulesAsync(setup, RulesBody(notice: notice));

        (await patient.MyFreeSlotsAsync(setup, setup.Day, setup.Day)).ShouldBe([At(setup.Day, 10), At(setup.Day, 10, 30), At(setup.Day, 11), At(setup.Day, 11, 30)]);
        (await staff.GetJsonAsync<JsonElement>(SetupUrl(setup.Clinic) + SlotsQuery(setup.TypeId, setup.Day, setup.Day))).GetProperty("items").GetArrayLength().ShouldBe(6);
        using (var refused = await patient.SendJsonAsync(HttpMethod.Post, MyAppointmentsUrl(setup.Clinic), Booking(setup.TypeId, setup.ProviderIds[0], At(setup.Day, 9, 30))))
        {
            var problem = await refused.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "too_soon");
            problem.Detail!.ShouldContain("call the clinic");
        }

        (await App.CountAsync("appointments", setup.Clinic.Id)).ShouldBe(0);
        (await patient.BookAsync(setup, At(setup.Day, 10))).GetProperty("status").GetString().ShouldBe("booked");
    }

    [Fact]
    public async Task X5_how_far_ahead_the_last_day_a_patient_may_book_is_today_plus_the_clinics_days()
    {
        var setup = await App.BookableClinicAsync();
        using var patient = await App.NewPatientAsync(fixture.Smtp, setup.Clinic);
        await App.SetRulesAsync(setup, RulesBody(ahead: setup.Day.DayNumber - Today(App).DayNumber));

        (await patient.MyFreeSlotsAsync(setup, setup.Day, setup.Day.AddDays(1))).Select(s => DateOnly.FromDateTime(s.DateTime)).Distinct().ShouldBe([setup.Day]);
        using (var refused = await patient.SendJsonAsync(HttpMethod.Post, MyAppointmentsUrl(setup.Clinic), Booking(setup.TypeId, setup.ProviderIds[0], At(setup.Day.AddDays(1), 9))))
        {
            await refused.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "too_far_ahead");
        }

        (await App.CountAsync("appointments", setup.Clinic.Id)).ShouldBe(0);
        (await patient.BookAsync(setup, At(setup.Day, 11, 30))).GetProperty("status").GetString().ShouldBe("booked");
    }

    [Fact]
    public async Task X5_a_patient_holds_at_most_the_clinics_number_of_upcoming_online_bookings_and_a_cancellation_makes_room()
    {
        var setup = await App.BookableClinicAsync();
        using var patient = await App.NewPatientAsync(fixture.Smtp, setup.Clinic);
        using var other = await App.NewPatientAsync(fixture.Smtp, setup.Clinic, "Other");
        await App.SetRulesAsync(setup, RulesBody(maxUpcoming: 2));
        var first = (await patient.BookAsync(setup, At(setup.Day, 9))).GetProperty("id").GetGuid();
        await patient.BookAsync(setup, At(setup.Day, 9, 30));

        using (var refused = await patient.SendJsonAsync(HttpMethod.Post, MyAppointmentsUrl(setup.Clinic), Booking(setup.TypeId, setup.ProviderIds[0], At(setup.Day, 10))))
        {
            var problem = await refused.ShouldBeProblemAsync(HttpStatusCode.Conflict, "too_many_upcoming");
            problem.Detail!.ShouldContain("call the clinic");
        }

        (await other.BookAsync(setup, At(setup.Day, 11))).GetProperty("status").GetString().ShouldBe("booked");
        using (var cancelled = await patient.SendJsonAsync(HttpMethod.Post, MyAppointmentUrl(setup, first, "/cancel"), new JsonObject()))
        {
            await cancelled.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        (await patient.BookAsync(setup, At(setup.Day, 10))).GetProperty("status").GetString().ShouldBe("booked");
    }

    [Fact]
    public async Task X5_simultaneous_bookings_by_one_patient_cannot_pass_the_limit_together()
    {
        var setup = await App.BookableClinicAsync();
        using var patient = await App.NewPatientAsync(fixture.Smtp, setup.Clinic);
        await App.SetRulesAsync(setup, RulesBody(maxUpcoming: 1));
        var times = Enumerable.Range(0, 6).Select(i => At(setup.Day, 9).AddMinutes(30 * i)).ToList();

        // One client per request, each with the patient's session: a client's cookie jar is not shared across threads.
        var sessions = times.Select(_ => patient.CopyTo(patient.BaseAddress)).ToList();
        var responses = await Task.WhenAll(times.Select((t, i) =>
            sessions[i].SendJsonAsync(HttpMethod.Post, MyAppointmentsUrl(setup.Clinic), Booking(setup.TypeId, setup.ProviderIds[0], t))));

        responses.Count(r => r.StatusCode == HttpStatusCode.Created).ShouldBe(1);
        foreach (var response in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
        {
            await response.ShouldBeProblemAsync(HttpStatusCode.Conflict, "too_many_upcoming");
        }

        (await App.CountAsync("appointments", setup.Clinic.Id)).ShouldBe(1);
        foreach (var response in responses)
        {
            response.Dispose();
        }

        sessions.ForEach(s => s.Dispose());
    }

    [Fact]
    public async Task X5_a_types_own_rules_replace_the_clinics_for_that_type_only()
    {
        var setup = await App.BookableClinicAsync();
        using var patient = await App.NewPatientAsync(fixture.Smtp, setup.Clinic);
        using var admin = await App.SignedInAsync(setup.Clinic, setup.Clinic.Admin);
        var quick = (await admin.CreatedAsync(SetupUrl(setup.Clinic) + "/types", TypeBody(setup.ProviderIds))).GetProperty("id").GetGuid();
        await App.SetRulesAsync(setup, RulesBody(notice: 43200));
        await App.SetRulesAsync(setup, new JsonObject { ["minNoticeMinutes"] = 0, ["maxUpcoming"] = 1 }, quick);

        var own = await admin.GetJsonAsync<JsonElement>($"{SetupUrl(setup.Clinic)}/types/{quick}/rules");
        own.GetProperty("own").GetRawText().ShouldBe("""{"minNoticeMinutes":0,"bookAheadDays":null,"changeWindowMinutes":null,"maxUpcoming":1,"bookingMode":null}""");
        own.GetProperty("clinic").GetProperty("minNoticeMinutes").GetInt32().ShouldBe(43200);
        (await patient.MyFreeSlotsAsync(setup, setup.Day, setup.Day)).ShouldBeEmpty();
        (await patient.GetJsonAsync<JsonElement>(MyAppointmentsUrl(setup.Clinic) + SlotsQuery(quick, setup.Day, setup.Day))).GetProperty("items").GetArrayLength().ShouldBe(6);
        using (var refused = await patient.SendJsonAsync(HttpMethod.Post, MyAppointmentsUrl(setup.Clinic), Booking(setup.TypeId, setup.ProviderIds[0], At(setup.Day, 9))))
        {
            await refused.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "too_soon");
        }

        using (var booked = await patient.SendJsonAsync(HttpMethod.Post, MyAppointmentsUrl(setup.Clinic), Booking(quick, setup.ProviderIds[0], At(setup.Day, 9))))
        {
            await booked.ShouldHaveStatusAsync(HttpStatusCode.Created);
        }

        using (var second = await patient.SendJsonAsync(HttpMethod.Post, MyAppointmentsUrl(setup.Clinic), Booking(quick, setup.ProviderIds[0], At(setup.Day, 10))))
        {
            await second.ShouldBeProblemAsync(HttpStatusCode.Conflict, "too_many_upcoming");
        }

        await App.SetRulesAsync(setup, new JsonObject(), quick);
        (await admin.GetJsonAsync<JsonElement>($"{SetupUrl(setup.Clinic)}/types/{quick}/rules")).GetProperty("own").GetProperty("minNoticeMinutes").ValueKind
            .ShouldBe(JsonValueKind.Null);
        (await App.CountAsync("appointments", setup.Clinic.Id)).ShouldBe(1);
    }

    [Fact]
    public async Task X5_request_mode_lands_requested_and_announces_AppointmentRequested_while_direct_booking_announces_AppointmentBooked()
    {
        var setup = await App.BookableClinicAsync();
        using var patient = await App.NewPatientAsync(fixture.Smtp, setup.Clinic);
        var direct = (await patient.BookAsync(setup, At(setup.Day, 9))).GetProperty("id").GetGuid();
        await App.SetRulesAsync(setup, RulesBody(mode: "request"));

        var requested = await patient.BookAsync(setup, At(setup.Day, 10));

        requested.GetProperty("status").GetString().ShouldBe("requested");
        var id = requested.GetProperty("id").GetGuid();
        (await App.QuerySingleAsync<string>("select status from appointments.appointments where id = @id", new { id })).ShouldBe("requested");
        fixture.Events.About(direct).ShouldHaveSingleItem().ShouldBeOfType<AppointmentBooked>().ByPatient.ShouldBeTrue();
        var announced = fixture.Events.About(id).ShouldHaveSingleItem().ShouldBeOfType<AppointmentRequested>();
        announced.StartsAt.ShouldBe(At(setup.Day, 10));
        announced.ProviderId.ShouldBe(setup.ProviderIds[0]);
        (await patient.MyFreeSlotsAsync(setup, setup.Day, setup.Day)).ShouldNotContain(At(setup.Day, 10));
        (await patient.GetJsonAsync<JsonElement>(MyAppointmentsUrl(setup.Clinic))).ItemIds().ShouldBe([direct, id]);
    }

    [Fact]
    public async Task X5_past_the_change_window_the_page_is_told_and_cancelling_or_moving_is_refused_with_call_the_clinic()
    {
        var setup = await App.BookableClinicAsync();
        using var patient = await App.NewPatientAsync(fixture.Smtp, setup.Clinic);
        var nine = At(setup.Day, 9);
        var booked = await patient.BookAsync(setup, nine);
        var id = booked.GetProperty("id").GetGuid();
        booked.GetProperty("canChange").GetBoolean().ShouldBeTrue();
        booked.GetProperty("canCancel").GetBoolean().ShouldBeTrue();
        booked.GetProperty("changeableUntil").GetDateTimeOffset().ShouldBe(nine.AddDays(-1));

        await App.SetRulesAsync(setup, RulesBody(window: 43200));

        var shown = await patient.GetJsonAsync<JsonElement>(MyAppointmentUrl(setup, id));
        shown.GetProperty("canChange").GetBoolean().ShouldBeFalse();
        shown.GetProperty("canCancel").GetBoolean().ShouldBeFalse();
        shown.GetProperty("changeableUntil").GetDateTimeOffset().ShouldBe(nine.AddDays(-30));
        var before = await App.SnapshotAsync(setup.Clinic.Id);
        using (var cancel = await patient.SendJsonAsync(HttpMethod.Post, MyAppointmentUrl(setup, id, "/cancel"), new JsonObject()))
        {
            var problem = await cancel.ShouldBeProblemAsync(HttpStatusCode.Conflict, "change_window_passed");
            problem.Detail!.ShouldContain("30 days");
            problem.Detail!.ShouldContain("call the clinic");
        }

        using (var move = await patient.RescheduleAsync(setup, id, At(setup.Day, 10)))
        {
            await move.ShouldBeProblemAsync(HttpStatusCode.Conflict, "change_window_passed");
        }

        (await App.SnapshotAsync(setup.Clinic.Id)).ShouldBe(before);
        fixture.Events.About(id).ShouldHaveSingleItem().ShouldBeOfType<AppointmentBooked>();

        await App.SetRulesAsync(setup, RulesBody(window: 60));
        using (var cancel = await patient.SendJsonAsync(HttpMethod.Post, MyAppointmentUrl(setup, id, "/cancel"), new JsonObject()))
        {
            await cancel.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        fixture.Events.About(id)[^1].ShouldBeOfType<AppointmentCancelled>().ByPatient.ShouldBeTrue();
    }
}
