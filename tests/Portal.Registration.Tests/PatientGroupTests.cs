using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Portal.Registration.Contracts;
using static Portal.TestKit.RegistrationApi;

namespace Portal.Registration.Tests;

/// <summary>The directory's group selection and batch contact details, as a bulk message walks a group.</summary>
public sealed class PatientGroupTests(RecordingAppFixture fixture) : IClassFixture<RecordingAppFixture>
{
    private PortalApp App => fixture.App;

    private Task<T> Directory<T>(Func<IPatientDirectory, Task<T>> call) =>
        App.InScopeAsync(services => call(services.GetRequiredService<IPatientDirectory>()));

    private static async Task<Guid> AddAsync(PortalClient staff, TestClinic clinic, string givenName, string dateOfBirth, bool portalAccess)
    {
        var body = NewPatient(givenName: givenName);
        body["dateOfBirth"] = dateOfBirth;
        return (await staff.CreatePatientAsync(clinic, PatientChartTests.WithAccess(body, portalAccess))).GetProperty("id").GetGuid();
    }

    [Fact]
    public async Task A_group_by_portal_access_and_birth_date_is_walked_in_id_order_chunk_after_chunk_within_the_clinic()
    {
        var clinic = await App.CreateClinicAsync();
        var other = await App.CreateClinicAsync();
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        using var otherStaff = await App.SignedInAsync(other, other.Staff);
        var old1 = await AddAsync(staff, clinic, "Alice", "1950-01-01", portalAccess: true);
        var old2 = await AddAsync(staff, clinic, "Bruno", "1959-12-31", portalAccess: true);
        var old3 = await AddAsync(staff, clinic, "Chloe", "1940-06-15", portalAccess: true);
        await AddAsync(staff, clinic, "Denis", "1960-01-01", portalAccess: true);
        await AddAsync(staff, clinic, "Emile", "1945-01-01", portalAccess: false);
        await AddAsync(otherStaff, other, "Fanny", "1945-01-01", portalAccess: true);
        var filter = new PatientGroupFilter(null, Active: true, PortalAccess: true, BornBefore: new DateOnly(1960, 1, 1), BornOnOrAfter: null);

        var first = await Directory(d => d.SelectGroupAsync(clinic.Id, filter, null, 2, default));
        var second = await Directory(d => d.SelectGroupAsync(clinic.Id, filter, first[^1], 2, default));
        var third = await Directory(d => d.SelectGroupAsync(clinic.Id, filter, second[^1], 2, default));

        var expected = new[] { old1, old2, old3 }.Order().ToList();
        first.ShouldBe(expected.Take(2));
        second.ShouldBe(expected.Skip(2));
        third.ShouldBeEmpty();
        (await Directory(d => d.SelectGroupAsync(
            clinic.Id, filter with { BornBefore = null, BornOnOrAfter = new DateOnly(1950, 1, 1) }, null, 10, default)))
            .Count.ShouldBe(3);
        (await Directory(d => d.SelectGroupAsync(clinic.Id, filter with { PortalAccess = false }, null, 10, default))).Count.ShouldBe(1);
        (await Directory(d => d.SelectGroupAsync(clinic.Id, filter with { Search = "Bruno" }, null, 10, default))).ShouldBe([old2]);
    }

    [Fact]
    public async Task Contact_details_of_many_patients_come_in_one_call_and_leave_out_other_clinics_patients()
    {
        var clinic = await App.CreateClinicAsync();
        var other = await App.CreateClinicAsync();
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        using var otherStaff = await App.SignedInAsync(other, other.Staff);
        var alice = await AddAsync(staff, clinic, "Alice", "1950-01-01", portalAccess: true);
        var bruno = await AddAsync(staff, clinic, "Bruno", "1951-01-01", portalAccess: false);
        var theirs = await AddAsync(otherStaff, other, "Fanny", "1945-01-01", portalAccess: true);

        var details = await Directory(d => d.GetContactDetailsAsync(clinic.Id, [alice, bruno, theirs, Guid.NewGuid()], default));

        details.Select(d => d.PatientId).ShouldBe(new[] { alice, bruno }.Order());
        var a = details.Single(d => d.PatientId == alice);
        a.DisplayName.ShouldBe("Alice Tremblay");
        a.PortalAccess.ShouldBeTrue();
        a.Mobile.ShouldBe("+16135550123");
        a.Email.ShouldNotBeNull();
        a.Preference.ShouldBe(ContactPreference.Both);
        details.Single(d => d.PatientId == bruno).PortalAccess.ShouldBeFalse();
    }
}
