using Microsoft.Extensions.Logging;
using Portal.Settings.Contracts;
using Portal.Shared.Database;
using Portal.Shared.Jobs;

namespace Portal.Appointments.Visits;

/// <summary>
/// Sends each virtual appointment's access code at the clinic's time before it (default 5 minutes), once across hosts and
/// restarts: the appointments are locked while their codes are issued, and the code's row for the appointment's time decides
/// (a second host finding it already written sends nothing). A moved appointment gets a new code for its new time; a
/// cancelled one, or one whose room has closed, gets none.
/// </summary>
[RecurringJob("appointments.visit-codes", "every 00:01:00", Description = "Sends virtual visits' access codes when their time comes.")]
internal sealed class VisitCodeJob(IDbSession db, VisitCodeIssuer issuer, TimeProvider clock, ILogger<VisitCodeJob> logger) : IRecurringJob
{
    public const int BatchSize = 200;

    private const int MaxBatchesPerRun = 20;

    private static readonly string[] Sendable = [AppointmentStatusCodes.Booked, AppointmentStatusCodes.Confirmed];

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var total = 0;
        for (var batch = 0; batch < MaxBatchesPerRun; batch++)
        {
            var (found, sent) = await RunBatchAsync(cancellationToken);
            total += sent;
            if (found < BatchSize)
            {
                break;
            }
        }

        if (total > 0)
        {
            logger.LogInformation("Sent {Count} virtual visit access codes", total);
        }
    }

    public async Task<(int Found, int Sent)> RunBatchAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await db.BeginTransactionAsync(cancellationToken);
        try
        {
            var due = await db.QueryAsync<DueCode>(
                """
                select a.clinic_id, a.id as appointment_id, a.starts_at
                from appointments.appointments a
                join appointments.appointment_types t on t.clinic_id = a.clinic_id and t.id = a.type_id
                left join appointments.visit_settings s on s.clinic_id = a.clinic_id
                where a.status = any(@sendable) and t.mode = 'virtual'
                  and a.starts_at > @earliest and a.starts_at <= @horizon
                  and a.starts_at - make_interval(mins => coalesce(s.code_lead_minutes, @lead)) <= @now
                  and a.ends_at + make_interval(mins => coalesce(s.closes_after_minutes, @closes)) > @now
                  and not exists (
                      select 1 from appointments.visit_codes v where v.appointment_id = a.id and v.starts_at = a.starts_at)
                order by a.starts_at, a.id
                limit @batch
                for update of a skip locked
                """,
                new
                {
                    sendable = Sendable,
                    earliest = now.AddDays(-1),
                    horizon = now.AddMinutes(VisitSettings.MaxCodeLeadMinutes),
                    now,
                    lead = VisitSettings.Default.CodeLeadMinutes,
                    closes = VisitSettings.Default.ClosesAfterMinutes,
                    batch = BatchSize,
                },
                cancellationToken);
            var sent = 0;
            foreach (var code in due)
            {
                if (await issuer.IssueAsync(code.ClinicId, code.AppointmentId, code.StartsAt, resend: false, now, cancellationToken) is not null)
                {
                    sent++;
                }
            }

            await db.CommitAsync(cancellationToken);
            return (due.Count, sent);
        }
        catch
        {
            await db.RollbackAsync(CancellationToken.None);
            throw;
        }
    }

    private sealed record DueCode(Guid ClinicId, Guid AppointmentId, DateTimeOffset StartsAt);
}
