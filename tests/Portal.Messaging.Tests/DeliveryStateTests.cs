using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Portal.TestKit.Peers;
using static Portal.Messaging.Tests.MessagingApi;

namespace Portal.Messaging.Tests;

/// <summary>How the patient was told of a staff message (M2's delivery state), as staff see it on the message.</summary>
public sealed class DeliveryStateTests(MessagingAppFixture fixture) : IClassFixture<MessagingAppFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private PortalApp App => fixture.App;

    [Fact]
    public async Task An_emailed_patients_notice_reads_queued_until_the_mail_server_has_it_then_sent_with_the_address_masked()
    {
        var clinic = await App.OpenClinicAsync();
        var patient = await AddPatientAsync(clinic, "email");
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        fixture.Smtp.DelayPerMessage = TimeSpan.FromSeconds(5);
        Guid conversationId;
        try
        {
            conversationId = await staff.ComposeToAsync(patient.AsTestPatient());

            var waiting = Single(await NotificationsAsync(staff, clinic, conversationId));
            waiting.GetProperty("channel").GetString().ShouldBe("email");
            waiting.GetProperty("state").GetString().ShouldBe("queued");
            waiting.GetProperty("reason").ValueKind.ShouldBe(JsonValueKind.Null);
            fixture.Smtp.Messages.ShouldNotContain(m => m.Recipients.Contains(patient.Email));
        }
        finally
        {
            fixture.Smtp.DelayPerMessage = TimeSpan.Zero;
        }

        await fixture.Smtp.WaitForAsync(m => m.Recipients.Contains(patient.Email), Patience);
        var sent = await StateAsync(staff, clinic, conversationId, "sent");
        sent.GetProperty("recipient").GetString().ShouldBe(patient.Email[..1] + "•••@example.com");
        sent.GetProperty("updatedAt").GetDateTimeOffset().ShouldBeGreaterThan(DateTimeOffset.UtcNow.AddMinutes(-5));
    }

    [Fact]
    public async Task An_sms_patients_notice_reads_sent_then_delivered_after_twilios_signed_report()
    {
        var clinic = await App.OpenClinicAsync();
        var patient = await AddPatientAsync(clinic, "sms");
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);

        var conversationId = await staff.ComposeToAsync(patient.AsTestPatient());

        var sms = await fixture.Twilio.WaitForAsync(m => m.To == patient.Mobile, Patience);
        var sent = await StateAsync(staff, clinic, conversationId, "sent");
        sent.GetProperty("channel").GetString().ShouldBe("sms");
        sent.GetProperty("recipient").GetString()!.ShouldEndWith(patient.Mobile[^3..]);
        sent.GetProperty("recipient").GetString()!.ShouldNotContain(patient.Mobile[2..^3]);

        using (var report = await fixture.Twilio.SendStatusCallbackAsync(sms, "delivered"))
        {
            report.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        }

        var delivered = Single(await NotificationsAsync(staff, clinic, conversationId));
        delivered.GetProperty("state").GetString().ShouldBe("delivered");
        delivered.GetProperty("reason").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Fact]
    public async Task An_sms_twilio_refuses_reads_failed_with_twilios_reason_for_staff()
    {
        var clinic = await App.OpenClinicAsync();
        var patient = await AddPatientAsync(clinic, "sms");
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        fixture.Twilio.Failure = new TwilioFailure(400, 21211, $"The 'To' number {patient.Mobile} is not a valid phone number.");
        JsonElement failed;
        try
        {
            var conversationId = await staff.ComposeToAsync(patient.AsTestPatient());
            failed = await StateAsync(staff, clinic, conversationId, "failed");
        }
        finally
        {
            fixture.Twilio.Failure = null;
        }

        failed.GetProperty("channel").GetString().ShouldBe("sms");
        failed.GetProperty("reason").GetString()!.ShouldContain("21211");
    }

    [Fact]
    public async Task An_sms_twilio_reports_undelivered_reads_failed_with_a_reason()
    {
        var clinic = await App.OpenClinicAsync();
        var patient = await AddPatientAsync(clinic, "sms");
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        var conversationId = await staff.ComposeToAsync(patient.AsTestPatient());
        var sms = await fixture.Twilio.WaitForAsync(m => m.To == patient.Mobile, Patience);
        await StateAsync(staff, clinic, conversationId, "sent");

        using (var report = await fixture.Twilio.SendStatusCallbackAsync(sms, "undelivered", errorCode: "30003"))
        {
            report.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        }

        var failed = Single(await NotificationsAsync(staff, clinic, conversationId));
        failed.GetProperty("state").GetString().ShouldBe("failed");
        failed.GetProperty("reason").GetString().ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public async Task A_patient_without_portal_access_was_not_told_and_the_message_lists_no_notification()
    {
        var clinic = await App.OpenClinicAsync();
        var patient = await AddPatientAsync(clinic, "email");
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        using (var revoked = await staff.SendJsonAsync(
                   HttpMethod.Put, RegistrationApi.PortalAccessUrl(clinic, patient.Id), new JsonObject { ["enabled"] = false }))
        {
            await revoked.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        var conversationId = await staff.ComposeToAsync(patient.AsTestPatient());

        var messages = (await staff.GetJsonAsync<JsonElement>(ConversationUrl(clinic, conversationId))).GetProperty("messages").EnumerateArray().ToList();
        messages.ShouldHaveSingleItem().GetProperty("notifications").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task The_patient_never_sees_delivery_states_and_their_reply_carries_none_on_the_staff_side()
    {
        var clinic = await App.OpenClinicAsync();
        var patient = await AddPatientAsync(clinic, "email");
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        var conversationId = await staff.ComposeToAsync(patient.AsTestPatient());
        await StateAsync(staff, clinic, conversationId, "sent");
        using var patientClient = await App.SignedInPatientAsync(fixture.Smtp, patient.AsTestPatient());

        using (var own = await patientClient.GetAsync(MyConversationUrl(clinic, conversationId)))
        {
            await own.ShouldHaveStatusAsync(HttpStatusCode.OK);
            var text = await own.Content.ReadAsStringAsync();
            text.ShouldNotContain("notifications", Case.Insensitive);
            text.ShouldNotContain("•••");
        }

        var reply = await patientClient.ReplyAsPatientAsync(clinic, conversationId, "Thank you.");
        reply.GetRawText().ShouldNotContain("notifications", Case.Insensitive);

        var messages = (await staff.GetJsonAsync<JsonElement>(ConversationUrl(clinic, conversationId))).GetProperty("messages").EnumerateArray().ToList();
        messages.Count.ShouldBe(2);
        messages[0].GetProperty("notifications").GetArrayLength().ShouldBe(1);
        messages[1].GetProperty("authorKind").GetString().ShouldBe("patient");
        messages[1].GetProperty("notifications").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task A1_staff_of_another_clinic_get_404_for_a_message_whose_delivery_state_home_staff_see()
    {
        var home = await App.OpenClinicAsync();
        var other = await App.OpenClinicAsync();
        var patient = await AddPatientAsync(home, "email");
        using var homeStaff = await App.SignedInAsync(home, home.Staff);
        using var otherStaff = await App.SignedInAsync(other, other.Owner);
        var conversationId = await homeStaff.ComposeToAsync(patient.AsTestPatient());

        using (var foreign = await otherStaff.GetAsync(ConversationUrl(other, conversationId)))
        {
            await foreign.ShouldBeProblemAsync(HttpStatusCode.NotFound, "conversation_not_found");
        }

        Single(await NotificationsAsync(homeStaff, home, conversationId)).GetProperty("channel").GetString().ShouldBe("email");
    }

    /// <summary>A patient with portal access who prefers one channel, with an address only for that one and a number no other test uses.</summary>
    private async Task<ContactPatient> AddPatientAsync(TestClinic clinic, string preference)
    {
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        var number = TestCards.Ontario();
        var email = $"p{Guid.NewGuid():N}@example.com";
        var mobile = "+1613559" + Random.Shared.Next(1000, 9999);
        var body = RegistrationApi.NewPatient(number);
        body["emails"] = new JsonArray(email);
        body["mobiles"] = preference == "sms" ? new JsonArray(mobile) : new JsonArray();
        body["preferredContactMethod"] = preference;
        body["portalAccess"] = true;
        var chart = await staff.CreatePatientAsync(clinic, body);
        return new ContactPatient(clinic, chart.GetProperty("id").GetGuid(), number, email, mobile);
    }

    /// <summary>The notifications of the conversation's first (staff) message, as staff read them.</summary>
    private static async Task<IReadOnlyList<JsonElement>> NotificationsAsync(PortalClient staff, TestClinic clinic, Guid conversationId)
    {
        var view = await staff.GetJsonAsync<JsonElement>(ConversationUrl(clinic, conversationId));
        var first = view.GetProperty("messages")[0];
        first.GetProperty("authorKind").GetString().ShouldBe("staff");
        return first.GetProperty("notifications").EnumerateArray().ToList();
    }

    private static Task<JsonElement> StateAsync(PortalClient staff, TestClinic clinic, Guid conversationId, string state) =>
        Eventually.ReturnsAsync(
            async () => Single(await NotificationsAsync(staff, clinic, conversationId)),
            notification => notification.GetProperty("state").GetString() == state,
            last => $"The notification stayed {last.GetProperty("state").GetString()}, not {state}.");

    private static JsonElement Single(IReadOnlyList<JsonElement> notifications) => notifications.ShouldHaveSingleItem();

    private sealed record ContactPatient(TestClinic Clinic, Guid Id, string HealthNumber, string Email, string Mobile)
    {
        public TestPatient AsTestPatient() => new(Clinic, Id, HealthNumber, Email);
    }
}
