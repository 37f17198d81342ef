using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Portal.TestKit.Peers;

namespace Portal.Appointments.Tests;

/// <summary>A clinic set up for booking: one location, providers with weekday hours, and a 30-minute type patients book online.</summary>
public sealed record BookableClinic(TestClinic Clinic, Guid LocationId, IReadOnlyList<Guid> ProviderIds, Guid TypeId, DateOnly Day);

internal static class AppointmentsApi
{
    public static readonly TimeZoneInfo Toronto = TimeZoneInfo.FindSystemTimeZoneById("America/Toronto");

    public static string SetupUrl(TestClinic clinic) => $"/api/clinics/{clinic.Slug}/appointments";

    public static string MyAppointmentsUrl(TestClinic clinic) => $"/api/clinics/{clinic.Slug}/portal/appointments";

    public static async Task<JsonElement> CreatedAsync(this PortalClient client, string path, JsonNode body)
    {
        using var response = await client.SendJsonAsync(HttpMethod.Post, path, body);
        await response.ShouldHaveStatusAsync(HttpStatusCode.Created);
        return await response.ReadJsonAsync();
    }

    public static JsonObject ProviderBody(string name = "Dr. Amira Haddad") =>
        new() { ["name"] = name, ["title"] = "MD", ["languages"] = new JsonArray("en", "fr") };

    public static JsonObject TypeBody(IEnumerable<Guid> providers, int minutes = 30, bool online = true, string mode = "in_person", int before = 0, int after = 0) =>
        new()
        {
            ["nameEn"] = "Follow-up visit",
            ["nameFr"] = "Visite de suivi",
            ["durationMinutes"] = minutes,
            ["mode"] = mode,
            ["bookableOnline"] = online,
            ["providerIds"] = new JsonArray(providers.Select(p => (JsonNode)p.ToString()).ToArray()),
            ["bufferBeforeMinutes"] = before,
            ["bufferAfterMinutes"] = after,
        };

    public static JsonObject Window(Guid location, int weekday, string start, string end) =>
        new() { ["locationId"] = location, ["weekday"] = weekday, ["start"] = start, ["end"] = end };

    /// <summary>A Monday at least a week ahead of the app's clock, in the clinic's calendar.</summary>
    public static DateOnly NextMonday(PortalApp app)
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(app.Clock.GetUtcNow(), Toronto).DateTime).AddDays(7);
        while (today.DayOfWeek != DayOfWeek.Monday)
        {
            today = today.AddDays(1);
        }

        return today;
    }

    /// <summary>Sets up a clinic whose providers work 09:00 to 12:00 every weekday at one location.</summary>
    public static async Task<BookableClinic> BookableClinicAsync(this PortalApp app, int providers = 1, int minutes = 30, int before = 0, int after = 0)
    {
        var clinic = await app.OpenClinicAsync();
        using var admin = await app.SignedInAsync(clinic, clinic.Admin);
        var location = (await admin.CreatedAsync(SetupUrl(clinic) + "/locations", new JsonObject { ["name"] = "Main office", ["address"] = "1 King St W" }))
            .GetProperty("id").GetGuid();
        var ids = new List<Guid>();
        for (var i = 0; i < providers; i++)
        {
            var id = (await admin.CreatedAsync(SetupUrl(clinic) + "/providers", ProviderBody($"Provider {i}"))).GetProperty("id").GetGuid();
            var week = new JsonArray(Enumerable.Range(1, 5).Select(d => (JsonNode)Window(location, d, "09:00:00", "12:00:00")).ToArray());
            using var put = await admin.SendJsonAsync(HttpMethod.Put, $"{SetupUrl(clinic)}/providers/{id}/availability", new JsonObject { ["windows"] = week });
            await put.ShouldHaveStatusAsync(HttpStatusCode.OK);
            ids.Add(id);
        }

        var type = (await admin.CreatedAsync(SetupUrl(clinic) + "/types", TypeBody(ids, minutes, before: before, after: after))).GetProperty("id").GetGuid();
        return new BookableClinic(clinic, location, ids, type, NextMonday(app));
    }

    public static string SlotsQuery(Guid typeId, DateOnly from, DateOnly to, Guid? providerId = null) =>
        $"/slots?typeId={typeId}&from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}" + (providerId is { } p ? $"&providerId={p}" : "");

    public static JsonObject Booking(Guid typeId, Guid providerId, DateTimeOffset startsAt) =>
        new() { ["typeId"] = typeId, ["providerId"] = providerId, ["startsAt"] = startsAt.ToString("O", CultureInfo.InvariantCulture) };

    /// <summary>09:00 on the day, in Toronto, as the slots list gives it.</summary>
    public static DateTimeOffset At(DateOnly day, int hour, int minute = 0) =>
        TimeZoneInfo.ConvertTime(new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(new TimeOnly(hour, minute)), Toronto)), Toronto);

    public static async Task<JsonElement> BookAsync(this PortalClient patient, BookableClinic setup, DateTimeOffset startsAt, int provider = 0)
    {
        using var response = await patient.SendJsonAsync(HttpMethod.Post, MyAppointmentsUrl(setup.Clinic), Booking(setup.TypeId, setup.ProviderIds[provider], startsAt));
        await response.ShouldHaveStatusAsync(HttpStatusCode.Created);
        return await response.ReadJsonAsync();
    }

    public static string MyAppointmentUrl(BookableClinic setup, Guid id, string action = "") => $"{MyAppointmentsUrl(setup.Clinic)}/{id}{action}";

    /// <summary>A new patient of the clinic, signed in.</summary>
    public static async Task<PortalClient> NewPatientAsync(this PortalApp app, SmtpSink smtp, TestClinic clinic, string givenName = "Camille") =>
        await app.SignedInPatientAsync(smtp, await app.AddPatientAsync(clinic, givenName));

    public static JsonObject RulesBody(int notice = 120, int ahead = 90, int window = 1440, int maxUpcoming = 3, string mode = "direct") =>
        new() { ["minNoticeMinutes"] = notice, ["bookAheadDays"] = ahead, ["changeWindowMinutes"] = window, ["maxUpcoming"] = maxUpcoming, ["bookingMode"] = mode };

    /// <summary>The clinic's admin replaces the clinic's booking rules, or a type's own when <paramref name="typeId"/> is given.</summary>
    public static async Task SetRulesAsync(this PortalApp app, BookableClinic setup, JsonObject rules, Guid? typeId = null)
    {
        using var admin = await app.SignedInAsync(setup.Clinic, setup.Clinic.Admin);
        using var response = await admin.SendJsonAsync(HttpMethod.Put, SetupUrl(setup.Clinic) + (typeId is { } type ? $"/types/{type}/rules" : "/rules"), rules);
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
    }

    public static Task<HttpResponseMessage> RescheduleAsync(this PortalClient patient, BookableClinic setup, Guid id, DateTimeOffset startsAt, Guid? providerId = null)
    {
        var body = new JsonObject { ["startsAt"] = startsAt.ToString("O", CultureInfo.InvariantCulture) };
        if (providerId is { } provider)
        {
            body["providerId"] = provider;
        }

        return patient.SendJsonAsync(HttpMethod.Post, MyAppointmentUrl(setup, id, "/reschedule"), body);
    }

    public static async Task<IReadOnlyList<DateTimeOffset>> MyFreeSlotsAsync(this PortalClient patient, BookableClinic setup, DateOnly from, DateOnly to) =>
        (await patient.GetJsonAsync<JsonElement>(MyAppointmentsUrl(setup.Clinic) + SlotsQuery(setup.TypeId, from, to)))
        .GetProperty("items").EnumerateArray().Select(s => s.GetProperty("startsAt").GetDateTimeOffset()).ToList();

    /// <summary>Today in the clinic's calendar, by the app's clock.</summary>
    public static DateOnly Today(PortalApp app) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(app.Clock.GetUtcNow(), Toronto).DateTime);

    public static IReadOnlyList<Guid> ItemIds(this JsonElement page) =>
        page.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("id").GetGuid()).ToList();

    /// <summary>Every appointments row of the clinic as text, to show a refused request changed nothing.</summary>
    public static async Task<string> SnapshotAsync(this PortalApp app, Guid clinicId)
    {
        var parts = new List<string>();
        foreach (var table in new[]
                 {
                     "providers", "locations", "appointment_types", "type_providers", "weekly_availability", "availability_exceptions", "appointments", "booking_rules",
                     "earlier_slot_requests", "freed_slots", "earlier_slot_offers",
                 })
        {
            var rows = await app.QueryAsync<string>(
                $"select t::text from appointments.{table} t where clinic_id = @clinicId order by t::text", new { clinicId });
            parts.Add(table + ":" + string.Join("|", rows));
        }

        return string.Join("\n", parts);
    }

    public static Task<long> CountAsync(this PortalApp app, string table, Guid clinicId) =>
        app.QuerySingleAsync<long>($"select count(*) from appointments.{table} where clinic_id = @clinicId", new { clinicId });
}
