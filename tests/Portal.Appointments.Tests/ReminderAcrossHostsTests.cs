using System.Globalization;
using System.Net;
using System.Text.Json;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Portal.TestKit.Peers;
using static Portal.Appointments.Tests.AppointmentsApi;

namespace Portal.Appointments.Tests;

public sealed class ReminderAcrossHostsTests
{
    [Fact]
    public async Task R4_a_reminder_goes_once_when_two_host_processes_run_the_reminder_job_every_second()
    {
        const string job = "appointments.reminders";
        await using var smtp = await SmtpSink.StartAsync();
        // This host serves the test's requests; the two that run jobs, and send, are processes of their own.
        var front = new PortalAppOptions().WithSmtp(smtp.Port);
        var shared = new Dictionary<string, string?>(front.Settings) { [$"Portal:Jobs:Schedules:{job}"] = "every 00:00:01" };
        front.Settings["Portal:Jobs:Enabled"] = "false";
        await using var app = await PortalApp.StartAsync(front);
        var hosts = await HostProcess.StartSeveralAsync(2, app.ConnectionString, app.FilesRoot, shared);
        await using var first = hosts[0];
        await using var second = hosts[1];

        var setup = await app.BookableClinicAsync();
        var dana = await app.AddNoticePatientAsync(setup.Clinic);
        using var client = await app.SignedInPatientAsync(smtp, dana.Patient);
        var nine = At(setup.Day, 9);
        var id = (await client.BookAsync(setup, nine)).GetProperty("id").GetGuid();
        // A reminder time that has just come for this appointment.
        var offset = (int)Math.Ceiling((nine - app.Clock.GetUtcNow()).TotalMinutes) + 1;
        using (var admin = await app.SignedInAsync(setup.Clinic, setup.Clinic.Admin))
        using (var saved = await admin.PutJsonAsync(SetupUrl(setup.Clinic) + "/reminder-settings", new { offsetsMinutes = new[] { offset }, nameAppointmentType = false }))
        {
            await saved.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        bool IsReminder(ReceivedEmail m) => m.Recipients.Contains(dana.Email) && m.Subject == $"Reminder: your appointment at {setup.Clinic.Name}";
        await smtp.WaitForAsync(IsReminder, TimeSpan.FromSeconds(30));
        var ranAfter = DateTimeOffset.UtcNow;
        await Task.Delay(TimeSpan.FromSeconds(6));

        smtp.Messages.Count(IsReminder).ShouldBe(1);
        (await app.QuerySingleAsync<long>("select count(*) from appointments.reminders where appointment_id = @id", new { id })).ShouldBe(1);
        var monitoring = app.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        var runs = monitoring.SucceededJobs(0, 1000)
            .Select(entry => monitoring.JobDetails(entry.Key))
            .Where(details => details.Properties.TryGetValue("RecurringJobId", out var recurring) && recurring == JsonSerializer.Serialize(job))
            .Select(details => DateTimeOffset.FromUnixTimeSeconds(long.Parse(details.Properties["Time"], CultureInfo.InvariantCulture)))
            .Count(scheduled => scheduled >= ranAfter);
        runs.ShouldBeGreaterThanOrEqualTo(3, "the job hardly ran after the reminder went");
    }
}
