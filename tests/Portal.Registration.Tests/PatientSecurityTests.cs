using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using static Portal.TestKit.RegistrationApi;

namespace Portal.Registration.Tests;

public sealed class PatientSecurityTests(PortalAppFixture fixture) : IClassFixture<PortalAppFixture>
{
    private PortalApp App => fixture.App;

    [Fact]
    public async Task A2_staff_of_another_clinic_cannot_list_find_read_change_or_see_the_history_of_a_patient()
    {
        var home = await App.CreateClinicAsync();
        var other = await App.CreateClinicAsync();
        using var homeStaff = await App.SignedInAsync(home, home.Staff);
        using var otherOwner = await App.SignedInAsync(other, other.Owner);
        var number = TestCards.Ontario();
        var chart = await homeStaff.CreatePatientAsync(home, NewPatient(number, familyName: "Crossclinic"));
        var id = chart.GetProperty("id").GetGuid();

        // Through their own clinic's address, with the other clinic's patient id.
        (await otherOwner.SearchAsync(other, "")).Ids().ShouldNotContain(id);
        (await otherOwner.SearchAsync(other, $"?q={number}")).Ids().ShouldBeEmpty();
        (await otherOwner.SearchAsync(other, "?q=Crossclinic")).Ids().ShouldBeEmpty();
        using (var read = await otherOwner.GetAsync(PatientUrl(other, id)))
        {
            await read.ShouldBeProblemAsync(HttpStatusCode.NotFound, "patient_not_found");
        }

        using (var history = await otherOwner.GetAsync(HistoryUrl(other, id)))
        {
            await history.ShouldBeProblemAsync(HttpStatusCode.NotFound, "patient_not_found");
        }

        var edit = EditBody(chart);
        edit["legalFamilyName"] = "Hijacked";
        using (var update = await otherOwner.SendJsonAsync(HttpMethod.Put, PatientUrl(other, id), edit))
        {
            await update.ShouldBeProblemAsync(HttpStatusCode.NotFound, "patient_not_found");
        }

        using (var access = await otherOwner.SendJsonAsync(HttpMethod.Put, PortalAccessUrl(other, id), new JsonObject { ["enabled"] = true }))
        {
            await access.ShouldBeProblemAsync(HttpStatusCode.NotFound, "patient_not_found");
        }

        // Through the patient's clinic's address: not a member.
        foreach (var path in new[] { PatientsUrl(home), PatientUrl(home, id), HistoryUrl(home, id), IdTypesUrl(home) })
        {
            using var response = await otherOwner.GetAsync(path);
            await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        }

        using (var create = await otherOwner.SendJsonAsync(HttpMethod.Post, PatientsUrl(home), NewPatient()))
        {
            await create.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        }

        var stored = await App.QuerySingleAsync<(string, bool)>(
            "select legal_family_name, portal_access from registration.patients where id = @id", new { id });
        stored.ShouldBe(("Crossclinic", chart.GetProperty("portal").GetProperty("access").GetBoolean()));
    }

    [Fact]
    public async Task A2_signed_out_callers_get_401_from_every_patient_endpoint()
    {
        var clinic = await App.CreateClinicAsync();
        using var anonymous = await App.AnonymousClientAsync();
        var id = Guid.NewGuid();

        foreach (var (method, path) in new[]
                 {
                     (HttpMethod.Get, PatientsUrl(clinic)), (HttpMethod.Post, PatientsUrl(clinic)), (HttpMethod.Get, PatientUrl(clinic, id)),
                     (HttpMethod.Put, PatientUrl(clinic, id)), (HttpMethod.Put, PortalAccessUrl(clinic, id)), (HttpMethod.Get, HistoryUrl(clinic, id)),
                     (HttpMethod.Get, IdTypesUrl(clinic)), (HttpMethod.Post, IdTypesUrl(clinic)),
                 })
        {
            using var response = await anonymous.SendRawJsonAsync(method, path, "{}");
            (await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized)).Status.ShouldBe(401, $"{method} {path}");
        }
    }

    [Fact]
    public async Task A3_the_staff_role_cannot_change_the_chart_number_or_deactivate_a_patient_but_admins_can()
    {
        var clinic = await App.CreateClinicAsync();
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        using var admin = await App.SignedInAsync(clinic, clinic.Admin);
        var body = NewPatient();
        body["chartNumber"] = "K-1";
        var chart = await staff.CreatePatientAsync(clinic, body);
        var id = chart.GetProperty("id").GetGuid();

        var renumber = EditBody(chart);
        renumber["chartNumber"] = "K-2";
        using (var response = await staff.SendJsonAsync(HttpMethod.Put, PatientUrl(clinic, id), renumber))
        {
            (await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "restricted_field")).FieldCodes!.Keys.ShouldBe(["chartNumber"]);
        }

        var deactivate = EditBody(chart);
        deactivate["active"] = false;
        using (var response = await staff.SendJsonAsync(HttpMethod.Put, PatientUrl(clinic, id), deactivate))
        {
            (await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "restricted_field")).FieldCodes!.Keys.ShouldBe(["active"]);
        }

        (await App.QuerySingleAsync<(string, bool, int)>(
            "select chart_number, active, version from registration.patients where id = @id", new { id })).ShouldBe(("K-1", true, 1));

        renumber["active"] = false;
        using (var response = await admin.SendJsonAsync(HttpMethod.Put, PatientUrl(clinic, id), renumber))
        {
            await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        (await App.QuerySingleAsync<(string, bool)>(
            "select chart_number, active from registration.patients where id = @id", new { id })).ShouldBe(("K-2", false));
    }

    [Fact]
    public async Task A3_a_patient_id_or_clinic_in_the_body_is_ignored_the_address_decides_what_is_changed()
    {
        var clinic = await App.CreateClinicAsync();
        var other = await App.CreateClinicAsync();
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        var target = await staff.CreatePatientAsync(clinic, NewPatient(familyName: "Target"));
        var bystander = await staff.CreatePatientAsync(clinic, NewPatient(familyName: "Bystander"));
        var edit = EditBody(target);
        edit["legalFamilyName"] = "Renamed";
        edit["id"] = bystander.GetProperty("id").GetGuid();
        edit["patientId"] = bystander.GetProperty("id").GetGuid();
        edit["clinicId"] = other.Id;

        using var response = await staff.SendJsonAsync(HttpMethod.Put, PatientUrl(clinic, target.GetProperty("id").GetGuid()), edit);

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var rows = await App.QueryAsync<(Guid, Guid, string)>(
            "select id, clinic_id, legal_family_name from registration.patients where id in (@a, @b) order by legal_family_name",
            new { a = target.GetProperty("id").GetGuid(), b = bystander.GetProperty("id").GetGuid() });
        rows.ShouldBe([
            (bystander.GetProperty("id").GetGuid(), clinic.Id, "Bystander"),
            (target.GetProperty("id").GetGuid(), clinic.Id, "Renamed"),
        ]);
    }

    [Fact]
    public async Task A5_creating_reading_editing_and_switching_portal_access_are_in_the_charts_audit_trail_with_who_and_which_fields()
    {
        var clinic = await App.CreateClinicAsync();
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        using var admin = await App.SignedInAsync(clinic, clinic.Admin);
        var chart = await staff.CreatePatientAsync(clinic, PatientChartTests.WithAccess(NewPatient(), false));
        var id = chart.GetProperty("id").GetGuid();
        await admin.GetJsonAsync<JsonElement>(PatientUrl(clinic, id));
        var edit = EditBody(chart);
        edit["legalFamilyName"] = "Bouchard";
        edit["emails"] = new JsonArray("bouchard@example.com");
        using (var saved = await admin.SendJsonAsync(HttpMethod.Put, PatientUrl(clinic, id), edit))
        {
            await saved.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        using (var on = await staff.SendJsonAsync(HttpMethod.Put, PortalAccessUrl(clinic, id), new JsonObject { ["enabled"] = true }))
        {
            await on.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        var history = (await staff.GetJsonAsync<JsonElement>(HistoryUrl(clinic, id))).GetProperty("items").EnumerateArray().ToList();

        history.Select(h => h.GetProperty("action").GetString()).ShouldBe([
            "registration.patient.portal_access_changed",
            "registration.patient.updated",
            "registration.patient.viewed",
            "registration.patient.created",
        ]);
        history.Select(h => h.GetProperty("actor").GetString()).ShouldBe([
            $"staff of {clinic.Slug}", $"admin of {clinic.Slug}", $"admin of {clinic.Slug}", $"staff of {clinic.Slug}",
        ]);
        history[0].GetProperty("portalAccess").GetProperty("from").GetBoolean().ShouldBeFalse();
        history[0].GetProperty("portalAccess").GetProperty("to").GetBoolean().ShouldBeTrue();
        history[1].GetProperty("changes").EnumerateArray().Select(c => c.GetString()).ShouldBe(["legalFamilyName", "emails"], ignoreOrder: true);
    }

    [Fact]
    public async Task A5_no_health_card_number_email_or_name_is_written_to_the_audit_log_or_the_application_log()
    {
        var clinic = await App.CreateClinicAsync();
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        var number = TestCards.Ontario();
        var body = NewPatient(number, familyName: "Quiescent");
        body["emails"] = new JsonArray("quiescent.secret@example.com");
        var chart = await staff.CreatePatientAsync(clinic, body);
        var id = chart.GetProperty("id").GetGuid();
        await staff.SearchAsync(clinic, $"?q={number}");
        await staff.SearchAsync(clinic, "?q=quiescent.secret@example.com");
        await staff.SearchAsync(clinic, "?q=Quiesc");
        var edit = EditBody(chart);
        edit["legalGivenName"] = "Ulysse";
        using (var saved = await staff.SendJsonAsync(HttpMethod.Put, PatientUrl(clinic, id), edit))
        {
            await saved.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        var audit = await App.QueryAsync<string>(
            "select action || ' ' || coalesce(target_id, '') || ' ' || details::text from platform.audit_log where clinic_id = @id", new { id = clinic.Id });

        audit.Count(a => a.StartsWith("registration.patients.searched", StringComparison.Ordinal)).ShouldBe(3);
        foreach (var secret in new[] { number, number[..4], "quiescent", "Quiesc", "Ulysse", "Camille" })
        {
            audit.ShouldAllBe(a => !a.Contains(secret, StringComparison.OrdinalIgnoreCase), secret);
        }

        foreach (var secret in new[] { number, "quiescent", "Quiesc", "Ulysse", "Camille" })
        {
            App.Logs.Entries.ShouldAllBe(e => !e.ToString().Contains(secret, StringComparison.OrdinalIgnoreCase), secret);
        }

        // The card's first four digits, but not as the decimals of a logged duration ("in 19.9005 ms").
        var partialCard = new Regex($"(?<![0-9.]){number[..4]}", RegexOptions.CultureInvariant);
        App.Logs.Entries.ShouldAllBe(e => !partialCard.IsMatch(e.ToString()), number[..4]);
    }

    [Fact]
    public async Task A5_a_search_is_audited_with_what_it_matched_by_and_how_many_it_found()
    {
        var clinic = await App.CreateClinicAsync();
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        await staff.CreatePatientAsync(clinic, NewPatient(familyName: "Searchable"));

        await staff.SearchAsync(clinic, "?q=searcha");

        var details = await App.QuerySingleAsync<string>(
            "select details::text from platform.audit_log where clinic_id = @id and action = 'registration.patients.searched'", new { id = clinic.Id });
        using var json = JsonDocument.Parse(details);
        json.RootElement.GetProperty("matchedBy").GetString().ShouldBe("name");
        json.RootElement.GetProperty("results").GetInt32().ShouldBe(1);
    }
}
