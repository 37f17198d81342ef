using System.Net;
using System.Text.Json;
using static Portal.Identity.Tests.PatientPortalApi;

namespace Portal.Identity.Tests;

public sealed class PatientContactChangeTests(MessagingAppFixture fixture) : IClassFixture<MessagingAppFixture>
{
    private PortalApp App => fixture.App;

    [Fact]
    public async Task C4_changing_the_email_needs_a_passcode_sent_to_the_new_address_and_tells_the_old_one()
    {
        var clinic = await App.OpenClinicAsync();
        var patient = await App.AddPatientAsync(clinic);
        using var client = await App.AnonymousClientAsync();
        await client.SignInAsync(fixture.Smtp, patient);
        var newEmail = $"new.{Guid.NewGuid():N}@example.org";
        var url = $"/api/clinics/{clinic.Slug}/portal/me/contacts";

        using var started = await client.PostJsonAsync(url, new { kind = "email", value = newEmail.ToUpperInvariant() });
        await started.ShouldHaveStatusAsync(HttpStatusCode.Accepted);
        var changeId = (await started.ReadJsonAsync()).GetProperty("changeId").GetString()!;
        var passcode = await fixture.Smtp.PasscodeFromEmailAsync(newEmail);

        // Nothing changes before the passcode comes back, and a wrong one changes nothing.
        (await ChartEmailsAsync(clinic, patient)).ShouldBe([patient.Email]);
        using (var wrong = await client.PostJsonAsync($"{url}/confirm", new { changeId, passcode = passcode == "111111" ? "222222" : "111111" }))
        {
            await wrong.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "passcode_invalid");
        }

        (await ChartEmailsAsync(clinic, patient)).ShouldBe([patient.Email]);
        using (var confirmed = await client.PostJsonAsync($"{url}/confirm", new { changeId, passcode }))
        {
            await confirmed.ShouldHaveStatusAsync(HttpStatusCode.OK);
            (await confirmed.ReadJsonAsync()).GetProperty("value").GetString().ShouldBe(newEmail);
        }

        (await ChartEmailsAsync(clinic, patient)).ShouldBe([newEmail]);
        var notice = await fixture.Smtp.WaitForAsync(
            m => m.Recipients.Contains(patient.Email) && m.Subject!.Contains("coordonnées", StringComparison.Ordinal), TimeSpan.FromSeconds(20));
        notice.TextBody!.ShouldNotContain(newEmail);

        using (var replay = await client.PostJsonAsync($"{url}/confirm", new { changeId, passcode }))
        {
            await replay.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "passcode_invalid");
        }

        // Sign-in now matches the new address, and no longer the old one.
        using var fresh = await App.AnonymousClientAsync();
        var before = fixture.Smtp.Count;
        await fresh.StartWithEmailAsync(patient, patient.Email);
        await fresh.StartWithEmailAsync(patient, newEmail);
        await fixture.Smtp.PasscodeFromEmailAsync(newEmail, after: 1);
        fixture.Smtp.Messages.Skip(before).Count(m => m.Recipients.Contains(patient.Email)).ShouldBe(0);
    }

    [Fact]
    public async Task C4_a_mobile_is_changed_with_a_texted_passcode_and_the_old_number_is_told_by_sms()
    {
        var clinic = await App.OpenClinicAsync();
        var patient = await App.AddPatientAsync(clinic);
        using var client = await App.AnonymousClientAsync();
        await client.SignInAsync(fixture.Smtp, patient);
        var newMobile = $"+1343555{Random.Shared.Next(0, 10_000):D4}";
        var url = $"/api/clinics/{clinic.Slug}/portal/me/contacts";

        using var started = await client.PostJsonAsync(url, new { kind = "mobile", value = $"{newMobile[2..5]} {newMobile[5..8]} {newMobile[8..]}" });
        var changeId = (await started.ReadJsonAsync()).GetProperty("changeId").GetString()!;
        var passcode = await fixture.Twilio.PasscodeFromSmsAsync(newMobile);
        using var confirmed = await client.PostJsonAsync($"{url}/confirm", new { changeId, passcode });

        await confirmed.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var notice = await fixture.Twilio.WaitForAsync(m => m.To == patient.Mobile, TimeSpan.FromSeconds(20));
        notice.Body.ShouldContain("Pas vous? Appelez la clinique.");
        notice.Body.ShouldNotContain(newMobile[2..]);
        var history = await App.QueryAsync<string>(
            "select action from platform.audit_log where target_id = @id and action like '%contact_change%' order by id", new { id = patient.Id.ToString() });
        history.ShouldBe(["identity.patient.contact_change_requested", "registration.patient.contact_changed", "identity.patient.contact_changed"]);
    }

    [Fact]
    public async Task R7_passcode_sends_for_a_contact_change_are_limited_per_patient_across_two_hosts()
    {
        var clinic = await App.OpenClinicAsync();
        var patient = await App.AddPatientAsync(clinic);
        using var client = await App.AnonymousClientAsync();
        await client.SignInAsync(fixture.Smtp, patient);
        await using var second = await App.StartSecondHostAsync();
        using var atSecond = client.CopyTo(second.BaseAddress);
        var url = $"/api/clinics/{clinic.Slug}/portal/me/contacts";

        for (var i = 0; i < 5; i++)
        {
            using var started = await (i % 2 == 0 ? client : atSecond).PostJsonAsync(url, new { kind = "email", value = $"n{i}.{Guid.NewGuid():N}@example.org" });
            await started.ShouldHaveStatusAsync(HttpStatusCode.Accepted);
        }

        var refusedAddress = $"refused.{Guid.NewGuid():N}@example.org";
        using var refused = await atSecond.PostJsonAsync(url, new { kind = "email", value = refusedAddress });

        await refused.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests, "too_many_requests");
        (await App.QuerySingleAsync<long>(
            "select count(*) from identity.patient_contact_changes where patient_id = @Id", new { patient.Id })).ShouldBe(5);
        await Task.Delay(TimeSpan.FromSeconds(2));
        fixture.Smtp.Messages.ShouldNotContain(m => m.Recipients.Contains(refusedAddress));
    }

    [Fact]
    public async Task A1_C4_a_contact_change_needs_a_signed_in_patient_and_one_started_by_another_patient_is_answered_like_an_unknown_one()
    {
        var clinic = await App.OpenClinicAsync();
        var patient = await App.AddPatientAsync(clinic);
        var other = await App.AddPatientAsync(clinic);
        var url = $"/api/clinics/{clinic.Slug}/portal/me/contacts";
        using var anonymous = await App.AnonymousClientAsync();
        using (var refused = await anonymous.PostJsonAsync(url, new { kind = "email", value = "x@example.com" }))
        {
            await refused.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "not_signed_in");
        }

        using var mallory = await App.AnonymousClientAsync();
        await mallory.SignInAsync(fixture.Smtp, other);
        using var victim = await App.AnonymousClientAsync();
        await victim.SignInAsync(fixture.Smtp, patient);
        var target = $"target.{Guid.NewGuid():N}@example.com";
        using var started = await victim.PostJsonAsync(url, new { kind = "email", value = target });
        var changeId = (await started.ReadJsonAsync()).GetProperty("changeId").GetString()!;
        var passcode = await fixture.Smtp.PasscodeFromEmailAsync(target);

        using var stolen = await mallory.PostJsonAsync($"{url}/confirm", new { changeId, passcode });

        var refusal = await stolen.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "passcode_invalid");
        using var unknown = await mallory.PostJsonAsync($"{url}/confirm", new { changeId = Guid.NewGuid().ToString("N"), passcode });
        (await unknown.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "passcode_invalid")).Detail.ShouldBe(refusal.Detail);
        (await ChartEmailsAsync(clinic, other)).ShouldBe([other.Email]);
        (await ChartEmailsAsync(clinic, patient)).ShouldBe([patient.Email]);
    }

    private async Task<IReadOnlyList<string>> ChartEmailsAsync(TestClinic clinic, TestPatient patient) =>
        await App.QueryAsync<string>(
            "select value from registration.patient_contacts where clinic_id = @clinic and patient_id = @id and kind = 'email' order by position",
            new { clinic = clinic.Id, id = patient.Id });
}
