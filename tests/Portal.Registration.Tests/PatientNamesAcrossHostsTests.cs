using Microsoft.Extensions.DependencyInjection;
using Portal.Registration.Contracts;
using static Portal.TestKit.RegistrationApi;

namespace Portal.Registration.Tests;

public sealed class PatientNamesAcrossHostsTests : TwoHostsTests
{
    [Fact]
    public async Task A_patient_renamed_by_a_script_is_named_anew_by_every_host_that_kept_the_old_name_and_a_removed_one_is_no_longer_named()
    {
        var clinic = await First.CreateClinicAsync();
        using var staff = await First.SignedInAsync(clinic, clinic.Staff);
        var id = (await staff.CreatePatientAsync(clinic, NewPatient(givenName: "Camille", familyName: "Tremblay"))).GetProperty("id").GetGuid();
        bool Kept() => Second.Keeps(key => key is (Guid clinicId, "display-name", Guid patientId) && clinicId == clinic.Id && patientId == id);
        // The clinic was just made: its notifications may still drop what the second host reads at first.
        await Eventually.HoldsAsync(
            async () => (await NamesAsync(Second, clinic.Id, id))[id] == "Camille Tremblay" && Kept(),
            "The second host never kept the name it read.");

        await First.ExecuteAsync("update registration.patients set preferred_name = 'Cami', legal_family_name = 'Roy' where id = @id", new { id });
        await Eventually.HoldsAsync(() => Task.FromResult(!Kept()), "The second host never heard that the name changed.");
        (await NamesAsync(Second, clinic.Id, id))[id].ShouldBe("Cami Roy");
        (await NamesAsync(First, clinic.Id, id))[id].ShouldBe("Cami Roy");

        await First.ExecuteAsync("update registration.patients set date_of_birth = date_of_birth - 1, active = false where id = @id", new { id });
        await Task.Delay(500);
        Kept().ShouldBeTrue("a change that leaves the name alone keeps it");

        await First.ExecuteAsync("delete from registration.patients where id = @id", new { id });
        await Eventually.HoldsAsync(() => Task.FromResult(!Kept()), "The second host never heard that the patient was removed.");
        (await NamesAsync(Second, clinic.Id, id)).ShouldBeEmpty();
    }

    private static Task<IReadOnlyDictionary<Guid, string>> NamesAsync(PortalApp host, Guid clinicId, params Guid[] ids) =>
        host.InScopeAsync(services => services.GetRequiredService<IPatientDirectory>().GetDisplayNamesAsync(clinicId, ids, CancellationToken.None));
}
