using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Portal.Identity.Contracts;
using static Portal.Identity.Tests.PatientLinkApi;

namespace Portal.Identity.Tests;

/// <summary>Links issued many at once, as a bulk message issues them: each is its own link with its own passcode.</summary>
public sealed class PatientLinkBatchTests(MessagingAppFixture fixture) : IClassFixture<MessagingAppFixture>
{
    private PortalApp App => fixture.App;

    [Fact]
    public async Task Links_issued_together_each_open_their_own_target_with_their_own_passcode_and_no_other()
    {
        var clinic = await App.OpenClinicAsync();
        var first = await App.AddPatientAsync(clinic);
        var second = await App.AddPatientAsync(clinic);

        var links = await App.InScopeAsync(services => services.GetRequiredService<IPatientLinks>().IssueManyAsync(
            clinic.Id,
            [new PatientLinkRequest(first.Id, "messages/0192f6c1-2b4e-7a10-8000-000000000011"), new PatientLinkRequest(second.Id, "messages/0192f6c1-2b4e-7a10-8000-000000000022")],
            CancellationToken.None));

        links.Count.ShouldBe(2);
        links[0].Token.ShouldNotBe(links[1].Token);
        (await App.QuerySingleAsync<long>("select count(*) from identity.patient_links where clinic_id = @Id", new { clinic.Id })).ShouldBe(2);
        using var client = await App.AnonymousClientAsync();
        using (var crossed = await client.VerifyLinkAsync(clinic, links[1].Token, links[0].Passcode == links[1].Passcode ? Other(links[1].Passcode) : links[0].Passcode))
        {
            await crossed.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "details_invalid");
        }

        using var verified = await client.VerifyLinkAsync(clinic, links[1].Token, links[1].Passcode);
        (await verified.ShouldSignInAsync()).GetProperty("target").GetString().ShouldBe("messages/0192f6c1-2b4e-7a10-8000-000000000022");
        using var otherClient = await App.AnonymousClientAsync();
        using var firstVerified = await otherClient.VerifyLinkAsync(clinic, links[0].Token, links[0].Passcode);
        (await firstVerified.ShouldSignInAsync()).GetProperty("target").GetString().ShouldBe("messages/0192f6c1-2b4e-7a10-8000-000000000011");
    }

    [Fact]
    public async Task A_bad_target_among_many_issues_none()
    {
        var clinic = await App.OpenClinicAsync();
        var patient = await App.AddPatientAsync(clinic);

        await Should.ThrowAsync<ArgumentException>(() => App.InScopeAsync(services => services.GetRequiredService<IPatientLinks>().IssueManyAsync(
            clinic.Id, [new PatientLinkRequest(patient.Id, "messages/1"), new PatientLinkRequest(patient.Id, "https://evil.example/")], CancellationToken.None)));

        (await App.QuerySingleAsync<long>("select count(*) from identity.patient_links where clinic_id = @Id", new { clinic.Id })).ShouldBe(0);
    }
}
