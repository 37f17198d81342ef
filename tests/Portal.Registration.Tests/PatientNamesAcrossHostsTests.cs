using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Portal.Registration.Contracts;
using Portal.Shared.Caching;
using static Portal.TestKit.RegistrationApi;

namespace Portal.Registration.Tests;

/// <summary>Two hosts on one database, as behind a load balancer; the class owns them, since it holds one host's copy of names.</summary>
public sealed class PatientNamesAcrossHostsTests : IAsyncLifetime
{
    private PortalApp _first = null!;
    private PortalApp _second = null!;

    public async Task InitializeAsync()
    {
        _first = await PortalApp.StartAsync();
        _second = await _first.StartSecondHostAsync();
    }

    public async Task DisposeAsync()
    {
        await _second.DisposeAsync();
        await _first.DisposeAsync();
    }

    [Fact]
    public async Task A_patient_renamed_by_a_script_is_named_anew_by_every_host_that_kept_the_old_name_and_a_removed_one_is_no_longer_named()
    {
        var clinic = await _first.CreateClinicAsync();
        using var staff = await _first.SignedInAsync(clinic, clinic.Staff);
        var id = (await staff.CreatePatientAsync(clinic, NewPatient(givenName: "Camille", familyName: "Tremblay"))).GetProperty("id").GetGuid();
        var secondCache = (MemoryCache)_second.Services.GetRequiredService<IMemoryCache>();
        bool Kept() => secondCache.Keys.OfType<ValueTuple<ClinicCache, object>>().Any(k => k.Item2 is (Guid clinicId, "display-name", Guid patientId)
            && clinicId == clinic.Id && patientId == id);
        // The clinic was just made: its notifications may still drop what the second host reads at first.
        await Eventually.HoldsAsync(
            async () => (await NamesAsync(_second, clinic.Id, id))[id] == "Camille Tremblay" && Kept(),
            "The second host never kept the name it read.");

        await _first.ExecuteAsync("update registration.patients set preferred_name = 'Cami', legal_family_name = 'Roy' where id = @id", new { id });
        await Eventually.HoldsAsync(() => Task.FromResult(!Kept()), "The second host never heard that the name changed.");
        (await NamesAsync(_second, clinic.Id, id))[id].ShouldBe("Cami Roy");
        (await NamesAsync(_first, clinic.Id, id))[id].ShouldBe("Cami Roy");

        await _first.ExecuteAsync("update registration.patients set date_of_birth = date_of_birth - 1, active = false where id = @id", new { id });
        await Task.Delay(500);
        Kept().ShouldBeTrue("a change that leaves the name alone keeps it");

        await _first.ExecuteAsync("delete from registration.patients where id = @id", new { id });
        await Eventually.HoldsAsync(() => Task.FromResult(!Kept()), "The second host never heard that the patient was removed.");
        (await NamesAsync(_second, clinic.Id, id)).ShouldBeEmpty();
    }

    private static Task<IReadOnlyDictionary<Guid, string>> NamesAsync(PortalApp host, Guid clinicId, params Guid[] ids) =>
        host.InScopeAsync(services => services.GetRequiredService<IPatientDirectory>().GetDisplayNamesAsync(clinicId, ids, CancellationToken.None));
}
