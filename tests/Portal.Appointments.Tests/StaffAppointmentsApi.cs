using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using static Portal.Appointments.Tests.AppointmentsApi;

namespace Portal.Appointments.Tests;

/// <summary>The staff side of Appointments as tests drive it: bookings for patients, calendars, and what the database holds.</summary>
internal static class StaffAppointmentsApi
{
    public static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string CalendarQuery(DateOnly from, DateOnly? to = null, Guid? providerId = null, Guid? locationId = null) =>
        $"/calendar?from={Day(from)}" + (to is { } last ? $"&to={Day(last)}" : "") + (providerId is { } p ? $"&providerId={p}" : "")
        + (locationId is { } l ? $"&locationId={l}" : "");

    public static JsonObject StaffBooking(Guid patientId, Guid typeId, Guid providerId, DateTimeOffset startsAt, bool anyTime = false, Guid? locationId = null)
    {
        var body = Booking(typeId, providerId, startsAt);
        body["patientId"] = patientId;
        if (anyTime)
        {
            body["anyTime"] = true;
        }

        if (locationId is { } location)
        {
            body["locationId"] = location;
        }

        return body;
    }

    public static async Task<Guid> StaffBookAsync(this PortalClient staff, BookableClinic setup, Guid patientId, DateTimeOffset startsAt, int provider = 0)
    {
        using var response = await staff.SendJsonAsync(HttpMethod.Post, SetupUrl(setup.Clinic), StaffBooking(patientId, setup.TypeId, setup.ProviderIds[provider], startsAt));
        await response.ShouldHaveStatusAsync(HttpStatusCode.Created);
        return (await response.ReadJsonAsync()).GetProperty("id").GetGuid();
    }

    public static Task<HttpResponseMessage> ActAsync(this PortalClient staff, TestClinic clinic, Guid id, string action, JsonNode? body = null) =>
        staff.SendJsonAsync(HttpMethod.Post, $"{SetupUrl(clinic)}/{id}/{action}", body ?? new JsonObject());

    public static Task<(string Status, int Sequence, DateTime StartsAtUtc, Guid ProviderId)> RowAsync(this PortalApp app, Guid id) =>
        app.QuerySingleAsync<(string, int, DateTime, Guid)>("select status, sequence, starts_at, provider_id from appointments.appointments where id = @id", new { id });

    public static Task<int> SetStatusAsync(this PortalApp app, Guid id, string status) =>
        app.ExecuteAsync("update appointments.appointments set status = @status where id = @id", new { id, status });

    /// <summary>The audit actions about the appointment, oldest first, with who did them.</summary>
    public static async Task<IReadOnlyList<(string Action, string ActorKind)>> AuditAsync(this PortalApp app, Guid clinicId, Guid id) =>
        (await app.QueryAsync<(string, string)>(
            "select action, actor_kind from platform.audit_log where clinic_id = @clinicId and target_type = 'appointment' and target_id = @target order by id",
            new { clinicId, target = id.ToString() })).ToList();

    /// <summary>Every appointment of the clinic as text, to prove a request changed nothing.</summary>
    public static async Task<string> AppointmentsSnapshotAsync(this PortalApp app, Guid clinicId) =>
        string.Join("\n", await app.QueryAsync<string>("select t::text from appointments.appointments t where clinic_id = @clinicId order by id", new { clinicId }));

    public static IReadOnlyList<DateTimeOffset> Starts(this JsonElement list, string property = "appointments") =>
        list.GetProperty(property).EnumerateArray().Select(a => a.GetProperty("startsAt").GetDateTimeOffset()).ToList();

    public static async Task<IReadOnlyList<DateTimeOffset>> FreeStartsAsync(this PortalClient staff, BookableClinic setup, DateOnly day, int provider = 0) =>
        (await staff.GetJsonAsync<JsonElement>(SetupUrl(setup.Clinic) + SlotsQuery(setup.TypeId, day, day, setup.ProviderIds[provider]))).Starts("items");
}
