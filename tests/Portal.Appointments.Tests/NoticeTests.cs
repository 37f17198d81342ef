using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Portal.Appointments.Contracts;
using Portal.TestKit.Peers;
using static Portal.Appointments.Tests.AppointmentsApi;

namespace Portal.Appointments.Tests;

public sealed class NoticeTests(MessagingAppFixture fixture) : IClassFixture<MessagingAppFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private PortalApp App => fixture.App;

    private SmtpSink Smtp => fixture.Smtp;

    [Fact]
    public async Task X10_the_confirmation_email_carries_an_ics_in_toronto_time_whose_uid_stays_and_sequence_grows_through_a_change_and_a_cancellation()
    {
        var setup = await App.BookableClinicAsync();
        var dana = await App.AddNoticePatientAsync(setup.Clinic);
        using var client = await App.SignedInPatientAsync(Smtp, dana.Patient);
        var nine = At(setup.Day, 9);
        var id = (await client.BookAsync(setup, nine)).GetProperty("id").GetGuid();

        var booked = await Smtp.WaitForAsync(m => m.Recipients.Contains(dana.Email) && m.Subject == $"Your appointment at {setup.Clinic.Name} is booked", Patience);
        booked.TextBody!.ShouldContain("9:00");
        booked.TextBody!.ShouldContain("Provider 0, MD");
        booked.TextBody!.ShouldContain("Main office, 1 King St W");
        booked.TextBody!.ShouldContain($"{App.BaseAddress.ToString().TrimEnd('/')}/{setup.Clinic.Slug}/appointments");
        var (calendar, invitation) = booked.Invitation();
        calendar.Method.ShouldBe("REQUEST");
        invitation.Uid.ShouldBe($"{id}@127.0.0.1");
        invitation.Sequence.ShouldBe(0);
        invitation.DtStart!.TzId.ShouldBe("America/Toronto");
        invitation.DtStart.Value.ShouldBe(nine.DateTime);
        invitation.DtStart.AsUtc.ShouldBe(nine.UtcDateTime);
        invitation.DtEnd!.AsUtc.ShouldBe(nine.AddMinutes(30).UtcDateTime);
        calendar.TimeZones.Select(zone => zone.TzId).ShouldBe(["America/Toronto"]);

        // Staff move it to 10:00 the next day: the calendar updates the same event.
        var ten = At(setup.Day.AddDays(1), 10);
        await App.MoveAsync(setup, dana.Patient.Id, id, nine, ten, TimeSpan.FromMinutes(30));
        var moved = await Smtp.WaitForAsync(m => m.Recipients.Contains(dana.Email) && m.Subject == $"Your appointment at {setup.Clinic.Name} has a new time", Patience);
        moved.TextBody!.ShouldContain("10:00");
        var (_, update) = moved.Invitation();
        update.Uid.ShouldBe(invitation.Uid);
        update.Sequence.ShouldBe(1);
        update.DtStart!.Value.ShouldBe(ten.DateTime);
        update.DtStart.TzId.ShouldBe("America/Toronto");

        using (var cancel = await client.SendJsonAsync(HttpMethod.Post, $"{MyAppointmentsUrl(setup.Clinic)}/{id}/cancel", new JsonObject()))
        {
            await cancel.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        var cancelled = await Smtp.WaitForAsync(m => m.Recipients.Contains(dana.Email) && m.Subject == $"Your appointment at {setup.Clinic.Name} is cancelled", Patience);
        var (cancelCalendar, removal) = cancelled.Invitation();
        cancelCalendar.Method.ShouldBe("CANCEL");
        removal.Uid.ShouldBe(invitation.Uid);
        removal.Sequence.ShouldBe(2);
        removal.Status.ShouldBe("CANCELLED");
    }

    [Fact]
    public async Task Each_notice_is_queued_once_under_its_appointment_sequence_and_kind_and_its_attachment_is_erased_once_sent()
    {
        var setup = await App.BookableClinicAsync();
        var dana = await App.AddNoticePatientAsync(setup.Clinic);
        using var client = await App.SignedInPatientAsync(Smtp, dana.Patient);
        var nine = At(setup.Day, 9);
        var id = (await client.BookAsync(setup, nine)).GetProperty("id").GetGuid();
        var key = $"appointments.booked:{id}:0";
        await Smtp.WaitForAsync(m => m.Recipients.Contains(dana.Email) && m.Subject!.EndsWith("is booked", StringComparison.Ordinal), Patience);

        // The same event again (a retried command, a second host): nothing more is queued.
        await App.PublishAsync(new AppointmentBooked(setup.Clinic.Id, dana.Patient.Id, id, setup.ProviderIds[0], nine, nine.AddMinutes(30), ByPatient: true));
        (await App.QuerySingleAsync<long>("select count(*) from notifications.outbox where deduplication_key = @key", new { key })).ShouldBe(1);
        await Eventually.HoldsAsync(
            async () => await App.QuerySingleAsync<bool>(
                "select state = 'sent' and data_protected is null and attachment_protected is null from notifications.outbox where deduplication_key = @key", new { key }),
            "the sent notice keeps its data or attachment");
        Smtp.Messages.Count(m => m.Recipients.Contains(dana.Email) && m.Subject!.EndsWith("is booked", StringComparison.Ordinal)).ShouldBe(1);
    }

    [Fact]
    public async Task Requests_and_declines_are_told_in_the_patients_language_by_email_and_sms_without_a_calendar_file()
    {
        var setup = await App.BookableClinicAsync();
        var eve = await App.AddNoticePatientAsync(setup.Clinic, language: "fr", preference: "both");
        var nine = At(setup.Day, 9);
        var id = Guid.CreateVersion7();
        await App.ExecuteAsync(
            """
            insert into appointments.appointments (id, clinic_id, patient_id, provider_id, type_id, location_id, starts_at, ends_at, occupied, status, booked_by,
                                                   created_at, updated_at, status_changed_at)
            values (@id, @clinicId, @patientId, @providerId, @typeId, @locationId, @nine, @end, tstzrange(@nine, @end, '[)'), 'requested', 'patient', now(), now(), now())
            """,
            new { id, clinicId = setup.Clinic.Id, patientId = eve.Patient.Id, providerId = setup.ProviderIds[0], setup.TypeId, setup.LocationId, nine = nine.ToUniversalTime(), end = nine.AddMinutes(30).ToUniversalTime() });
        await App.PublishAsync(new AppointmentRequested(setup.Clinic.Id, eve.Patient.Id, id, setup.ProviderIds[0], nine, nine.AddMinutes(30)));

        var requested = await Smtp.WaitForAsync(m => m.Recipients.Contains(eve.Email) && m.Subject == $"Nous avons reçu votre demande de rendez-vous à {setup.Clinic.Name}", Patience);
        requested.TextBody!.ShouldContain("9 h 00");
        requested.Parts.ShouldNotContain(p => p.ContentType == "text/calendar");
        await fixture.Twilio.WaitForAsync(m => m.To == eve.Phone && m.Body.Contains("nous avons reçu votre demande de rendez-vous", StringComparison.Ordinal), Patience);

        await App.PublishAsync(
            new AppointmentDeclined(setup.Clinic.Id, eve.Patient.Id, id, setup.ProviderIds[0], nine, nine.AddMinutes(30)),
            "update appointments.appointments set status = 'declined', sequence = sequence + 1 where id = @id",
            new { id });
        var declined = await Smtp.WaitForAsync(m => m.Recipients.Contains(eve.Email) && m.Subject == $"Votre demande de rendez-vous à {setup.Clinic.Name} a été refusée", Patience);
        declined.Parts.ShouldNotContain(p => p.ContentType == "text/calendar");
        await fixture.Twilio.WaitForAsync(m => m.To == eve.Phone && m.Body.Contains("a été refusée", StringComparison.Ordinal), Patience);
        (await App.QueryAsync<string>("select distinct deduplication_key from notifications.outbox where deduplication_key like @like order by 1", new { like = $"%:{id}:%" }))
            .ShouldBe([$"appointments.declined:{id}:1", $"appointments.requested:{id}:0"]);
    }

    [Fact]
    public async Task Approving_a_request_books_it_and_the_patient_gets_the_booking_notice_with_its_invitation()
    {
        var setup = await App.BookableClinicAsync();
        var dana = await App.AddNoticePatientAsync(setup.Clinic);
        using var client = await App.SignedInPatientAsync(Smtp, dana.Patient);
        var nine = At(setup.Day, 9);
        var id = (await client.BookAsync(setup, nine)).GetProperty("id").GetGuid();
        await Smtp.WaitForAsync(m => m.Recipients.Contains(dana.Email) && m.Subject!.EndsWith("is booked", StringComparison.Ordinal), Patience);

        // A booking by staff (or their approval of a request) is its own notice, under the appointment's new sequence.
        await App.PublishAsync(
            new AppointmentBooked(setup.Clinic.Id, dana.Patient.Id, id, setup.ProviderIds[0], nine, nine.AddMinutes(30), ByPatient: false),
            "update appointments.appointments set status = 'confirmed', sequence = sequence + 1 where id = @id",
            new { id });
        await Eventually.HoldsAsync(
            () => Task.FromResult(Smtp.Messages.Count(m => m.Recipients.Contains(dana.Email) && m.Subject!.EndsWith("is booked", StringComparison.Ordinal)) == 2),
            "the staff booking was not told");
        var second = Smtp.Messages.Last(m => m.Recipients.Contains(dana.Email) && m.Subject!.EndsWith("is booked", StringComparison.Ordinal));
        second.Invitation().Event.Sequence.ShouldBe(1);
    }

    [Fact]
    public async Task Notices_name_the_appointment_type_only_once_the_clinic_allows_it()
    {
        var setup = await App.BookableClinicAsync();
        var dana = await App.AddNoticePatientAsync(setup.Clinic, preference: "both");
        using var client = await App.SignedInPatientAsync(Smtp, dana.Patient);
        await client.BookAsync(setup, At(setup.Day, 9));
        var plain = await Smtp.WaitForAsync(m => m.Recipients.Contains(dana.Email) && m.Subject!.EndsWith("is booked", StringComparison.Ordinal), Patience);
        var plainSms = await fixture.Twilio.WaitForAsync(m => m.To == dana.Phone && m.Body.Contains("is booked", StringComparison.Ordinal), Patience);
        foreach (var text in new[] { plain.TextBody!, plain.HtmlBody!, plain.Subject!, plainSms.Body, plain.Invitation().Event.Summary! })
        {
            text.ShouldNotContain("Follow-up");
        }

        plain.Invitation().Event.Summary.ShouldBe($"Appointment at {setup.Clinic.Name}");

        using (var admin = await App.SignedInAsync(setup.Clinic, setup.Clinic.Admin))
        using (var saved = await admin.PutJsonAsync(SetupUrl(setup.Clinic) + "/reminder-settings", new { offsetsMinutes = new[] { 2880, 120 }, nameAppointmentType = true }))
        {
            await saved.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        var ten = At(setup.Day, 10);
        await client.BookAsync(setup, ten);
        var named = await Smtp.WaitForAsync(
            m => m.Recipients.Contains(dana.Email) && m.Subject!.EndsWith("is booked", StringComparison.Ordinal) && m.TextBody!.Contains("10:00", StringComparison.Ordinal), Patience);
        named.TextBody!.ShouldContain("appointment (Follow-up visit)");
        named.Invitation().Event.Summary.ShouldBe($"Appointment at {setup.Clinic.Name}: Follow-up visit");
        await fixture.Twilio.WaitForAsync(m => m.To == dana.Phone && m.Body.Contains("appointment (Follow-up visit)", StringComparison.Ordinal), Patience);
    }
}
