using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Portal.Appointments.Features.StaffCalendar;
using Portal.Appointments.Scheduling;
using static Portal.Appointments.Tests.AppointmentsApi;
using static Portal.Appointments.Tests.StaffAppointmentsApi;

namespace Portal.Appointments.Tests;

public sealed class StaffCalendarTests(MessagingAppFixture fixture) : IClassFixture<MessagingAppFixture>
{
    private PortalApp App => fixture.App;

    [Fact]
    public async Task A_days_calendar_lists_its_appointments_with_patient_names_local_times_and_each_providers_hours_less_time_off()
    {
        var setup = await App.BookableClinicAsync(providers: 2);
        var alice = await App.AddPatientAsync(setup.Clinic, "Alice");
        var bob = await App.AddPatientAsync(setup.Clinic, "Bob");
        using var staff = await App.SignedInAsync(setup.Clinic, setup.Clinic.Staff);
        using var admin = await App.SignedInAsync(setup.Clinic, setup.Clinic.Admin);
        var first = await staff.StaffBookAsync(setup, alice.Id, At(setup.Day, 9));
        var second = await staff.StaffBookAsync(setup, bob.Id, At(setup.Day, 10), provider: 1);
        var cancelled = await staff.StaffBookAsync(setup, bob.Id, At(setup.Day, 11));
        using (var cancel = await staff.ActAsync(setup.Clinic, cancelled, "cancel", new JsonObject { ["reason"] = "Clinic closed early" }))
        {
            await cancel.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        await staff.StaffBookAsync(setup, alice.Id, At(setup.Day.AddDays(1), 9));
        await admin.CreatedAsync($"{SetupUrl(setup.Clinic)}/providers/{setup.ProviderIds[0]}/exceptions", new JsonObject
        {
            ["kind"] = "unavailable", ["startsOn"] = Day(setup.Day), ["endsOn"] = Day(setup.Day), ["start"] = "10:00:00", ["end"] = "11:00:00", ["reason"] = "Training",
        });

        var day = await staff.GetJsonAsync<JsonElement>(SetupUrl(setup.Clinic) + CalendarQuery(setup.Day));

        day.GetProperty("timeZone").GetString().ShouldBe("America/Toronto");
        var appointments = day.GetProperty("appointments").EnumerateArray().ToList();
        appointments.Select(a => a.GetProperty("id").GetGuid()).ShouldBe([first, second, cancelled]);
        appointments.Select(a => a.GetProperty("status").GetString()).ShouldBe(["booked", "booked", "cancelled"]);
        appointments[0].GetProperty("patient").GetProperty("displayName").GetString()!.ShouldStartWith("Alice");
        appointments[1].GetProperty("patient").GetProperty("displayName").GetString()!.ShouldStartWith("Bob");
        appointments[1].GetProperty("provider").GetProperty("id").GetGuid().ShouldBe(setup.ProviderIds[1]);
        appointments[0].GetProperty("type").GetProperty("nameFr").GetString().ShouldBe("Visite de suivi");
        appointments[0].GetProperty("location").GetProperty("id").GetGuid().ShouldBe(setup.LocationId);
        appointments[0].GetProperty("bookedBy").GetString().ShouldBe("staff");
        appointments[0].GetProperty("startsAt").GetString()!.ShouldEndWith(At(setup.Day, 9).Offset == TimeSpan.FromHours(-5) ? "-05:00" : "-04:00");
        appointments[0].GetProperty("startsAt").GetDateTimeOffset().ShouldBe(At(setup.Day, 9));
        appointments[0].GetProperty("nextStatuses").EnumerateArray().Select(s => s.GetString()).ShouldContain("arrived");

        var providers = day.GetProperty("providers").EnumerateArray().ToDictionary(p => p.GetProperty("id").GetGuid());
        providers.Keys.Order().ShouldBe(setup.ProviderIds.Order());
        Hours(providers[setup.ProviderIds[0]]).ShouldBe([(At(setup.Day, 9), At(setup.Day, 10)), (At(setup.Day, 11), At(setup.Day, 12))]);
        Hours(providers[setup.ProviderIds[1]]).ShouldBe([(At(setup.Day, 9), At(setup.Day, 12))]);
        var away = providers[setup.ProviderIds[0]].GetProperty("away").EnumerateArray().Single();
        away.GetProperty("reason").GetString().ShouldBe("Training");
        away.GetProperty("startsAt").GetDateTimeOffset().ShouldBe(At(setup.Day, 10));

        var one = await staff.GetJsonAsync<JsonElement>(SetupUrl(setup.Clinic) + CalendarQuery(setup.Day, providerId: setup.ProviderIds[1]));
        one.GetProperty("appointments").EnumerateArray().Select(a => a.GetProperty("id").GetGuid()).ShouldBe([second]);
        one.GetProperty("providers").EnumerateArray().Select(p => p.GetProperty("id").GetGuid()).ShouldBe([setup.ProviderIds[1]]);
        (await App.QuerySingleAsync<long>(
            "select count(*) from platform.audit_log where clinic_id = @Id and action = 'appointments.calendar.viewed' and actor_kind = 'staff'", new { setup.Clinic.Id }))
            .ShouldBe(2);
    }

    [Fact]
    public async Task A_weeks_calendar_holds_each_day_and_a_range_longer_than_a_week_or_backwards_is_refused()
    {
        var setup = await App.BookableClinicAsync();
        var patient = await App.AddPatientAsync(setup.Clinic);
        using var staff = await App.SignedInAsync(setup.Clinic, setup.Clinic.Staff);
        var monday = await staff.StaffBookAsync(setup, patient.Id, At(setup.Day, 9));
        var friday = await staff.StaffBookAsync(setup, patient.Id, At(setup.Day.AddDays(4), 11, 30));
        await staff.StaffBookAsync(setup, patient.Id, At(setup.Day.AddDays(7), 9));

        var week = await staff.GetJsonAsync<JsonElement>(SetupUrl(setup.Clinic) + CalendarQuery(setup.Day, setup.Day.AddDays(6)));

        week.GetProperty("appointments").EnumerateArray().Select(a => a.GetProperty("id").GetGuid()).ShouldBe([monday, friday]);
        week.GetProperty("from").GetString().ShouldBe(Day(setup.Day));
        week.GetProperty("to").GetString().ShouldBe(Day(setup.Day.AddDays(6)));
        Hours(week.GetProperty("providers")[0]).Select(h => h.From).ShouldBe(Enumerable.Range(0, 5).Select(d => At(setup.Day.AddDays(d), 9)));
        var tuesday = await staff.GetJsonAsync<JsonElement>(SetupUrl(setup.Clinic) + CalendarQuery(setup.Day.AddDays(1)));
        tuesday.GetProperty("appointments").GetArrayLength().ShouldBe(0);
        Hours(tuesday.GetProperty("providers")[0]).ShouldBe([(At(setup.Day.AddDays(1), 9), At(setup.Day.AddDays(1), 12))]);

        foreach (var query in new[]
                 {
                     CalendarQuery(setup.Day, setup.Day.AddDays(7)), CalendarQuery(setup.Day, setup.Day.AddDays(-1)), "/calendar",
                     "/calendar?from=2030-02-30", $"/calendar?from={Day(setup.Day)}&providerId=nope",
                 })
        {
            using var response = await staff.GetAsync(SetupUrl(setup.Clinic) + query);
            await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        }
    }

    [Fact]
    public async Task A_locations_calendar_holds_only_what_happens_there()
    {
        var setup = await App.BookableClinicAsync(providers: 2);
        var patient = await App.AddPatientAsync(setup.Clinic);
        using var admin = await App.SignedInAsync(setup.Clinic, setup.Clinic.Admin);
        var annex = (await admin.CreatedAsync(SetupUrl(setup.Clinic) + "/locations", new JsonObject { ["name"] = "Annex" })).GetProperty("id").GetGuid();
        var week = new JsonArray(Enumerable.Range(1, 5).Select(d => (JsonNode)Window(annex, d, "13:00:00", "16:00:00")).ToArray());
        using (var put = await admin.SendJsonAsync(HttpMethod.Put, $"{SetupUrl(setup.Clinic)}/providers/{setup.ProviderIds[1]}/availability", new JsonObject { ["windows"] = week }))
        {
            await put.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        var main = await admin.StaffBookAsync(setup, patient.Id, At(setup.Day, 9));
        var there = await admin.StaffBookAsync(setup, patient.Id, At(setup.Day, 13), provider: 1);

        var calendar = await admin.GetJsonAsync<JsonElement>(SetupUrl(setup.Clinic) + CalendarQuery(setup.Day, locationId: annex));

        calendar.GetProperty("appointments").EnumerateArray().Select(a => a.GetProperty("id").GetGuid()).ShouldBe([there]);
        calendar.GetProperty("appointments")[0].GetProperty("location").GetProperty("name").GetString().ShouldBe("Annex");
        calendar.GetProperty("providers").EnumerateArray().Select(p => p.GetProperty("id").GetGuid()).ShouldBe([setup.ProviderIds[1]]);
        Hours(calendar.GetProperty("providers")[0]).ShouldBe([(At(setup.Day, 13), At(setup.Day, 16))]);
        (await admin.GetJsonAsync<JsonElement>(SetupUrl(setup.Clinic) + CalendarQuery(setup.Day, locationId: setup.LocationId)))
            .GetProperty("appointments").EnumerateArray().Select(a => a.GetProperty("id").GetGuid()).ShouldBe([main]);
    }

    [Fact]
    public void Working_hours_on_the_spring_change_keep_the_clock_times_and_time_off_cuts_them()
    {
        var location = Guid.NewGuid();
        var sunday = new DateOnly(2027, 3, 14);
        var (working, away) = WorkingHours.For(
            Toronto, sunday, sunday.AddDays(1),
            [new WeeklyWindow(Guid.NewGuid(), location, 7, new TimeOnly(1, 0), new TimeOnly(17, 0)), new WeeklyWindow(Guid.NewGuid(), location, 1, new TimeOnly(9, 0), new TimeOnly(12, 0))],
            [
                new CalendarChange(false, sunday, sunday, new TimeOnly(12, 0), new TimeOnly(13, 0), null, "Lunch"),
                new CalendarChange(false, sunday.AddDays(1), sunday.AddDays(1), null, null, null, "Holiday"),
            ]);

        working.Select(w => (w.From, w.To)).ShouldBe(
        [
            (DateTimeOffset.Parse("2027-03-14T01:00:00-05:00", System.Globalization.CultureInfo.InvariantCulture),
                DateTimeOffset.Parse("2027-03-14T12:00:00-04:00", System.Globalization.CultureInfo.InvariantCulture)),
            (DateTimeOffset.Parse("2027-03-14T13:00:00-04:00", System.Globalization.CultureInfo.InvariantCulture),
                DateTimeOffset.Parse("2027-03-14T17:00:00-04:00", System.Globalization.CultureInfo.InvariantCulture)),
        ]);
        working.ShouldAllBe(w => w.LocationId == location);
        away.Select(a => a.Reason).ShouldBe(["Lunch", "Holiday"]);
        (away[1].To - away[1].From).ShouldBe(TimeSpan.FromHours(24));
    }

    private static List<(DateTimeOffset From, DateTimeOffset To)> Hours(JsonElement provider) =>
        provider.GetProperty("hours").EnumerateArray()
            .Select(h => (h.GetProperty("startsAt").GetDateTimeOffset(), h.GetProperty("endsAt").GetDateTimeOffset()))
            .ToList();
}
