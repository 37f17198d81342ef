using Microsoft.Extensions.DependencyInjection;
using Portal.Identity.Contracts;

namespace Portal.Identity.Tests;

public sealed class StaffNamesAcrossHostsTests : TwoHostsTests
{
    [Fact]
    public async Task A_staff_member_renamed_or_disabled_by_a_script_is_named_anew_by_every_host_that_kept_the_old_name()
    {
        var clinic = await First.CreateClinicAsync();
        var staffId = clinic.Staff.Id;
        var oldName = await First.QuerySingleAsync<string>("select display_name from identity.staff_users where id = @staffId", new { staffId });
        bool Kept() => Second.Keeps(key => key is (Guid id, "staff-names") && id == clinic.Id);
        // The clinic's accounts were just made: their notifications may still drop what the second host reads at first.
        await Eventually.HoldsAsync(
            async () => (await NamesAsync(Second, clinic.Id, staffId))[staffId] == oldName && Kept(),
            "The second host never kept the names it read.");

        await First.ExecuteAsync("update identity.staff_users set display_name = 'Dr. Ana Roy', disabled_at = now() where id = @staffId", new { staffId });
        await Eventually.HoldsAsync(() => Task.FromResult(!Kept()), "The second host never heard that a name changed.");

        (await NamesAsync(Second, clinic.Id, staffId))[staffId].ShouldBe("Dr. Ana Roy", "a disabled account is still named: what it did outlives it");
        (await NamesAsync(First, clinic.Id, staffId))[staffId].ShouldBe("Dr. Ana Roy");
    }

    [Fact]
    public async Task Names_are_given_only_for_the_clinics_own_accounts_whatever_ids_are_asked()
    {
        var clinic = await First.CreateClinicAsync();
        var other = await First.CreateClinicAsync();
        var unknown = Guid.NewGuid();

        foreach (var host in new[] { First, Second, First })
        {
            var names = await NamesAsync(host, clinic.Id, clinic.Owner.Id, clinic.Admin.Id, other.Staff.Id, other.Owner.Id, unknown);
            names.Keys.ShouldBe([clinic.Owner.Id, clinic.Admin.Id], ignoreOrder: true);
        }
    }

    private static Task<IReadOnlyDictionary<Guid, string>> NamesAsync(PortalApp host, Guid clinicId, params Guid[] ids) =>
        host.InScopeAsync(services => services.GetRequiredService<IStaffAccounts>().GetDisplayNamesAsync(clinicId, ids, CancellationToken.None));
}
