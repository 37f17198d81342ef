using MediatR;
using Portal.Appointments.Calendar;
using Portal.Appointments.Contracts;
using Portal.Appointments.Reminders;
using Portal.Notifications;

namespace Portal.Appointments.Notices;

/// <summary>
/// Tells the patient of each booking, request, decline, change and cancellation (A5), in the transaction of the change:
/// a change that rolls back tells nobody (R1). Each notice is queued once, under its appointment's id, sequence and kind.
/// A cancelled, declined or moved appointment takes back its reminders still waiting to go (held for quiet hours, say).
/// </summary>
internal sealed class AppointmentNoticeHandlers(
    AppointmentFactsReader reader, AppointmentNotices notices, ReminderLedger reminders, INotificationOutbox outbox, TimeProvider clock)
    : INotificationHandler<AppointmentBooked>, INotificationHandler<AppointmentRequested>, INotificationHandler<AppointmentDeclined>,
        INotificationHandler<AppointmentRescheduled>, INotificationHandler<AppointmentCancelled>
{
    public async Task Handle(AppointmentBooked notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        if (await FactsAsync(notification.ClinicId, notification.AppointmentId, notification.StartsAt, notification.EndsAt, cancellationToken) is not { } appointment)
        {
            return;
        }

        await reminders.PassOverDueAsync(appointment, clock.GetUtcNow(), cancellationToken);
        await QueueAsync(appointment, AppointmentTemplates.Booked, AppointmentCalendar.Request, null, cancellationToken);
    }

    public async Task Handle(AppointmentRequested notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        if (await FactsAsync(notification.ClinicId, notification.AppointmentId, notification.StartsAt, notification.EndsAt, cancellationToken) is { } appointment)
        {
            await QueueAsync(appointment, AppointmentTemplates.Requested, null, null, cancellationToken);
        }
    }

    public async Task Handle(AppointmentDeclined notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        await WithdrawRemindersAsync(notification.ClinicId, notification.AppointmentId, null, cancellationToken);
        if (await FactsAsync(notification.ClinicId, notification.AppointmentId, notification.StartsAt, notification.EndsAt, cancellationToken) is { } appointment)
        {
            await QueueAsync(appointment, AppointmentTemplates.Declined, null, null, cancellationToken);
        }
    }

    public async Task Handle(AppointmentRescheduled notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        await WithdrawRemindersAsync(notification.ClinicId, notification.AppointmentId, notification.StartsAt, cancellationToken);
        if (await FactsAsync(notification.ClinicId, notification.AppointmentId, notification.StartsAt, notification.EndsAt, cancellationToken) is not { } appointment)
        {
            return;
        }

        await reminders.PassOverDueAsync(appointment, clock.GetUtcNow(), cancellationToken);
        await QueueAsync(appointment, AppointmentTemplates.Rescheduled, AppointmentCalendar.Request, notification.PreviousStartsAt, cancellationToken);
    }

    public async Task Handle(AppointmentCancelled notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        await WithdrawRemindersAsync(notification.ClinicId, notification.AppointmentId, null, cancellationToken);
        if (await FactsAsync(notification.ClinicId, notification.AppointmentId, notification.StartsAt, notification.EndsAt, cancellationToken) is { } appointment)
        {
            await QueueAsync(appointment, AppointmentTemplates.Cancelled, AppointmentCalendar.Cancel, null, cancellationToken);
        }
    }

    /// <summary>The appointment as it is now, at the time the event announces (which is the truth of the change).</summary>
    private async Task<AppointmentFacts?> FactsAsync(Guid clinicId, Guid id, DateTimeOffset startsAt, DateTimeOffset endsAt, CancellationToken cancellationToken) =>
        await reader.ReadAsync(clinicId, id, cancellationToken) is { } facts ? facts with { StartsAt = startsAt.ToUniversalTime(), EndsAt = endsAt.ToUniversalTime() } : null;

    private async Task QueueAsync(AppointmentFacts appointment, string template, string? calendarMethod, DateTimeOffset? previous, CancellationToken cancellationToken)
    {
        var order = new NoticeOrder(appointment, template, AppointmentNotices.NoticeKey(template, appointment.Id, appointment.Sequence), calendarMethod, previous);
        var requests = await notices.RequestsAsync([order], cancellationToken);
        await outbox.EnqueueManyAsync(requests, cancellationToken);
    }

    private async Task WithdrawRemindersAsync(Guid clinicId, Guid appointmentId, DateTimeOffset? keepAt, CancellationToken cancellationToken) =>
        await outbox.WithdrawAsync(await reminders.QueuedKeysAsync(clinicId, appointmentId, keepAt, cancellationToken), cancellationToken);
}
