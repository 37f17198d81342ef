using Npgsql;
using Portal.Settings.Contracts;
using Portal.Shared.Tenancy;
using Dapper;

namespace Portal.Settings.Clinics;

/// <summary>
/// Clinic lookups and portal settings for every request, served from <see cref="SettingsCache"/>.
/// Reads use the data source directly rather than the request's session: a cached answer must not
/// depend on a transaction that may still roll back.
/// </summary>
internal sealed class ClinicDirectory(NpgsqlDataSource dataSource, SettingsCache cache) : IClinicDirectory, IPortalSettings
{
    private const string ClinicColumns = "id, slug, name, time_zone, default_language, created_at";

    public async ValueTask<ClinicRef?> FindBySlugAsync(string slug, CancellationToken cancellationToken) =>
        await cache.GetOrLoadAsync(
            "clinic-slug:" + slug,
            async ct =>
            {
                var clinic = await QueryClinicAsync($"select {ClinicColumns} from settings.clinics where slug = @slug", new { slug }, ct);
                return (clinic, clinic?.Id);
            },
            cancellationToken);

    public async ValueTask<ClinicRef?> FindByIdAsync(Guid clinicId, CancellationToken cancellationToken) =>
        await cache.GetOrLoadAsync(
            "clinic-id:" + clinicId,
            async ct =>
            {
                var clinic = await QueryClinicAsync($"select {ClinicColumns} from settings.clinics where id = @clinicId", new { clinicId }, ct);
                return (clinic, clinic?.Id);
            },
            cancellationToken);

    public async ValueTask<PortalSettingsSnapshot?> GetAsync(Guid clinicId, CancellationToken cancellationToken) =>
        await cache.GetOrLoadAsync(
            "portal-settings:" + clinicId,
            async ct =>
            {
                await using var connection = await dataSource.OpenConnectionAsync(ct);
                var row = await connection.QuerySingleOrDefaultAsync<PortalSettingsRow>(new CommandDefinition(
                    $"select {PortalSettingsRow.SelectColumns} from settings.portal_settings where clinic_id = @clinicId",
                    new { clinicId },
                    cancellationToken: ct));
                return (row?.ToSnapshot(), row?.ClinicId);
            },
            cancellationToken);

    private async Task<ClinicRef?> QueryClinicAsync(string sql, object parameters, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<ClinicRow>(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken));
        return row?.ToRef();
    }
}
