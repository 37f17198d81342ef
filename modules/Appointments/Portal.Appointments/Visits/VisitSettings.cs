using Portal.Shared.Database;

namespace Portal.Appointments.Visits;

/// <summary>A clinic's virtual visits: when the access code goes out, and when the room opens and closes around the appointment.</summary>
/// <param name="CodeLeadMinutes">How long before the start the code is sent.</param>
/// <param name="OpensBeforeMinutes">How long before the start the room admits its patient and provider.</param>
/// <param name="ClosesAfterMinutes">How long after the end it still admits them.</param>
internal sealed record VisitSettings(int CodeLeadMinutes, int OpensBeforeMinutes, int ClosesAfterMinutes, bool IsDefault)
{
    /// <summary>The code 5 minutes before (the seed's "approximately five minutes"); the room from 15 minutes before to 30 after.</summary>
    public static VisitSettings Default { get; } = new(5, 15, 30, true);

    public const int MaxCodeLeadMinutes = 120;

    public const int MaxOpensBeforeMinutes = 120;

    public const int MaxClosesAfterMinutes = 240;

    public DateTimeOffset OpensAt(DateTimeOffset startsAt) => startsAt.AddMinutes(-OpensBeforeMinutes);

    public DateTimeOffset ClosesAt(DateTimeOffset endsAt) => endsAt.AddMinutes(ClosesAfterMinutes);
}

/// <summary>Reads and saves clinics' visit settings.</summary>
internal sealed class VisitSettingsStore(IDbSession db)
{
    public async Task<VisitSettings> GetAsync(Guid clinicId, CancellationToken cancellationToken) =>
        await db.QuerySingleOrDefaultAsync<VisitSettings>(
            """
            select code_lead_minutes, opens_before_minutes, closes_after_minutes, false as is_default
            from appointments.visit_settings where clinic_id = @clinicId
            """,
            new { clinicId },
            cancellationToken) ?? VisitSettings.Default;

    public async Task<VisitSettings> SaveAsync(Guid clinicId, int codeLead, int opensBefore, int closesAfter, Guid? by, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await db.ExecuteAsync(
            """
            insert into appointments.visit_settings (clinic_id, code_lead_minutes, opens_before_minutes, closes_after_minutes, updated_at, updated_by)
            values (@clinicId, @codeLead, @opensBefore, @closesAfter, @now, @by)
            on conflict (clinic_id) do update set code_lead_minutes = excluded.code_lead_minutes,
                opens_before_minutes = excluded.opens_before_minutes, closes_after_minutes = excluded.closes_after_minutes,
                updated_at = excluded.updated_at, updated_by = excluded.updated_by
            """,
            new { clinicId, codeLead, opensBefore, closesAfter, now, by },
            cancellationToken);
        return new VisitSettings(codeLead, opensBefore, closesAfter, false);
    }
}
