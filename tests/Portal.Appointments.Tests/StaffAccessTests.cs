using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using static Portal.Appointments.Tests.AppointmentsApi;
using static Portal.Appointments.Tests.StaffAppointmentsApi;

namespace Portal.Appointments.Tests;

public sealed class StaffAccessTests(MessagingAppFixture fixture) : IClassFixture<MessagingAppFixture>
{
    private PortalApp App => fixture.App;

    [Fact]
    public async Task A2_staff_of_another_clinic_reach_nothing_of_the_clinics_appointments_on_any_staff_route()
    {
        var home = await App.BookableClinicAsync();
        var patient = await App.AddPatientAsync(home.Clinic);
        using (var staff = await App.SignedInAsync(home.Clinic, home.Clinic.Staff))
        {
            await staff.StaffBookAsync(home, patient.Id, At(home.Day, 9));
        }

        var id = await App.QuerySingleAsync<Guid>("select id from appointments.appointments where clinic_id = @Id", new { home.Clinic.Id });
        var other = await App.OpenClinicAsync();
        var otherPatient = await App.AddPatientAsync(other);
        using var stranger = await App.SignedInAsync(other, other.Owner);
        var before = await App.AppointmentsSnapshotAsync(home.Clinic.Id);

        // At the home clinic's address: not a member.
        foreach (var (method, path, body) in Routes(home, patient.Id, id))
        {
            using var response = await Send(stranger, method, SetupUrl(home.Clinic) + path, body);
            await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        }

        // At their own clinic's address, with the home clinic's ids: unknown.
        var url = SetupUrl(other);
        foreach (var (method, path, body, status, code) in new (HttpMethod, string, JsonNode?, HttpStatusCode, string)[]
                 {
                     (HttpMethod.Get, $"/{id}", null, HttpStatusCode.NotFound, "appointment_not_found"),
                     (HttpMethod.Post, $"/{id}/move", new JsonObject { ["startsAt"] = At(home.Day, 10).ToString("O", CultureInfo.InvariantCulture) }, HttpStatusCode.NotFound, "appointment_not_found"),
                     (HttpMethod.Post, $"/{id}/cancel", new JsonObject { ["reason"] = "Taken over" }, HttpStatusCode.NotFound, "appointment_not_found"),
                     (HttpMethod.Post, $"/{id}/approve", new JsonObject(), HttpStatusCode.NotFound, "appointment_not_found"),
                     (HttpMethod.Post, $"/{id}/decline", new JsonObject(), HttpStatusCode.NotFound, "appointment_not_found"),
                     (HttpMethod.Post, $"/{id}/status", new JsonObject { ["status"] = "arrived" }, HttpStatusCode.NotFound, "appointment_not_found"),
                     (HttpMethod.Get, CalendarQuery(home.Day, providerId: home.ProviderIds[0]), null, HttpStatusCode.NotFound, "provider_not_found"),
                     (HttpMethod.Get, CalendarQuery(home.Day, locationId: home.LocationId), null, HttpStatusCode.NotFound, "location_not_found"),
                     (HttpMethod.Post, "", StaffBooking(patient.Id, home.TypeId, home.ProviderIds[0], At(home.Day, 10)), HttpStatusCode.NotFound, "patient_not_found"),
                     (HttpMethod.Post, "", StaffBooking(otherPatient.Id, home.TypeId, home.ProviderIds[0], At(home.Day, 10)), HttpStatusCode.BadRequest, "appointment_type_not_found"),
                 })
        {
            using var response = await Send(stranger, method, url + path, body);
            await response.ShouldBeProblemAsync(status, code);
        }

        var calendar = await stranger.GetJsonAsync<JsonElement>(url + CalendarQuery(home.Day, home.Day.AddDays(6)));
        calendar.GetProperty("appointments").GetArrayLength().ShouldBe(0);
        calendar.GetProperty("providers").GetArrayLength().ShouldBe(0);
        (await App.AppointmentsSnapshotAsync(home.Clinic.Id)).ShouldBe(before);
        (await App.CountAsync("appointments", other.Id)).ShouldBe(0);
    }

    [Fact]
    public async Task A_patient_session_or_no_session_gets_401_or_403_on_every_staff_route_and_changes_nothing()
    {
        var setup = await App.BookableClinicAsync();
        var patient = await App.AddPatientAsync(setup.Clinic);
        using (var staff = await App.SignedInAsync(setup.Clinic, setup.Clinic.Staff))
        {
            await staff.StaffBookAsync(setup, patient.Id, At(setup.Day, 9));
        }

        var id = await App.QuerySingleAsync<Guid>("select id from appointments.appointments where clinic_id = @Id", new { setup.Clinic.Id });
        var before = await App.AppointmentsSnapshotAsync(setup.Clinic.Id);
        using var own = await App.SignedInPatientAsync(fixture.Smtp, patient);
        using var anonymous = await App.AnonymousClientAsync();

        foreach (var (method, path, body) in Routes(setup, patient.Id, id))
        {
            using (var response = await Send(own, method, SetupUrl(setup.Clinic) + path, body))
            {
                response.StatusCode.ShouldBeOneOf(HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden);
                await response.ShouldBeProblemAsync(response.StatusCode);
            }

            using (var response = await Send(anonymous, method, SetupUrl(setup.Clinic) + path, body))
            {
                response.StatusCode.ShouldBeOneOf(HttpStatusCode.Unauthorized, HttpStatusCode.BadRequest);
                await response.ShouldBeProblemAsync(response.StatusCode);
            }
        }

        (await App.AppointmentsSnapshotAsync(setup.Clinic.Id)).ShouldBe(before);
    }

    [Fact]
    public async Task R6_bad_input_to_every_staff_route_is_a_4xx_problem_and_changes_nothing()
    {
        var setup = await App.BookableClinicAsync();
        var patient = await App.AddPatientAsync(setup.Clinic);
        using var staff = await App.SignedInAsync(setup.Clinic, setup.Clinic.Staff);
        var id = await staff.StaffBookAsync(setup, patient.Id, At(setup.Day, 9));
        var requested = await staff.StaffBookAsync(setup, patient.Id, At(setup.Day, 10));
        await App.SetStatusAsync(requested, "requested");
        var url = SetupUrl(setup.Clinic);
        var before = await App.AppointmentsSnapshotAsync(setup.Clinic.Id);
        var free = At(setup.Day, 11).ToString("O", CultureInfo.InvariantCulture);

        var cases = new List<(HttpMethod Method, string Path, string Json)>();
        var valid = new (string Path, JsonNode Body)[]
        {
            ("", StaffBooking(patient.Id, setup.TypeId, setup.ProviderIds[0], At(setup.Day, 11))),
            ($"/{id}/move", new JsonObject { ["startsAt"] = free }),
            ($"/{id}/cancel", new JsonObject { ["reason"] = "Closed" }),
            ($"/{requested}/decline", new JsonObject { ["reason"] = "Closed" }),
            ($"/{id}/status", new JsonObject { ["status"] = "arrived" }),
        };
        foreach (var (path, body) in valid)
        {
            cases.Add((HttpMethod.Post, url + path, "{"));
            cases.Add((HttpMethod.Post, url + path, "[]"));
            cases.Add((HttpMethod.Post, url + path, "\"text\""));
            cases.AddRange(BadJson.Mutations(body).Select(m => (HttpMethod.Post, url + path, m.Json)));
        }

        var unknown = Guid.NewGuid();
        cases.AddRange(
        [
            (HttpMethod.Post, url, StaffBooking(patient.Id, setup.TypeId, setup.ProviderIds[0], DateTimeOffset.Parse("9999-12-31T23:59:00Z", CultureInfo.InvariantCulture)).ToJsonString()),
            (HttpMethod.Post, url, StaffBooking(patient.Id, setup.TypeId, setup.ProviderIds[0], DateTimeOffset.Parse("0001-01-01T00:00:00Z", CultureInfo.InvariantCulture), anyTime: true, locationId: setup.LocationId).ToJsonString()),
            (HttpMethod.Post, url, StaffBooking(patient.Id, setup.TypeId, setup.ProviderIds[0], At(setup.Day, 11).AddSeconds(7), anyTime: true, locationId: setup.LocationId).ToJsonString()),
            (HttpMethod.Post, url, StaffBooking(patient.Id, unknown, setup.ProviderIds[0], At(setup.Day, 11)).ToJsonString()),
            (HttpMethod.Post, url, StaffBooking(patient.Id, setup.TypeId, unknown, At(setup.Day, 11)).ToJsonString()),
            (HttpMethod.Post, url, StaffBooking(unknown, setup.TypeId, setup.ProviderIds[0], At(setup.Day, 11)).ToJsonString()),
            (HttpMethod.Post, url, $$"""{"patientId":"{{patient.Id}}","typeId":"{{setup.TypeId}}","providerId":"{{setup.ProviderIds[0]}}","startsAt":"tomorrow"}"""),
            (HttpMethod.Post, url, $$"""{"patientId":"{{patient.Id}}","typeId":"{{setup.TypeId}}","providerId":"{{setup.ProviderIds[0]}}","startsAt":"{{free}}","staffNote":"A\u0000"}"""),
            (HttpMethod.Post, url, $$"""{"patientId":"{{patient.Id}}","typeId":"{{setup.TypeId}}","providerId":"{{setup.ProviderIds[0]}}","startsAt":"{{free}}","staffNote":"{{new string('x', 1001)}}"}"""),
            (HttpMethod.Post, url, $$"""{"patientId":"{{patient.Id}}","typeId":"{{setup.TypeId}}","providerId":"{{setup.ProviderIds[0]}}","startsAt":"{{free}}","staffNote":"{{new string('x', 300_000)}}"}"""),
            (HttpMethod.Post, $"{url}/{id}/move", $$"""{"startsAt":"{{free}}","providerId":"{{unknown}}"}"""),
            (HttpMethod.Post, $"{url}/{id}/move", $$"""{"startsAt":"{{free}}","anyTime":true,"locationId":"{{unknown}}"}"""),
            (HttpMethod.Post, $"{url}/{id}/cancel", """{"reason":"A\u0000"}"""),
            (HttpMethod.Post, $"{url}/{requested}/decline", $$"""{"reason":"{{new string('x', 501)}}"}"""),
            (HttpMethod.Post, $"{url}/{id}/status", """{"status":"in room"}"""),
        ]);
        foreach (var action in new[] { "move", "cancel", "approve", "decline", "status" })
        {
            var body = action switch
            {
                "move" => $$"""{"startsAt":"{{free}}"}""",
                "cancel" => """{"reason":"Closed"}""",
                "status" => """{"status":"arrived"}""",
                _ => "{}",
            };
            cases.Add((HttpMethod.Post, $"{url}/{unknown}/{action}", body));
            cases.Add((HttpMethod.Post, $"{url}/not-an-id/{action}", body));
        }

        foreach (var (method, path, json) in cases)
        {
            using var response = await staff.SendRawJsonAsync(method, path, json);
            var status = (int)response.StatusCode;
            (status is >= 400 and < 500).ShouldBeTrue($"{method} {path} {json[..Math.Min(json.Length, 200)]}: {status} {await response.Content.ReadAsStringAsync()}");
            if (status != 404 || !path.Contains("not-an-id", StringComparison.Ordinal))
            {
                response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json", $"{method} {path}");
            }
        }

        foreach (var path in new[]
                 {
                     $"/{unknown}", "/calendar", "/calendar?from=2030-13-01", $"/calendar?from={Day(setup.Day)}&to={Day(setup.Day.AddDays(30))}",
                     $"/calendar?from={Day(setup.Day)}&locationId=1", CalendarQuery(setup.Day, providerId: unknown), CalendarQuery(setup.Day, locationId: unknown),
                 })
        {
            using var response = await staff.GetAsync(url + path);
            ((int)response.StatusCode).ShouldBeInRange(400, 499, path);
            response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json", path);
        }

        (await App.AppointmentsSnapshotAsync(setup.Clinic.Id)).ShouldBe(before);
    }

    private static (HttpMethod Method, string Path, JsonNode? Body)[] Routes(BookableClinic setup, Guid patientId, Guid id) =>
    [
        (HttpMethod.Get, CalendarQuery(setup.Day), null),
        (HttpMethod.Get, $"/{id}", null),
        (HttpMethod.Post, "", StaffBooking(patientId, setup.TypeId, setup.ProviderIds[0], At(setup.Day, 10))),
        (HttpMethod.Post, $"/{id}/move", new JsonObject { ["startsAt"] = At(setup.Day, 10).ToString("O", CultureInfo.InvariantCulture) }),
        (HttpMethod.Post, $"/{id}/cancel", new JsonObject { ["reason"] = "Closed" }),
        (HttpMethod.Post, $"/{id}/approve", new JsonObject()),
        (HttpMethod.Post, $"/{id}/decline", new JsonObject()),
        (HttpMethod.Post, $"/{id}/status", new JsonObject { ["status"] = "arrived" }),
    ];

    private static Task<HttpResponseMessage> Send(PortalClient client, HttpMethod method, string path, JsonNode? body) =>
        body is null ? client.GetAsync(path) : client.SendJsonAsync(method, path, body);
}
