using System.Net;
using System.Text.RegularExpressions;
using static Portal.Messaging.Tests.MessagingApi;

namespace Portal.Messaging.Tests;

public sealed partial class NewMessageNotificationTests(MessagingAppFixture fixture) : IClassFixture<MessagingAppFixture>
{
    private PortalApp App => fixture.App;

    [Fact]
    public async Task M2_a_staff_message_emails_the_patient_a_read_message_link_and_quick_passcode_without_its_subject_or_body()
    {
        var clinic = await App.OpenClinicAsync();
        var patient = await App.AddPatientAsync(clinic);
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);

        var conversationId = await staff.ComposeToAsync(patient, subject: "Biopsy results");

        var email = await fixture.Smtp.WaitForAsync(m => m.Recipients.Contains(patient.Email), TimeSpan.FromSeconds(20));
        // The patient prefers French, as the test patients do.
        email.Subject.ShouldBe($"Vous avez un nouveau message de {clinic.Name}");
        foreach (var text in new[] { email.TextBody!, email.HtmlBody! })
        {
            text.ShouldNotContain("Biopsy");
            text.ShouldNotContain("your results are in");
            text.ShouldNotContain("Camille");
        }

        var link = LinkToken().Match(email.TextBody!);
        link.Success.ShouldBeTrue(email.TextBody);
        link.Groups["slug"].Value.ShouldBe(clinic.Slug);
        var passcode = QuickPasscode().Match(email.TextBody!).Groups["passcode"].Value;

        using var patientClient = await App.AnonymousClientAsync();
        using var verified = await patientClient.PostJsonAsync(
            $"/api/clinics/{clinic.Slug}/portal/links/verify",
            new { token = link.Groups["token"].Value, passcode, idType = (string?)null, idNumber = (string?)null, dateOfBirth = "1984-03-09", stayLoggedIn = false });
        await verified.ShouldHaveStatusAsync(HttpStatusCode.OK);
        (await verified.ReadJsonAsync()).GetProperty("target").GetString().ShouldBe($"messages/{conversationId}");

        using var opened = await patientClient.GetAsync(MyConversationUrl(clinic, conversationId));
        await opened.ShouldHaveStatusAsync(HttpStatusCode.OK);
        (await opened.ReadJsonAsync()).GetProperty("subject").GetString().ShouldBe("Biopsy results");
    }

    [Fact]
    public async Task M2_a_patient_without_portal_access_is_sent_no_link()
    {
        var clinic = await App.OpenClinicAsync();
        var patient = await App.AddPatientAsync(clinic);
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        using var revoked = await staff.SendJsonAsync(
            HttpMethod.Put, RegistrationApi.PortalAccessUrl(clinic, patient.Id), new System.Text.Json.Nodes.JsonObject { ["enabled"] = false });
        await revoked.ShouldHaveStatusAsync(HttpStatusCode.OK);

        await staff.ComposeToAsync(patient);
        var other = await App.AddPatientAsync(clinic);
        await staff.ComposeToAsync(other);

        await fixture.Smtp.WaitForAsync(m => m.Recipients.Contains(other.Email), TimeSpan.FromSeconds(20));
        fixture.Smtp.Messages.ShouldNotContain(m => m.Recipients.Contains(patient.Email));
    }

    [GeneratedRegex(@"/(?<slug>[a-z0-9-]+)/m/(?<token>[A-Za-z0-9_-]{40,})")]
    private static partial Regex LinkToken();

    [GeneratedRegex(@"Code d'accès rapide : (?<passcode>\d{6})")]
    private static partial Regex QuickPasscode();
}
