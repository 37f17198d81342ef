using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Portal.Registration.Contracts;
using static Portal.TestKit.RegistrationApi;

namespace Portal.Registration.Tests;

public sealed class PatientDirectoryTests(RecordingAppFixture fixture) : IClassFixture<RecordingAppFixture>
{
    private PortalApp App => fixture.App;

    private Task<T> Directory<T>(Func<IPatientDirectory, Task<T>> call) =>
        App.InScopeAsync(services => call(services.GetRequiredService<IPatientDirectory>()));

    [Fact]
    public async Task Sign_in_finds_the_patient_by_health_card_and_email_or_mobile_however_they_are_typed()
    {
        var clinic = await App.CreateClinicAsync();
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        var number = TestCards.Ontario();
        var body = NewPatient(number);
        body["emails"] = new JsonArray("camille@example.com");
        var id = (await staff.CreatePatientAsync(clinic, PatientChartTests.WithAccess(body, true))).GetProperty("id").GetGuid();

        var byEmail = await Directory(d => d.FindForSignInAsync(clinic.Id, "on", $"{number[..4]}-{number[4..7]}-{number[7..]}", " Camille@EXAMPLE.com", default));
        var byMobile = await Directory(d => d.FindForSignInAsync(clinic.Id, "ON", number, "1 (613) 555-0123", default));

        byEmail.ShouldBe(new SignInCandidate(id, Active: true, PortalAccess: true, new ContactPoint(ContactKind.Email, "camille@example.com")));
        byMobile.ShouldBe(new SignInCandidate(id, Active: true, PortalAccess: true, new ContactPoint(ContactKind.Mobile, "+16135550123")));
    }

    [Fact]
    public async Task Sign_in_finds_no_one_with_a_wrong_contact_another_clinics_card_or_an_unknown_type()
    {
        var clinic = await App.CreateClinicAsync();
        var other = await App.CreateClinicAsync();
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        var number = TestCards.Ontario();
        var body = NewPatient(number);
        body["emails"] = new JsonArray("camille@example.com");
        await staff.CreatePatientAsync(clinic, body);

        (await Directory(d => d.FindForSignInAsync(clinic.Id, "ON", number, "someone.else@example.com", default))).ShouldBeNull();
        (await Directory(d => d.FindForSignInAsync(clinic.Id, "ON", number, "613 555 0199", default))).ShouldBeNull();
        (await Directory(d => d.FindForSignInAsync(clinic.Id, "ON", number, "not a contact", default))).ShouldBeNull();
        (await Directory(d => d.FindForSignInAsync(clinic.Id, "QC", number, "camille@example.com", default))).ShouldBeNull();
        (await Directory(d => d.FindForSignInAsync(clinic.Id, "NOPE", number, "camille@example.com", default))).ShouldBeNull();
        (await Directory(d => d.FindForSignInAsync(other.Id, "ON", number, "camille@example.com", default))).ShouldBeNull();
    }

    [Fact]
    public async Task S6_a_clinic_id_type_counts_for_sign_in_only_when_searchable_and_extra_identifications_are_on()
    {
        var clinic = await App.CreateClinicAsync();
        using var owner = await App.SignedInAsync(clinic, clinic.Owner);
        await owner.AddIdTypeAsync(clinic, "MRN", searchable: true, "MRN en", "MRN fr");
        await owner.AddIdTypeAsync(clinic, "BADGE", searchable: false);

        var body = NewPatient();
        body["emails"] = new JsonArray("mrn@example.com");
        body["identifiers"]!.AsArray().Add(new JsonObject { ["type"] = "mrn", ["number"] = "h-00042", ["versionCode"] = null });
        body["identifiers"]!.AsArray().Add(new JsonObject { ["type"] = "BADGE", ["number"] = "77", ["versionCode"] = null });
        var id = (await owner.CreatePatientAsync(clinic, body)).GetProperty("id").GetGuid();
        await owner.SetPortalSettingAsync(clinic, "extraSearchableIdsEnabled", false);

        (await Directory(d => d.FindForSignInAsync(clinic.Id, "MRN", "H00042", "mrn@example.com", default))).ShouldBeNull();
        (await Directory(d => d.GetSignInIdTypesAsync(clinic.Id, default))).Select(t => t.Code).ShouldNotContain("MRN");

        await owner.SetPortalSettingAsync(clinic, "extraSearchableIdsEnabled", true);

        (await Directory(d => d.FindForSignInAsync(clinic.Id, "MRN", "h 00042", "mrn@example.com", default))).ShouldNotBeNull().PatientId.ShouldBe(id);
        (await Directory(d => d.FindForSignInAsync(clinic.Id, "BADGE", "77", "mrn@example.com", default))).ShouldBeNull();
        var types = await Directory(d => d.GetSignInIdTypesAsync(clinic.Id, default));
        types.Where(t => t.IsHealthCard).Select(t => t.Code).ShouldBe(["AB", "BC", "MB", "NB", "NL", "NS", "NT", "NU", "ON", "PE", "QC", "SK", "YT"]);
        types.Where(t => !t.IsHealthCard).ShouldBe([new SignInIdType("MRN", false, "MRN en", "MRN fr")]);
    }

    [Fact]
    public async Task The_facade_checks_a_birth_date_gives_the_notification_address_names_patients_of_its_clinic_only_and_notes_sign_ins_on_the_portal_tab()
    {
        var clinic = await App.CreateClinicAsync();
        var other = await App.CreateClinicAsync();
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        var body = NewPatient();
        body["preferredName"] = "Cami";
        body["emails"] = new JsonArray("first@example.com", "second@example.com");
        var id = (await staff.CreatePatientAsync(clinic, body)).GetProperty("id").GetGuid();

        (await Directory(d => d.HasBirthDateAsync(clinic.Id, id, new DateOnly(1984, 3, 9), default))).ShouldBeTrue();
        (await Directory(d => d.HasBirthDateAsync(clinic.Id, id, new DateOnly(1984, 9, 3), default))).ShouldBeFalse();
        (await Directory(d => d.HasBirthDateAsync(other.Id, id, new DateOnly(1984, 3, 9), default))).ShouldBeFalse();
        (await Directory(d => d.GetContactDetailsAsync(clinic.Id, id, default))).ShouldBe(new PatientContactDetails(
            id, "Cami Tremblay", "fr", "first@example.com", "+16135550123", ContactPreference.Both, Active: true, PortalAccess: false));
        (await Directory(d => d.GetContactDetailsAsync(other.Id, id, default))).ShouldBeNull();

        var second = NewPatient();
        var secondId = (await staff.CreatePatientAsync(clinic, second)).GetProperty("id").GetGuid();
        var secondName = $"{second["legalGivenName"]} {second["legalFamilyName"]}";
        (await Directory(d => d.GetDisplayNamesAsync(clinic.Id, [id, secondId, Guid.NewGuid()], default)))
            .ShouldBe(new Dictionary<Guid, string> { [id] = "Cami Tremblay", [secondId] = secondName }, ignoreOrder: true);
        (await Directory(d => d.GetDisplayNamesAsync(clinic.Id, [secondId], default))).ShouldBe(new Dictionary<Guid, string> { [secondId] = secondName });
        (await Directory(d => d.GetDisplayNamesAsync(other.Id, [id, secondId], default))).ShouldBeEmpty();
        (await Directory(d => d.GetDisplayNamesAsync(other.Id, [id], default))).ShouldBeEmpty();

        var signedInAt = new DateTimeOffset(2026, 11, 20, 14, 30, 0, TimeSpan.Zero);
        await Directory(async d =>
        {
            await d.RecordSignInAsync(clinic.Id, id, signedInAt, default);
            return true;
        });

        var chart = await staff.GetJsonAsync<JsonElement>(PatientUrl(clinic, id));
        chart.GetProperty("portal").GetProperty("lastSignInAt").GetDateTimeOffset().ShouldBe(signedInAt);
    }

    [Fact]
    public async Task The_facade_gives_the_legal_name_and_birth_date_of_its_clinics_patients_only()
    {
        var clinic = await App.CreateClinicAsync();
        var other = await App.CreateClinicAsync();
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        var body = NewPatient();
        body["preferredName"] = "Cami";
        var id = (await staff.CreatePatientAsync(clinic, body)).GetProperty("id").GetGuid();

        (await Directory(d => d.GetIdentityAsync(clinic.Id, id, default)))
            .ShouldBe(new PatientIdentity(id, "Camille", "Tremblay", new DateOnly(1984, 3, 9)));
        (await Directory(d => d.GetIdentityAsync(other.Id, id, default))).ShouldBeNull();
        (await Directory(d => d.GetIdentityAsync(clinic.Id, Guid.NewGuid(), default))).ShouldBeNull();
    }

    [Fact]
    public async Task Creating_a_patient_changing_contacts_and_switching_access_each_announce_an_integration_event()
    {
        var clinic = await App.CreateClinicAsync();
        using var admin = await App.SignedInAsync(clinic, clinic.Admin);
        var body = NewPatient();
        body["emails"] = new JsonArray("before@example.com");
        var chart = await admin.CreatePatientAsync(clinic, PatientChartTests.WithAccess(body, false));
        var id = chart.GetProperty("id").GetGuid();

        var rename = EditBody(chart);
        rename["preferredName"] = "Cam";
        using (var saved = await admin.SendJsonAsync(HttpMethod.Put, PatientUrl(clinic, id), rename))
        {
            await saved.ShouldHaveStatusAsync(HttpStatusCode.OK);
            rename = EditBody(await saved.ReadJsonAsync());
        }

        fixture.Events.Of<PatientContactsChanged>(id).ShouldBeEmpty();
        rename["emails"] = new JsonArray("after@example.com");
        using (var saved = await admin.SendJsonAsync(HttpMethod.Put, PatientUrl(clinic, id), rename))
        {
            await saved.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        using (var on = await admin.SendJsonAsync(HttpMethod.Put, PortalAccessUrl(clinic, id), new JsonObject { ["enabled"] = true }))
        {
            await on.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        fixture.Events.Of<PatientCreated>(id).ShouldBe([new PatientCreated(clinic.Id, id, false)]);
        var contacts = fixture.Events.Of<PatientContactsChanged>(id).ShouldHaveSingleItem();
        contacts.Before.ShouldContain(new ContactPoint(ContactKind.Email, "before@example.com"));
        contacts.After.ShouldContain(new ContactPoint(ContactKind.Email, "after@example.com"));
        contacts.After.ShouldNotContain(new ContactPoint(ContactKind.Email, "before@example.com"));
        fixture.Events.Of<PatientPortalAccessChanged>(id).ShouldBe([new PatientPortalAccessChanged(clinic.Id, id, true, true)]);
    }
}
