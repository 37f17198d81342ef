using Microsoft.Extensions.Logging;
using Portal.Appointments.Notices;
using Portal.Notifications;
using Portal.Shared.Database;
using Portal.Shared.Jobs;
using Portal.Settings.Contracts;

namespace Portal.Appointments.Reminders;

/// <summary>
/// Queues the appointment reminders that are due (A5), a batch at a time: one query finds them across clinics, one insert
/// records them in <c>appointments.reminders</c> and one call queues them, in one transaction, so each reminder of an
/// appointment at a given time goes once across hosts and restarts. When several of an appointment's reminders are due
/// at once (the job did not run for a while), only the nearest goes. Appointments that were cancelled, declined or moved
/// away, or whose time has come, get none; a moved appointment gets reminders for its new time.
/// </summary>
[RecurringJob("appointments.reminders", "every 00:05:00", Description = "Queues the appointment reminders that are due, in batches.")]
internal sealed class AppointmentReminderJob(
    IDbSession db, AppointmentFactsReader reader, AppointmentNotices notices, INotificationOutbox outbox, TimeProvider clock,
    ILogger<AppointmentReminderJob> logger) : IRecurringJob
{
    public const int BatchSize = 500;

    /// <summary>So that one run ends: the next run goes on where it stopped.</summary>
    private const int MaxBatchesPerRun = 40;

    private static readonly string[] Remindable = [AppointmentStatusCodes.Booked, AppointmentStatusCodes.Confirmed];

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var total = 0;
        for (var batch = 0; batch < MaxBatchesPerRun; batch++)
        {
            var (found, queued) = await RunBatchAsync(cancellationToken);
            total += queued;
            if (found < BatchSize)
            {
                break;
            }
        }

        if (total > 0)
        {
            logger.LogInformation("Queued {Count} appointment reminders", total);
        }
    }

    /// <summary>Decides one batch of due reminders; returns how many were found and how many were queued.</summary>
    public async Task<(int Found, int Queued)> RunBatchAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await db.BeginTransactionAsync(cancellationToken);
        try
        {
            // Locking the appointments keeps a cancellation from committing between this read and the queued reminder.
            var due = await db.QueryAsync<DueReminder>(
                """
                select a.clinic_id, a.id as appointment_id, a.starts_at, o.offset_minutes
                from appointments.appointments a
                left join appointments.reminder_settings s on s.clinic_id = a.clinic_id
                cross join lateral unnest(coalesce(s.offsets_minutes, @defaults)) as o(offset_minutes)
                where a.status = any(@remindable)
                  and a.starts_at > @now and a.starts_at <= @horizon
                  and a.starts_at - make_interval(mins => o.offset_minutes) <= @now
                  and not exists (
                      select 1 from appointments.reminders r
                      where r.appointment_id = a.id and r.starts_at = a.starts_at and r.offset_minutes <= o.offset_minutes)
                order by a.starts_at, a.id, o.offset_minutes
                limit @batch
                for update of a skip locked
                """,
                new
                {
                    defaults = ReminderSettings.Default.OffsetsMinutes.ToArray(),
                    remindable = Remindable,
                    now,
                    horizon = now.AddMinutes(ReminderSettings.MaxOffsetMinutes),
                    batch = BatchSize,
                },
                cancellationToken);
            if (due.Count == 0)
            {
                await db.RollbackAsync(CancellationToken.None);
                return (0, 0);
            }

            // The nearest due reminder of each appointment goes; the farther ones are passed over.
            var decided = due.GroupBy(r => (r.AppointmentId, r.StartsAt))
                .SelectMany(g => g.Select(r => (Reminder: r, Outcome: r.OffsetMinutes == g.Min(x => x.OffsetMinutes) ? "queued" : "skipped")))
                .ToList();
            var recorded = await db.QueryAsync<RecordedReminder>(
                """
                insert into appointments.reminders (clinic_id, appointment_id, starts_at, offset_minutes, outcome, recorded_at)
                select *, @now from unnest(@clinicIds, @appointmentIds, @startsAt, @offsets, @outcomes)
                on conflict do nothing
                returning clinic_id, appointment_id, starts_at, offset_minutes, outcome
                """,
                new
                {
                    clinicIds = decided.Select(d => d.Reminder.ClinicId).ToArray(),
                    appointmentIds = decided.Select(d => d.Reminder.AppointmentId).ToArray(),
                    startsAt = decided.Select(d => d.Reminder.StartsAt).ToArray(),
                    offsets = decided.Select(d => d.Reminder.OffsetMinutes).ToArray(),
                    outcomes = decided.Select(d => d.Outcome).ToArray(),
                    now,
                },
                cancellationToken);
            var toSend = recorded.Where(r => r.Outcome == "queued").ToList();
            var facts = (await reader.ReadAsync(toSend.Select(r => (r.ClinicId, r.AppointmentId)).ToList(), cancellationToken)).ToDictionary(f => f.Id);
            var orders = toSend
                .Where(r => facts.ContainsKey(r.AppointmentId))
                .Select(r => new NoticeOrder(
                    facts[r.AppointmentId], AppointmentTemplates.Reminder, AppointmentNotices.ReminderKey(r.AppointmentId, r.StartsAt, r.OffsetMinutes), null))
                .ToList();
            var requests = await notices.RequestsAsync(orders, cancellationToken);
            await outbox.EnqueueManyAsync(requests, cancellationToken);
            await db.CommitAsync(cancellationToken);
            return (due.Count, requests.Count);
        }
        catch
        {
            await db.RollbackAsync(CancellationToken.None);
            throw;
        }
    }

    private sealed record DueReminder(Guid ClinicId, Guid AppointmentId, DateTimeOffset StartsAt, int OffsetMinutes);

    private sealed record RecordedReminder(Guid ClinicId, Guid AppointmentId, DateTimeOffset StartsAt, int OffsetMinutes, string Outcome);
}
