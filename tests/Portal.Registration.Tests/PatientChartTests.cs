using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using static Portal.TestKit.RegistrationApi;

namespace Portal.Registration.Tests;

public sealed class PatientChartTests(PortalAppFixture fixture) : IClassFixture<PortalAppFixture>
{
    private PortalApp App => fixture.App;

    [Fact]
    public async Task Contacts_identifiers_and_postal_code_are_stored_normalised_as_sign_in_will_match_them()
    {
        var clinic = await App.CreateClinicAsync();
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        var number = TestCards.Ontario();
        var body = NewPatient();
        body["emails"] = new JsonArray("  Camille.Tremblay@Example.COM ");
        body["mobiles"] = new JsonArray("(613) 555-0123", "+1 343 555 0199");
        body["identifiers"] = new JsonArray(new JsonObject { ["type"] = "on", ["number"] = $"{number[..4]} {number[4..7]}-{number[7..]}", ["versionCode"] = "ab" });
        body["chartNumber"] = " a-1001 ";

        var chart = await staff.CreatePatientAsync(clinic, body);

        chart.GetProperty("emails").EnumerateArray().Select(e => e.GetString()).ShouldBe(["camille.tremblay@example.com"]);
        chart.GetProperty("mobiles").EnumerateArray().Select(e => e.GetString()).ShouldBe(["+16135550123", "+13435550199"]);
        var card = chart.GetProperty("identifiers")[0];
        card.GetProperty("type").GetString().ShouldBe("ON");
        card.GetProperty("number").GetString().ShouldBe(number);
        card.GetProperty("versionCode").GetString().ShouldBe("AB");
        chart.GetProperty("address").GetProperty("postalCode").GetString().ShouldBe("K1A 0B1");
        chart.GetProperty("chartNumber").GetString().ShouldBe("A-1001");
        chart.GetProperty("version").GetInt32().ShouldBe(1);
        var signIn = chart.GetProperty("portal").GetProperty("signInContacts").EnumerateArray()
            .Select(c => $"{c.GetProperty("kind").GetString()}:{c.GetProperty("value").GetString()}");
        signIn.ShouldBe(["email:camille.tremblay@example.com", "mobile:+16135550123", "mobile:+13435550199"]);
    }

    [Theory]
    [InlineData("check digit", "identifiers[0].number", "health_card_check_digit")]
    [InlineData("nine digits", "identifiers[0].number", "id_number_format")]
    [InlineData("version code with a digit", "identifiers[0].versionCode", "version_code_format")]
    [InlineData("three-letter version code", "identifiers[0].versionCode", "version_code_format")]
    public async Task An_Ontario_health_number_must_have_its_check_digit_and_a_one_or_two_letter_version_code(
        string mistake, string field, string code)
    {
        var clinic = await App.CreateClinicAsync();
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        var number = TestCards.Ontario();
        var (entered, version) = mistake switch
        {
            "check digit" => (TestCards.WithWrongCheckDigit(number), "AB"),
            "nine digits" => (number[..9], "AB"),
            "version code with a digit" => (number, "A1"),
            _ => (number, "ABC"),
        };
        var body = NewPatient();
        body["identifiers"] = new JsonArray(new JsonObject { ["type"] = "ON", ["number"] = entered, ["versionCode"] = version });

        using var response = await staff.SendJsonAsync(HttpMethod.Post, PatientsUrl(clinic), body);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        problem.FieldCodes.ShouldNotBeNull()[field].ShouldBe([code]);
        problem.Errors.ShouldNotBeNull()[field].ShouldHaveSingleItem().ShouldNotBeNullOrWhiteSpace();
        (await PatientCountAsync(clinic)).ShouldBe(0);
    }

    [Fact]
    public async Task An_Ontario_card_without_a_version_code_is_accepted_and_other_provinces_take_none()
    {
        var clinic = await App.CreateClinicAsync();
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        var body = NewPatient();
        body["identifiers"]![0]!["versionCode"] = null;
        (await staff.CreatePatientAsync(clinic, body)).GetProperty("identifiers")[0].GetProperty("versionCode").ValueKind.ShouldBe(JsonValueKind.Null);

        var manitoba = NewPatient();
        manitoba["identifiers"] = new JsonArray(new JsonObject { ["type"] = "MB", ["number"] = "123456789", ["versionCode"] = "AB" });
        using var response = await staff.SendJsonAsync(HttpMethod.Post, PatientsUrl(clinic), manitoba);
        (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).FieldCodes!["identifiers[0].versionCode"].ShouldBe(["version_code_not_used"]);
    }

    [Fact]
    public async Task A_health_card_belongs_to_one_patient_per_clinic_but_the_same_card_may_be_in_another_clinic()
    {
        var first = await App.CreateClinicAsync();
        var second = await App.CreateClinicAsync();
        using var firstStaff = await App.SignedInAsync(first, first.Staff);
        using var secondStaff = await App.SignedInAsync(second, second.Staff);
        var number = TestCards.Ontario();
        await firstStaff.CreatePatientAsync(first, NewPatient(number));

        var sameCard = NewPatient($"{number[..4]} {number[4..]}", givenName: "Other");
        using var duplicate = await firstStaff.SendJsonAsync(HttpMethod.Post, PatientsUrl(first), sameCard);
        var problem = await duplicate.ShouldBeProblemAsync(HttpStatusCode.Conflict, "identifier_taken");
        problem.FieldCodes!["identifiers[0].number"].ShouldBe(["identifier_taken"]);
        (await PatientCountAsync(first)).ShouldBe(1);

        await secondStaff.CreatePatientAsync(second, NewPatient(number));
        (await PatientCountAsync(second)).ShouldBe(1);
    }

    [Fact]
    public async Task A_chart_number_is_unique_within_the_clinic()
    {
        var clinic = await App.CreateClinicAsync();
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        var first = NewPatient();
        first["chartNumber"] = "C-77";
        await staff.CreatePatientAsync(clinic, first);

        var second = NewPatient();
        second["chartNumber"] = "c-77";
        using var response = await staff.SendJsonAsync(HttpMethod.Post, PatientsUrl(clinic), second);

        (await response.ShouldBeProblemAsync(HttpStatusCode.Conflict, "chart_number_taken")).FieldCodes!["chartNumber"].ShouldBe(["chart_number_taken"]);
    }

    [Fact]
    public async Task Two_concurrent_creates_with_one_card_leave_one_patient_and_answer_the_other_with_409()
    {
        var clinic = await App.CreateClinicAsync();
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        var number = TestCards.Ontario();

        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => staff.SendJsonAsync(HttpMethod.Post, PatientsUrl(clinic), NewPatient(number))));

        responses.Count(r => r.StatusCode == HttpStatusCode.Created).ShouldBe(1);
        responses.Count(r => r.StatusCode == HttpStatusCode.Conflict).ShouldBe(3);
        (await PatientCountAsync(clinic)).ShouldBe(1);
        App.Logs.Errors.ShouldBeEmpty();
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task S2_new_patients_start_with_the_clinic_default_and_turning_it_on_leaves_existing_patients_off()
    {
        var clinic = await App.CreateClinicAsync();
        using var owner = await App.SignedInAsync(clinic, clinic.Owner);
        await owner.SetPortalSettingAsync(clinic, "newPatientsGetAccess", false);
        var before = await owner.CreatePatientAsync(clinic);
        before.GetProperty("portal").GetProperty("access").GetBoolean().ShouldBeFalse();

        await owner.SetPortalSettingAsync(clinic, "newPatientsGetAccess", true);
        var after = await owner.CreatePatientAsync(clinic);
        var chosenOff = NewPatient();
        chosenOff["portalAccess"] = false;
        var explicitlyOff = await owner.CreatePatientAsync(clinic, chosenOff);

        after.GetProperty("portal").GetProperty("access").GetBoolean().ShouldBeTrue();
        explicitlyOff.GetProperty("portal").GetProperty("access").GetBoolean().ShouldBeFalse();
        var reloaded = await owner.GetJsonAsync<JsonElement>(PatientUrl(clinic, before.GetProperty("id").GetGuid()));
        reloaded.GetProperty("portal").GetProperty("access").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public async Task S11_portal_access_is_switched_per_patient_without_touching_the_charts_version()
    {
        var clinic = await App.CreateClinicAsync();
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        var created = await staff.CreatePatientAsync(clinic, WithAccess(NewPatient(), false));
        var id = created.GetProperty("id").GetGuid();

        using var on = await staff.SendJsonAsync(HttpMethod.Put, PortalAccessUrl(clinic, id), new JsonObject { ["enabled"] = true });
        await on.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var chart = await on.ReadJsonAsync();

        chart.GetProperty("portal").GetProperty("access").GetBoolean().ShouldBeTrue();
        chart.GetProperty("portal").GetProperty("changedBy").GetString().ShouldBe($"{clinic.Staff.Role} of {clinic.Slug}");
        chart.GetProperty("portal").GetProperty("changedAt").ValueKind.ShouldBe(JsonValueKind.String);
        chart.GetProperty("version").GetInt32().ShouldBe(created.GetProperty("version").GetInt32());
        (await App.QuerySingleAsync<bool>("select portal_access from registration.patients where id = @id", new { id })).ShouldBeTrue();
    }

    [Fact]
    public async Task An_edit_saved_against_an_old_version_is_refused_with_409_and_changes_nothing()
    {
        var clinic = await App.CreateClinicAsync();
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        var chart = await staff.CreatePatientAsync(clinic);
        var id = chart.GetProperty("id").GetGuid();
        var first = EditBody(chart);
        first["legalFamilyName"] = "Gagnon";
        using (var saved = await staff.SendJsonAsync(HttpMethod.Put, PatientUrl(clinic, id), first))
        {
            await saved.ShouldHaveStatusAsync(HttpStatusCode.OK);
            (await saved.ReadJsonAsync()).GetProperty("version").GetInt32().ShouldBe(2);
        }

        var stale = EditBody(chart);
        stale["legalFamilyName"] = "Roy";
        using var response = await staff.SendJsonAsync(HttpMethod.Put, PatientUrl(clinic, id), stale);

        await response.ShouldBeProblemAsync(HttpStatusCode.Conflict, "patient_changed");
        (await App.QuerySingleAsync<string>("select legal_family_name from registration.patients where id = @id", new { id })).ShouldBe("Gagnon");
    }

    [Fact]
    public async Task Editing_replaces_contacts_and_identifiers_and_frees_the_old_card_for_another_patient()
    {
        var clinic = await App.CreateClinicAsync();
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        var oldNumber = TestCards.Ontario();
        var chart = await staff.CreatePatientAsync(clinic, NewPatient(oldNumber));
        var edit = EditBody(chart);
        var newNumber = TestCards.Ontario();
        edit["identifiers"] = new JsonArray(new JsonObject { ["type"] = "ON", ["number"] = newNumber, ["versionCode"] = null });
        edit["emails"] = new JsonArray("NEW@Example.org");
        edit["mobiles"] = new JsonArray();
        edit["preferredContactMethod"] = "email";

        using var saved = await staff.SendJsonAsync(HttpMethod.Put, PatientUrl(clinic, chart.GetProperty("id").GetGuid()), edit);
        await saved.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var updated = await saved.ReadJsonAsync();

        updated.GetProperty("emails").EnumerateArray().Select(e => e.GetString()).ShouldBe(["new@example.org"]);
        updated.GetProperty("mobiles").GetArrayLength().ShouldBe(0);
        updated.GetProperty("identifiers")[0].GetProperty("number").GetString().ShouldBe(newNumber);
        await staff.CreatePatientAsync(clinic, NewPatient(oldNumber, givenName: "Second"));
    }

    [Fact]
    public async Task The_preferred_contact_method_needs_a_matching_contact_point()
    {
        var clinic = await App.CreateClinicAsync();
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        var body = NewPatient();
        body["mobiles"] = new JsonArray();
        body["preferredContactMethod"] = "sms";

        using var response = await staff.SendJsonAsync(HttpMethod.Post, PatientsUrl(clinic), body);

        (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).FieldCodes!["preferredContactMethod"].ShouldBe(["mobile_required_for_method"]);
    }

    [Fact]
    public async Task Every_problem_of_a_form_comes_back_at_once_each_under_its_field()
    {
        var clinic = await App.CreateClinicAsync();
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        var body = NewPatient();
        body["legalGivenName"] = " ";
        body["dateOfBirth"] = DateTime.UtcNow.AddYears(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        body["emails"] = new JsonArray("not-an-email", "A@example.com", "a@EXAMPLE.com");
        body["mobiles"] = new JsonArray("555-0123");
        body["address"]!["postalCode"] = "12345";
        body["sex"] = "other";

        using var response = await staff.SendJsonAsync(HttpMethod.Post, PatientsUrl(clinic), body);

        var codes = (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation_failed")).FieldCodes!;
        codes["legalGivenName"].ShouldBe(["required"]);
        codes["dateOfBirth"].ShouldBe(["date_in_future"]);
        codes["emails[0]"].ShouldBe(["invalid_email"]);
        codes["emails[2]"].ShouldBe(["contact_twice"]);
        codes["mobiles[0]"].ShouldBe(["invalid_phone"]);
        codes["address.postalCode"].ShouldBe(["invalid_postal_code"]);
        codes["sex"].ShouldBe(["invalid_choice"]);
        (await PatientCountAsync(clinic)).ShouldBe(0);
    }

    internal static JsonObject WithAccess(JsonObject body, bool access)
    {
        body["portalAccess"] = access;
        return body;
    }

    private Task<long> PatientCountAsync(TestClinic clinic) =>
        App.QuerySingleAsync<long>("select count(*) from registration.patients where clinic_id = @id", new { id = clinic.Id });
}
