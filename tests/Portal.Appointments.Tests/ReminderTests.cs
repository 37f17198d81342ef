using System.Net;
using System.Text.Json.Nodes;
using Portal.TestKit.Peers;
using static Portal.Appointments.Tests.AppointmentsApi;

namespace Portal.Appointments.Tests;

public sealed class ReminderTests(MessagingAppFixture fixture) : IClassFixture<MessagingAppFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private PortalApp App => fixture.App;

    private SmtpSink Smtp => fixture.Smtp;

    private int RemindersTo(string email) =>
        Smtp.Messages.Count(m => m.Recipients.Contains(email) && m.Subject!.StartsWith("Reminder: your appointment", StringComparison.Ordinal));

    [Fact]
    public async Task Each_reminder_is_sent_exactly_once_at_its_time_with_a_manual_clock()
    {
        var setup = await App.BookableClinicAsync();
        var dana = await App.AddNoticePatientAsync(setup.Clinic);
        using var client = await App.SignedInPatientAsync(Smtp, dana.Patient);
        var nine = At(setup.Day, 9);
        var id = (await client.BookAsync(setup, nine)).GetProperty("id").GetGuid();

        await App.RunReminderJobAsync();
        App.MoveClockTo(nine.AddDays(-2).AddMinutes(-1));
        await App.RunReminderJobAsync();
        (await App.ReminderKeysAsync(id)).ShouldBeEmpty("a reminder went before its time");

        App.MoveClockTo(nine.AddDays(-2).AddMinutes(1));
        await App.RunReminderJobAsync();
        await App.RunReminderJobAsync();
        var first = await Smtp.WaitForAsync(m => m.Recipients.Contains(dana.Email) && m.Subject == $"Reminder: your appointment at {setup.Clinic.Name}", Patience);
        first.TextBody!.ShouldContain("9:00");
        first.TextBody!.ShouldContain("Provider 0, MD");
        (await App.ReminderKeysAsync(id)).ShouldBe([$"appointments.reminder:{id}:{nine.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}:2880"]);

        App.MoveClockTo(nine.AddHours(-2).AddMinutes(1));
        await App.RunReminderJobAsync();
        await App.RunReminderJobAsync();
        await Eventually.HoldsAsync(() => Task.FromResult(RemindersTo(dana.Email) == 2), "the two-hour reminder did not come");

        App.MoveClockTo(nine.AddMinutes(5));
        await App.RunReminderJobAsync();
        (await App.ReminderKeysAsync(id)).Count.ShouldBe(2);
        await Task.Delay(TimeSpan.FromSeconds(2));
        RemindersTo(dana.Email).ShouldBe(2);
    }

    [Fact]
    public async Task A_booking_made_after_a_reminder_time_gets_no_late_reminder_for_it_but_gets_the_next_one()
    {
        var setup = await App.BookableClinicAsync();
        var dana = await App.AddNoticePatientAsync(setup.Clinic);
        var nine = At(setup.Day, 9);
        App.MoveClockTo(nine.AddHours(-30));
        using var client = await App.SignedInPatientAsync(Smtp, dana.Patient);
        var id = (await client.BookAsync(setup, nine)).GetProperty("id").GetGuid();

        await App.RunReminderJobAsync();
        (await App.ReminderKeysAsync(id)).ShouldBeEmpty("the booking notice has just said it");

        App.MoveClockTo(nine.AddHours(-2).AddMinutes(1));
        await App.RunReminderJobAsync();
        (await App.ReminderKeysAsync(id)).ShouldBe([$"appointments.reminder:{id}:{nine.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}:120"]);
    }

    [Fact]
    public async Task No_reminder_goes_for_a_cancelled_appointment()
    {
        var setup = await App.BookableClinicAsync();
        var dana = await App.AddNoticePatientAsync(setup.Clinic);
        using var client = await App.SignedInPatientAsync(Smtp, dana.Patient);
        var cancelled = (await client.BookAsync(setup, At(setup.Day, 9))).GetProperty("id").GetGuid();
        var kept = (await client.BookAsync(setup, At(setup.Day, 10))).GetProperty("id").GetGuid();
        using (var cancel = await client.SendJsonAsync(HttpMethod.Post, $"{MyAppointmentsUrl(setup.Clinic)}/{cancelled}/cancel", new JsonObject()))
        {
            await cancel.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        App.MoveClockTo(At(setup.Day, 9).AddHours(-1));
        await App.RunReminderJobAsync();

        (await App.ReminderKeysAsync(cancelled)).ShouldBeEmpty();
        (await App.ReminderKeysAsync(kept)).Count.ShouldBe(1, "only the nearest of the due reminders goes");
        (await App.ReminderKeysAsync(kept)).Single().ShouldEndWith(":120");
    }

    [Fact]
    public async Task A_moved_appointment_is_reminded_for_its_new_time_and_a_waiting_reminder_of_its_old_time_is_withdrawn()
    {
        var setup = await App.BookableClinicAsync();
        var dana = await App.AddNoticePatientAsync(setup.Clinic, preference: "sms");
        using (var admin = await App.SignedInAsync(setup.Clinic, setup.Clinic.Admin))
        using (var quiet = await admin.PutJsonAsync($"/api/clinics/{setup.Clinic.Slug}/settings/sms-quiet-hours", new { startsAt = "08:30", endsAt = "10:00" }))
        {
            await quiet.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        using var client = await App.SignedInPatientAsync(Smtp, dana.Patient);
        var monday = At(setup.Day, 9);
        var id = (await client.BookAsync(setup, monday)).GetProperty("id").GetGuid();

        // The two-day reminder falls at 09:00 on Saturday, in the clinic's quiet hours: it waits.
        App.MoveClockTo(At(setup.Day.AddDays(-2), 9).AddMinutes(1));
        await App.RunReminderJobAsync();
        var oldKey = $"appointments.reminder:{id}:{monday.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}:2880";
        await Eventually.HoldsAsync(
            async () => await App.QuerySingleAsync<string>("select state from notifications.outbox where deduplication_key = @oldKey", new { oldKey }) == "held",
            "the reminder was not held for quiet hours");

        var wednesday = At(setup.Day.AddDays(2), 11);
        await App.MoveAsync(setup, dana.Patient.Id, id, monday, wednesday, TimeSpan.FromMinutes(30));
        (await App.ReminderKeysAsync(id)).ShouldBeEmpty("the old time's reminder still waits");

        App.MoveClockTo(At(setup.Day, 9).AddHours(-1));
        await App.RunReminderJobAsync();
        (await App.ReminderKeysAsync(id)).ShouldBeEmpty("a reminder went for the old time");

        App.MoveClockTo(wednesday.AddDays(-2).AddMinutes(1));
        await App.RunReminderJobAsync();
        (await App.ReminderKeysAsync(id)).ShouldBe([$"appointments.reminder:{id}:{wednesday.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}:2880"]);
        var sms = await fixture.Twilio.WaitForAsync(m => m.To == dana.Phone && m.Body.Contains("reminder", StringComparison.Ordinal), Patience);
        sms.Body.ShouldContain("11:00");
        fixture.Twilio.Messages.Count(m => m.To == dana.Phone && m.Body.Contains("reminder", StringComparison.Ordinal)).ShouldBe(1);
    }

    [Fact]
    public async Task An_sms_reminder_due_in_quiet_hours_is_held_until_they_end_then_sent_once()
    {
        var setup = await App.BookableClinicAsync();
        var dana = await App.AddNoticePatientAsync(setup.Clinic, preference: "sms");
        using (var admin = await App.SignedInAsync(setup.Clinic, setup.Clinic.Admin))
        using (var quiet = await admin.PutJsonAsync($"/api/clinics/{setup.Clinic.Slug}/settings/sms-quiet-hours", new { startsAt = "21:00", endsAt = "08:00" }))
        {
            await quiet.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        using var client = await App.SignedInPatientAsync(Smtp, dana.Patient);
        var nine = At(setup.Day, 9);
        var id = (await client.BookAsync(setup, nine)).GetProperty("id").GetGuid();
        await App.RunReminderJobAsync();

        // The two-hour reminder is due at 07:00, an hour before the quiet hours end.
        App.MoveClockTo(At(setup.Day, 7).AddMinutes(1));
        await App.RunReminderJobAsync();
        var key = $"appointments.reminder:{id}:{nine.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}:120";
        (await App.ReminderKeysAsync(id)).ShouldBe([key]);
        await Eventually.HoldsAsync(
            async () => await App.QuerySingleAsync<string>("select state from notifications.outbox where deduplication_key = @key", new { key }) == "held",
            "the reminder was not held");
        var until = await App.QuerySingleAsync<DateTimeOffset>("select not_before from notifications.outbox where deduplication_key = @key", new { key });
        until.ShouldBe(At(setup.Day, 8));
        fixture.Twilio.Messages.ShouldNotContain(m => m.To == dana.Phone && m.Body.Contains("reminder", StringComparison.Ordinal));

        App.MoveClockTo(At(setup.Day, 8).AddMinutes(1));
        await App.RunReminderJobAsync();
        var sms = await fixture.Twilio.WaitForAsync(m => m.To == dana.Phone && m.Body.Contains("reminder", StringComparison.Ordinal), Patience);
        sms.Body.ShouldBe(
            $"{setup.Clinic.Name} reminder: your appointment with Provider 0, MD is on {NoticeWhen(nine)}, Main office, 1 King St W. " +
            $"Details or changes: {App.BaseAddress.ToString().TrimEnd('/')}/{setup.Clinic.Slug}/appointments");
        await Task.Delay(TimeSpan.FromSeconds(2));
        fixture.Twilio.Messages.Count(m => m.To == dana.Phone && m.Body.Contains("reminder", StringComparison.Ordinal)).ShouldBe(1);
    }

    private static string NoticeWhen(DateTimeOffset at) =>
        TimeZoneInfo.ConvertTime(at, Toronto).ToString("dddd, MMMM d, yyyy 'at' h:mm tt", System.Globalization.CultureInfo.GetCultureInfo("en-CA")) +
        (Toronto.IsDaylightSavingTime(at) ? " EDT" : " EST");
}
