using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Portal.Shared.Caching;
using Portal.Shared.Database;

namespace Portal.Identity.Staff;

/// <summary>
/// This host's copy of each clinic's account names (disabled accounts too), so that a page naming who is assigned or who wrote
/// does not read them on every request. A trigger on <c>identity.staff_users</c> (migration 0006) notifies the clinic on
/// <see cref="ChannelName"/> when an account is added, removed, renamed, disabled or moved, whoever writes it, and every
/// host's listener then drops the clinic (<see cref="ClinicCacheInvalidation"/>, ADR 7).
/// </summary>
internal sealed class StaffNamesCache(IMemoryCache cache, IServiceScopeFactory scopes) : ClinicCache(cache, Lifetime)
{
    public const string ChannelName = "identity_staff_changed";

    // A safety net for a notification lost while the listener reconnects.
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    public ValueTask<Dictionary<Guid, string>> ClinicAsync(Guid clinicId, CancellationToken cancellationToken) =>
        GetOrLoadAsync(
            clinicId,
            "staff-names",
            async ct =>
            {
                // A scope of its own: the copy must not come from a request's transaction that may still roll back.
                await using var scope = scopes.CreateAsyncScope();
                var rows = await scope.ServiceProvider.GetRequiredService<IDbSession>().QueryAsync<NameRow>(
                    "select id, display_name from identity.staff_users where clinic_id = @clinicId", new { clinicId }, ct);
                return rows.ToDictionary(row => row.Id, row => row.DisplayName);
            },
            cancellationToken);

    private sealed record NameRow(Guid Id, string DisplayName);
}
