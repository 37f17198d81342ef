using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using static Portal.Appointments.Tests.AppointmentsApi;

namespace Portal.Appointments.Tests;

public sealed class SetupTests(MessagingAppFixture fixture) : IClassFixture<MessagingAppFixture>
{
    private PortalApp App => fixture.App;

    [Fact]
    public async Task A_manager_sets_up_providers_locations_types_hours_and_time_off_and_staff_read_them()
    {
        var setup = await App.BookableClinicAsync(providers: 2);
        using var admin = await App.SignedInAsync(setup.Clinic, setup.Clinic.Admin);
        using var staff = await App.SignedInAsync(setup.Clinic, setup.Clinic.Staff);
        var provider = setup.ProviderIds[0];

        var linked = ProviderBody("Dr. Linked");
        linked["staffAccountId"] = setup.Clinic.Staff.Id;
        using (var update = await admin.SendJsonAsync(HttpMethod.Put, $"{SetupUrl(setup.Clinic)}/providers/{provider}", linked))
        {
            await update.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        using (var taken = await admin.SendJsonAsync(HttpMethod.Put, $"{SetupUrl(setup.Clinic)}/providers/{setup.ProviderIds[1]}", linked))
        {
            await taken.ShouldBeProblemAsync(HttpStatusCode.Conflict, "staff_account_taken");
        }

        var week = await staff.GetJsonAsync<JsonElement>($"{SetupUrl(setup.Clinic)}/providers/{provider}/availability");
        week.GetProperty("windows").GetArrayLength().ShouldBe(5);
        week.GetProperty("timeZone").GetString().ShouldBe("America/Toronto");
        var dayOff = await admin.CreatedAsync(
            $"{SetupUrl(setup.Clinic)}/providers/{provider}/exceptions",
            new JsonObject { ["kind"] = "unavailable", ["startsOn"] = setup.Day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), ["endsOn"] = setup.Day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), ["reason"] = "Conference" });

        var slots = await staff.GetJsonAsync<JsonElement>(SetupUrl(setup.Clinic) + SlotsQuery(setup.TypeId, setup.Day, setup.Day));
        slots.GetProperty("items").EnumerateArray().Select(s => s.GetProperty("providerId").GetGuid()).Distinct().ShouldBe([setup.ProviderIds[1]]);
        (await staff.GetJsonAsync<JsonElement>($"{SetupUrl(setup.Clinic)}/providers/{provider}/exceptions")).ItemIds()
            .ShouldBe([dayOff.GetProperty("id").GetGuid()]);

        using (var removed = await admin.DeleteAsync($"{SetupUrl(setup.Clinic)}/providers/{provider}/exceptions/{dayOff.GetProperty("id").GetGuid()}"))
        {
            await removed.ShouldHaveStatusAsync(HttpStatusCode.NoContent);
        }

        (await staff.GetJsonAsync<JsonElement>(SetupUrl(setup.Clinic) + SlotsQuery(setup.TypeId, setup.Day, setup.Day)))
            .GetProperty("items").GetArrayLength().ShouldBe(12);
        var types = await staff.GetJsonAsync<JsonElement>(SetupUrl(setup.Clinic) + "/types");
        types.GetProperty("items")[0].GetProperty("providerIds").EnumerateArray().Select(p => p.GetGuid()).Order().ShouldBe(setup.ProviderIds.Order());
        (await staff.GetJsonAsync<JsonElement>(SetupUrl(setup.Clinic) + "/providers")).ItemIds().Count.ShouldBe(2);
        (await staff.GetJsonAsync<JsonElement>(SetupUrl(setup.Clinic) + "/locations")).ItemIds().ShouldBe([setup.LocationId]);

        // Staff read the set-up but do not change it.
        using var refused = await staff.SendJsonAsync(HttpMethod.Post, SetupUrl(setup.Clinic) + "/locations", new JsonObject { ["name"] = "Annex" });
        await refused.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Slots_on_the_next_spring_change_start_at_nine_on_the_clock_and_lose_the_skipped_hour()
    {
        var clinic = await App.OpenClinicAsync();
        using var admin = await App.SignedInAsync(clinic, clinic.Admin);
        var location = (await admin.CreatedAsync(SetupUrl(clinic) + "/locations", new JsonObject { ["name"] = "Main" })).GetProperty("id").GetGuid();
        var provider = (await admin.CreatedAsync(SetupUrl(clinic) + "/providers", ProviderBody())).GetProperty("id").GetGuid();
        var sundays = new JsonArray(Window(location, 7, "01:00:00", "04:00:00"), Window(location, 7, "09:00:00", "10:00:00"));
        using (var put = await admin.SendJsonAsync(HttpMethod.Put, $"{SetupUrl(clinic)}/providers/{provider}/availability", new JsonObject { ["windows"] = sundays }))
        {
            await put.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        var type = (await admin.CreatedAsync(SetupUrl(clinic) + "/types", TypeBody([provider], minutes: 60))).GetProperty("id").GetGuid();
        var spring = new DateOnly(2027, 3, 14);

        var slots = await admin.GetJsonAsync<JsonElement>(SetupUrl(clinic) + SlotsQuery(type, spring.AddDays(-7), spring));

        slots.GetProperty("items").EnumerateArray().Select(s => s.GetProperty("startsAt").GetString()).ShouldBe(
        [
            "2027-03-07T01:00:00-05:00", "2027-03-07T02:00:00-05:00", "2027-03-07T03:00:00-05:00", "2027-03-07T09:00:00-05:00",
            "2027-03-14T01:00:00-05:00", "2027-03-14T03:00:00-04:00", "2027-03-14T09:00:00-04:00",
        ]);
    }

    [Fact]
    public async Task R6_bad_input_to_every_set_up_route_is_a_400_problem_and_changes_nothing()
    {
        var setup = await App.BookableClinicAsync();
        using var admin = await App.SignedInAsync(setup.Clinic, setup.Clinic.Admin);
        var url = SetupUrl(setup.Clinic);
        var provider = setup.ProviderIds[0];
        var before = await App.SnapshotAsync(setup.Clinic.Id);
        var cases = new (HttpMethod Method, string Path, string Json)[]
        {
            (HttpMethod.Post, url + "/providers", "{"),
            (HttpMethod.Post, url + "/providers", """{"name":""}"""),
            (HttpMethod.Post, url + "/providers", """{"name":"A","languages":["english"]}"""),
            (HttpMethod.Post, url + "/providers", """{"name":"A\u0000"}"""),
            (HttpMethod.Post, url + "/providers", $$"""{"name":"{{new string('x', 201)}}"}"""),
            (HttpMethod.Post, url + "/providers", $$"""{"name":"A","staffAccountId":"{{Guid.NewGuid()}}"}"""),
            (HttpMethod.Put, $"{url}/providers/{provider}", """{"name":42}"""),
            (HttpMethod.Post, url + "/locations", """{"name":"A","address":"  "}"""),
            (HttpMethod.Post, url + "/locations", """[]"""),
            (HttpMethod.Post, url + "/types", TypeBody([provider], minutes: 0).ToJsonString()),
            (HttpMethod.Post, url + "/types", TypeBody([provider], mode: "phone").ToJsonString()),
            (HttpMethod.Post, url + "/types", TypeBody([provider], before: 241).ToJsonString()),
            (HttpMethod.Post, url + "/types", TypeBody([Guid.NewGuid()]).ToJsonString()),
            (HttpMethod.Post, url + "/types", TypeBody([provider, provider]).ToJsonString()),
            (HttpMethod.Put, $"{url}/types/{setup.TypeId}", """{"nameEn":"A","nameFr":"B","durationMinutes":"30","mode":"virtual","bookableOnline":true,"providerIds":[]}"""),
            (HttpMethod.Put, $"{url}/providers/{provider}/availability", new JsonObject { ["windows"] = new JsonArray(Window(setup.LocationId, 8, "09:00:00", "10:00:00")) }.ToJsonString()),
            (HttpMethod.Put, $"{url}/providers/{provider}/availability", new JsonObject { ["windows"] = new JsonArray(Window(setup.LocationId, 1, "10:00:00", "09:00:00")) }.ToJsonString()),
            (HttpMethod.Put, $"{url}/providers/{provider}/availability", new JsonObject { ["windows"] = new JsonArray(Window(setup.LocationId, 1, "9am", "10:00:00")) }.ToJsonString()),
            (HttpMethod.Put, $"{url}/providers/{provider}/availability", new JsonObject { ["windows"] = new JsonArray(Window(Guid.NewGuid(), 1, "09:00:00", "10:00:00")) }.ToJsonString()),
            (HttpMethod.Put, $"{url}/providers/{provider}/availability",
                new JsonObject { ["windows"] = new JsonArray(Window(setup.LocationId, 1, "09:00:00", "10:00:00"), Window(setup.LocationId, 1, "09:30:00", "11:00:00")) }.ToJsonString()),
            (HttpMethod.Post, $"{url}/providers/{provider}/exceptions", """{"kind":"holiday","startsOn":"2030-01-01","endsOn":"2030-01-01"}"""),
            (HttpMethod.Post, $"{url}/providers/{provider}/exceptions", """{"kind":"unavailable","startsOn":"2030-01-02","endsOn":"2030-01-01"}"""),
            (HttpMethod.Post, $"{url}/providers/{provider}/exceptions", """{"kind":"unavailable","startsOn":"2030-01-01","endsOn":"2032-01-01"}"""),
            (HttpMethod.Post, $"{url}/providers/{provider}/exceptions", """{"kind":"extra","startsOn":"2030-01-01","endsOn":"2030-01-01"}"""),
            (HttpMethod.Post, $"{url}/providers/{provider}/exceptions", """{"kind":"unavailable","startsOn":"2030-01-01","endsOn":"2030-01-01","start":"10:00:00"}"""),
            (HttpMethod.Post, $"{url}/providers/{provider}/exceptions", """{"kind":"unavailable","startsOn":"2030-02-30","endsOn":"2030-01-01"}"""),
            (HttpMethod.Post, $"{url}/providers/{provider}/exceptions",
                $$"""{"kind":"extra","startsOn":"2030-01-01","endsOn":"2030-01-01","start":"18:00:00","end":"19:00:00","locationId":"{{Guid.NewGuid()}}"}"""),
        };

        foreach (var (method, path, json) in cases)
        {
            using var response = await admin.SendRawJsonAsync(method, path, json);
            ((int)response.StatusCode).ShouldBe(400, $"{method} {path} {json}: {await response.Content.ReadAsStringAsync()}");
            response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        }

        foreach (var query in new[]
                 {
                     SlotsQuery(setup.TypeId, setup.Day, setup.Day.AddDays(62)), SlotsQuery(setup.TypeId, setup.Day, setup.Day.AddDays(-1)),
                     "/slots?typeId=nope&from=2030-01-01&to=2030-01-02", "/slots?from=2030-01-01&to=2030-01-02",
                     SlotsQuery(Guid.NewGuid(), setup.Day, setup.Day), $"/slots?typeId={setup.TypeId}&from=2030-13-01&to=2030-01-02",
                 })
        {
            using var response = await admin.GetAsync(url + query);
            ((int)response.StatusCode).ShouldBe(400, query);
        }

        foreach (var path in new[] { $"{url}/providers/{Guid.NewGuid()}/availability", $"{url}/providers/{Guid.NewGuid()}/exceptions" })
        {
            using var response = await admin.GetAsync(path);
            await response.ShouldBeProblemAsync(HttpStatusCode.NotFound, "provider_not_found");
        }

        using (var missing = await admin.DeleteAsync($"{url}/providers/{provider}/exceptions/{Guid.NewGuid()}"))
        {
            await missing.ShouldBeProblemAsync(HttpStatusCode.NotFound, "exception_not_found");
        }

        (await App.SnapshotAsync(setup.Clinic.Id)).ShouldBe(before);
    }

    [Fact]
    public async Task A2_staff_of_another_clinic_reach_nothing_of_the_clinics_appointments_set_up()
    {
        var home = await App.BookableClinicAsync();
        var other = await App.OpenClinicAsync();
        using var otherAdmin = await App.SignedInAsync(other, other.Owner);
        var provider = home.ProviderIds[0];
        var before = await App.SnapshotAsync(home.Clinic.Id);

        // At the home clinic's address: not a member.
        foreach (var path in new[] { "/providers", "/locations", "/types", $"/providers/{provider}/availability", $"/providers/{provider}/exceptions", SlotsQuery(home.TypeId, home.Day, home.Day) })
        {
            using var response = await otherAdmin.GetAsync(SetupUrl(home.Clinic) + path);
            await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        }

        using (var response = await otherAdmin.SendJsonAsync(HttpMethod.Put, $"{SetupUrl(home.Clinic)}/providers/{provider}", ProviderBody("Taken over")))
        {
            await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        }

        // At their own clinic's address, with the home clinic's ids: unknown.
        var url = SetupUrl(other);
        foreach (var (method, path, body, status, code) in new (HttpMethod, string, JsonNode?, HttpStatusCode, string)[]
                 {
                     (HttpMethod.Put, $"{url}/providers/{provider}", ProviderBody("Taken over"), HttpStatusCode.NotFound, "provider_not_found"),
                     (HttpMethod.Put, $"{url}/locations/{home.LocationId}", new JsonObject { ["name"] = "Taken" }, HttpStatusCode.NotFound, "location_not_found"),
                     (HttpMethod.Put, $"{url}/types/{home.TypeId}", TypeBody([]), HttpStatusCode.NotFound, "appointment_type_not_found"),
                     (HttpMethod.Post, url + "/types", TypeBody([provider]), HttpStatusCode.BadRequest, "provider_not_found"),
                     (HttpMethod.Get, $"{url}/providers/{provider}/availability", null, HttpStatusCode.NotFound, "provider_not_found"),
                     (HttpMethod.Put, $"{url}/providers/{provider}/availability", new JsonObject { ["windows"] = new JsonArray() }, HttpStatusCode.NotFound, "provider_not_found"),
                     (HttpMethod.Post, $"{url}/providers/{provider}/exceptions",
                         new JsonObject { ["kind"] = "unavailable", ["startsOn"] = "2030-01-01", ["endsOn"] = "2030-01-01" }, HttpStatusCode.NotFound, "provider_not_found"),
                     (HttpMethod.Get, url + SlotsQuery(home.TypeId, home.Day, home.Day), null, HttpStatusCode.BadRequest, "appointment_type_not_found"),
                 })
        {
            using var response = body is null ? await otherAdmin.GetAsync(path) : await otherAdmin.SendJsonAsync(method, path, body);
            await response.ShouldBeProblemAsync(status, code);
        }

        (await otherAdmin.GetJsonAsync<JsonElement>(url + "/providers")).ItemIds().ShouldBeEmpty();
        (await otherAdmin.GetJsonAsync<JsonElement>(url + "/types")).ItemIds().ShouldBeEmpty();
        (await App.SnapshotAsync(home.Clinic.Id)).ShouldBe(before);
    }
}
