using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using static Portal.Appointments.Tests.AppointmentsApi;

namespace Portal.Appointments.Tests;

public sealed class BookableTypesTests(MessagingAppFixture fixture) : IClassFixture<MessagingAppFixture>
{
    private PortalApp App => fixture.App;

    private static string TypesUrl(TestClinic clinic) => MyAppointmentsUrl(clinic) + "/types";

    [Fact]
    public async Task A_patient_sees_the_types_bookable_online_with_their_active_providers_and_locations()
    {
        var setup = await App.BookableClinicAsync(providers: 2);
        using var admin = await App.SignedInAsync(setup.Clinic, setup.Clinic.Admin);
        var url = SetupUrl(setup.Clinic);
        var retired = (await admin.CreatedAsync(url + "/providers", ProviderBody("Dr. Retired"))).GetProperty("id").GetGuid();
        var retiredBody = ProviderBody("Dr. Retired");
        retiredBody["active"] = false;
        using (var put = await admin.SendJsonAsync(HttpMethod.Put, $"{url}/providers/{retired}", retiredBody))
        {
            await put.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        var virtualBody = TypeBody([setup.ProviderIds[1], retired], minutes: 20, mode: "virtual");
        virtualBody["nameEn"] = "Video call";
        virtualBody["nameFr"] = "Appel vidéo";
        var video = (await admin.CreatedAsync(url + "/types", virtualBody)).GetProperty("id").GetGuid();
        var staffOnly = TypeBody(setup.ProviderIds, online: false);
        staffOnly["nameEn"] = "Staff only";
        await admin.CreatedAsync(url + "/types", staffOnly);
        var inactive = TypeBody(setup.ProviderIds);
        inactive["nameEn"] = "Inactive";
        inactive["active"] = false;
        await admin.CreatedAsync(url + "/types", inactive);
        var nobody = TypeBody([retired]);
        nobody["nameEn"] = "Nobody offers it";
        await admin.CreatedAsync(url + "/types", nobody);
        using var patient = await App.SignedInPatientAsync(fixture.Smtp, await App.AddPatientAsync(setup.Clinic));

        var list = await patient.GetJsonAsync<JsonElement>(TypesUrl(setup.Clinic));
        list.GetProperty("timeZone").GetString().ShouldBe("America/Toronto");
        var items = list.GetProperty("items").EnumerateArray().ToList();

        items.Select(t => t.GetProperty("nameEn").GetString()).ShouldBe(["Follow-up visit", "Video call"]);
        var visit = items[0];
        visit.GetProperty("id").GetGuid().ShouldBe(setup.TypeId);
        visit.GetProperty("nameFr").GetString().ShouldBe("Visite de suivi");
        visit.GetProperty("durationMinutes").GetInt32().ShouldBe(30);
        visit.GetProperty("mode").GetString().ShouldBe("in_person");
        visit.GetProperty("providers").EnumerateArray().Select(p => p.GetProperty("id").GetGuid()).ShouldBe(setup.ProviderIds);
        var provider = visit.GetProperty("providers")[0];
        provider.GetProperty("name").GetString().ShouldBe("Provider 0");
        provider.GetProperty("title").GetString().ShouldBe("MD");
        provider.GetProperty("languages").EnumerateArray().Select(l => l.GetString()).ShouldBe(["en", "fr"]);
        var location = visit.GetProperty("locations").EnumerateArray().Single();
        location.GetProperty("id").GetGuid().ShouldBe(setup.LocationId);
        location.GetProperty("name").GetString().ShouldBe("Main office");
        location.GetProperty("address").GetString().ShouldBe("1 King St W");

        var call = items[1];
        call.GetProperty("id").GetGuid().ShouldBe(video);
        call.GetProperty("nameFr").GetString().ShouldBe("Appel vidéo");
        call.GetProperty("mode").GetString().ShouldBe("virtual");
        call.GetProperty("durationMinutes").GetInt32().ShouldBe(20);
        call.GetProperty("providers").EnumerateArray().Select(p => p.GetProperty("id").GetGuid()).ShouldBe([setup.ProviderIds[1]]);
        call.GetProperty("locations").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task A_location_where_no_provider_of_the_type_works_or_that_is_closed_is_not_listed()
    {
        var setup = await App.BookableClinicAsync();
        using var admin = await App.SignedInAsync(setup.Clinic, setup.Clinic.Admin);
        var url = SetupUrl(setup.Clinic);
        await admin.CreatedAsync(url + "/locations", new JsonObject { ["name"] = "Annex" });
        using var patient = await App.SignedInPatientAsync(fixture.Smtp, await App.AddPatientAsync(setup.Clinic));

        (await patient.GetJsonAsync<JsonElement>(TypesUrl(setup.Clinic))).GetProperty("items")[0].GetProperty("locations")
            .EnumerateArray().Select(l => l.GetProperty("name").GetString()).ShouldBe(["Main office"]);

        using (var close = await admin.SendJsonAsync(HttpMethod.Put, $"{url}/locations/{setup.LocationId}", new JsonObject { ["name"] = "Main office", ["active"] = false }))
        {
            await close.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        (await patient.GetJsonAsync<JsonElement>(TypesUrl(setup.Clinic))).GetProperty("items")[0].GetProperty("locations").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task A2_a_patient_sees_only_their_own_clinics_types_and_cannot_read_another_clinics()
    {
        var home = await App.BookableClinicAsync();
        var other = await App.OpenClinicAsync();
        using var outsider = await App.SignedInPatientAsync(fixture.Smtp, await App.AddPatientAsync(other));

        using (var atHome = await outsider.GetAsync(TypesUrl(home.Clinic)))
        {
            ((int)atHome.StatusCode).ShouldBeOneOf(401, 403);
        }

        (await outsider.GetJsonAsync<JsonElement>(TypesUrl(other))).GetProperty("items").GetArrayLength().ShouldBe(0);
        using var staff = await App.SignedInAsync(home.Clinic, home.Clinic.Staff);
        using (var asStaff = await staff.GetAsync(TypesUrl(home.Clinic)))
        {
            ((int)asStaff.StatusCode).ShouldBeOneOf(401, 403);
        }
    }

    [Fact]
    public async Task Nobody_signed_in_gets_401()
    {
        var setup = await App.BookableClinicAsync();
        using var anonymous = await App.AnonymousClientAsync();

        using var response = await anonymous.GetAsync(TypesUrl(setup.Clinic));

        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_demo_clinic_gets_an_office_providers_with_weekday_hours_and_types_to_book_once()
    {
        var slug = "demo-" + Guid.NewGuid().ToString("N")[..8];

        (await App.RunCliAsync("demo seed", "--clinic", slug)).Exit.ShouldBe(0);
        var clinicId = await App.QuerySingleAsync<Guid>("select id from settings.clinics where slug = @slug", new { slug });
        var first = await SetUpCountsAsync(clinicId);
        (await App.RunCliAsync("demo seed", "--clinic", slug)).Exit.ShouldBe(0);

        first.ShouldBe((1L, 3L, 3L, 30L));
        (await SetUpCountsAsync(clinicId)).ShouldBe(first);
        (await App.QueryAsync<string>(
                "select name_en from appointments.appointment_types where clinic_id = @clinicId and bookable_online order by name_en", new { clinicId }))
            .ShouldBe(["Follow-up visit", "Video consultation"]);
    }

    private Task<(long Locations, long Providers, long Types, long Windows)> SetUpCountsAsync(Guid clinicId) =>
        App.QuerySingleAsync<(long, long, long, long)>(
            """
            select (select count(*) from appointments.locations where clinic_id = @clinicId),
                   (select count(*) from appointments.providers where clinic_id = @clinicId),
                   (select count(*) from appointments.appointment_types where clinic_id = @clinicId),
                   (select count(*) from appointments.weekly_availability where clinic_id = @clinicId)
            """,
            new { clinicId });
}
