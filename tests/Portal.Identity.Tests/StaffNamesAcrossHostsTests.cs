using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Portal.Identity.Contracts;
using Portal.Shared.Caching;

namespace Portal.Identity.Tests;

/// <summary>Two hosts on one database, as behind a load balancer; the class owns them, since it holds one host's copy of names.</summary>
public sealed class StaffNamesAcrossHostsTests : IAsyncLifetime
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
    public async Task A_staff_member_renamed_or_disabled_by_a_script_is_named_anew_by_every_host_that_kept_the_old_name()
    {
        var clinic = await _first.CreateClinicAsync();
        var staffId = clinic.Staff.Id;
        var oldName = await _first.QuerySingleAsync<string>("select display_name from identity.staff_users where id = @staffId", new { staffId });
        var secondCache = (MemoryCache)_second.Services.GetRequiredService<IMemoryCache>();
        bool Kept() => secondCache.Keys.OfType<ValueTuple<ClinicCache, object>>().Any(k => k.Item2 is (Guid id, "staff-names") && id == clinic.Id);
        // The clinic's accounts were just made: their notifications may still drop what the second host reads at first.
        await Eventually.HoldsAsync(
            async () => (await NamesAsync(_second, clinic.Id, staffId))[staffId] == oldName && Kept(),
            "The second host never kept the names it read.");

        await _first.ExecuteAsync("update identity.staff_users set display_name = 'Dr. Ana Roy', disabled_at = now() where id = @staffId", new { staffId });
        await Eventually.HoldsAsync(() => Task.FromResult(!Kept()), "The second host never heard that a name changed.");

        (await NamesAsync(_second, clinic.Id, staffId))[staffId].ShouldBe("Dr. Ana Roy", "a disabled account is still named: what it did outlives it");
        (await NamesAsync(_first, clinic.Id, staffId))[staffId].ShouldBe("Dr. Ana Roy");
    }

    [Fact]
    public async Task Names_are_given_only_for_the_clinics_own_accounts_whatever_ids_are_asked()
    {
        var clinic = await _first.CreateClinicAsync();
        var other = await _first.CreateClinicAsync();
        var unknown = Guid.NewGuid();

        foreach (var host in new[] { _first, _second, _first })
        {
            var names = await NamesAsync(host, clinic.Id, clinic.Owner.Id, clinic.Admin.Id, other.Staff.Id, other.Owner.Id, unknown);
            names.Keys.ShouldBe([clinic.Owner.Id, clinic.Admin.Id], ignoreOrder: true);
        }
    }

    private static Task<IReadOnlyDictionary<Guid, string>> NamesAsync(PortalApp host, Guid clinicId, params Guid[] ids) =>
        host.InScopeAsync(services => services.GetRequiredService<IStaffAccounts>().GetDisplayNamesAsync(clinicId, ids, CancellationToken.None));
}
