using System.Net;
using System.Text.Json.Nodes;
using static Portal.Appointments.Tests.AppointmentsApi;

namespace Portal.Appointments.Tests;

public sealed class CalendarTests(MessagingAppFixture fixture) : IClassFixture<MessagingAppFixture>
{
    private PortalApp App => fixture.App;

    private static string CalendarUrl(TestClinic clinic, Guid id) => $"{MyAppointmentsUrl(clinic)}/{id}/calendar.ics";

    [Fact]
    public async Task X10_add_to_calendar_gives_the_patient_the_appointment_at_its_toronto_time_under_the_invitations_uid_and_sequence()
    {
        var setup = await App.BookableClinicAsync();
        var dana = await App.AddNoticePatientAsync(setup.Clinic, language: "fr");
        using var client = await App.SignedInPatientAsync(fixture.Smtp, dana.Patient);
        var eleven = At(setup.Day, 11, 30);
        var id = (await client.BookAsync(setup, eleven)).GetProperty("id").GetGuid();
        var invitation = (await fixture.Smtp.WaitForAsync(m => m.Recipients.Contains(dana.Email) && m.Subject!.EndsWith("est confirmé", StringComparison.Ordinal), TimeSpan.FromSeconds(30)))
            .Invitation().Event;

        using var response = await client.GetAsync(CalendarUrl(setup.Clinic, id));
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/calendar");
        response.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("attachment");
        response.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
        var calendar = NoticeTestSupport.ParseCalendar(await response.Content.ReadAsStringAsync());
        calendar.Method.ShouldBe("PUBLISH");
        var added = calendar.Events.Single();
        added.Uid.ShouldBe(invitation.Uid);
        added.Uid.ShouldBe($"{id}@127.0.0.1");
        added.Sequence.ShouldBe(invitation.Sequence);
        added.DtStart!.TzId.ShouldBe("America/Toronto");
        added.DtStart.Hour.ShouldBe(11);
        added.DtStart.Minute.ShouldBe(30);
        added.DtStart.AsUtc.ShouldBe(eleven.UtcDateTime);
        added.Summary.ShouldBe($"Rendez-vous à {setup.Clinic.Name}");
        added.Location.ShouldBe("Main office, 1 King St W");
    }

    [Fact]
    public async Task A1_S9_A2_another_patients_an_unknown_a_hidden_or_another_clinics_appointment_has_no_calendar_file()
    {
        var setup = await App.BookableClinicAsync();
        using var alice = await App.SignedInPatientAsync(fixture.Smtp, await App.AddPatientAsync(setup.Clinic, "Alice"));
        using var bob = await App.SignedInPatientAsync(fixture.Smtp, await App.AddPatientAsync(setup.Clinic, "Bob"));
        var id = (await alice.BookAsync(setup, At(setup.Day, 9))).GetProperty("id").GetGuid();
        using (var own = await alice.GetAsync(CalendarUrl(setup.Clinic, id)))
        {
            await own.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        using (var others = await bob.GetAsync(CalendarUrl(setup.Clinic, id)))
        {
            await others.ShouldBeProblemAsync(HttpStatusCode.NotFound, "appointment_not_found");
        }

        using (var unknown = await alice.GetAsync(CalendarUrl(setup.Clinic, Guid.NewGuid())))
        {
            await unknown.ShouldBeProblemAsync(HttpStatusCode.NotFound, "appointment_not_found");
        }

        var elsewhere = await App.BookableClinicAsync();
        // A patient's session belongs to their clinic: at another clinic's address they are not signed in.
        using (var otherClinic = await alice.GetAsync(CalendarUrl(elsewhere.Clinic, id)))
        {
            await otherClinic.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "not_signed_in");
        }

        using (var staff = await App.SignedInAsync(setup.Clinic, setup.Clinic.Staff))
        using (var notAPatient = await staff.GetAsync(CalendarUrl(setup.Clinic, id)))
        {
            await notAPatient.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "not_signed_in");
        }

        using (var owner = await App.SignedInAsync(setup.Clinic, setup.Clinic.Owner))
        {
            await owner.SetPortalSettingAsync(setup.Clinic, "hiddenAppointmentStatuses", new JsonArray("booked"));
        }

        using (var hidden = await alice.GetAsync(CalendarUrl(setup.Clinic, id)))
        {
            await hidden.ShouldBeProblemAsync(HttpStatusCode.NotFound, "appointment_not_found");
        }
    }
}
