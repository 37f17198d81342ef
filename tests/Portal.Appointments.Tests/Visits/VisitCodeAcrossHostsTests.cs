using System.Net;
using Portal.TestKit.Peers;
using static Portal.Appointments.Tests.AppointmentsApi;
using static Portal.Appointments.Tests.StaffAppointmentsApi;
using static Portal.Appointments.Tests.Visits.VisitTestSupport;

namespace Portal.Appointments.Tests.Visits;

public sealed class VisitCodeAcrossHostsTests
{
    [Fact]
    public async Task R4_a_visit_code_goes_once_when_two_host_processes_run_the_code_job_every_second()
    {
        const string job = "appointments.visit-codes";
        await using var smtp = await SmtpSink.StartAsync();
        var front = new PortalAppOptions().WithSmtp(smtp.Port);
        var shared = new Dictionary<string, string?>(front.Settings) { [$"Portal:Jobs:Schedules:{job}"] = "every 00:00:01" };
        front.Settings["Portal:Jobs:Enabled"] = "false";
        await using var app = await PortalApp.StartAsync(front);
        var hosts = await HostProcess.StartSeveralAsync(2, app.ConnectionString, app.FilesRoot, shared);
        await using var first = hosts[0];
        await using var second = hosts[1];

        var clinic = await app.VirtualClinicAsync();
        var dana = await app.AddNoticePatientAsync(clinic.Clinic);
        // Starting within the code's five minutes by the hosts' clock: its code is due at once.
        var now = DateTimeOffset.UtcNow;
        var startsAt = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero).AddMinutes(3);
        Guid id;
        using (var staff = await app.SignedInAsync(clinic.Clinic, clinic.Clinic.Staff))
        using (var booked = await staff.SendJsonAsync(
                   HttpMethod.Post, SetupUrl(clinic.Clinic), StaffBooking(dana.Patient.Id, clinic.VirtualTypeId, clinic.Setup.ProviderIds[0], startsAt, anyTime: true)))
        {
            await booked.ShouldHaveStatusAsync(HttpStatusCode.Created);
            id = (await booked.ReadJsonAsync()).GetProperty("id").GetGuid();
        }

        var sent = await smtp.NthCodeAsync(dana.Email, 1);
        await Task.Delay(TimeSpan.FromSeconds(6));

        smtp.Messages.Count(m => IsVisitCode(m, dana.Email)).ShouldBe(1);
        (await app.VisitCodeKeysAsync(id)).ShouldBe([$"appointments.visit_code:{id}:1"]);
        (await app.QuerySingleAsync<int>("select issue from appointments.visit_codes where appointment_id = @id", new { id })).ShouldBe(1);
        (await app.AdmittedAsync(clinic.Clinic, sent.RoomId, sent.Code)).GetProperty("role").GetString().ShouldBe("patient");
    }
}
