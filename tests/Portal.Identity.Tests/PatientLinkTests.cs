using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Portal.Identity.Contracts;
using Portal.Shared.Database;
using Portal.Shared.Jobs;
using static Portal.Identity.Tests.PatientLinkApi;
using static Portal.Identity.Tests.PatientPortalApi;

namespace Portal.Identity.Tests;

public sealed class PatientLinkTests(MessagingAppFixture fixture) : IClassFixture<MessagingAppFixture>
{
    private PortalApp App => fixture.App;

    [Fact]
    public async Task I2_the_quick_passcode_and_the_date_of_birth_open_a_normal_patient_session_and_answer_the_links_target()
    {
        var clinic = await App.OpenClinicAsync();
        var patient = await App.AddPatientAsync(clinic);
        var link = await App.IssueLinkAsync(patient, "messages/0192f6c1-2b4e-7a10-8000-00000000abcd");
        using var client = await App.AnonymousClientAsync();

        link.Url.ToString().ShouldBe($"{App.BaseAddress.ToString().TrimEnd('/')}/{clinic.Slug}/m/{link.Token}");
        (await client.StateOfAsync(clinic, link.Token)).ShouldBe("usable");
        using (var home = await client.GetAsync(MeUrl(clinic)))
        {
            await home.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        }

        using var verified = await client.VerifyLinkAsync(clinic, link.Token, link.Passcode, stayLoggedIn: true);
        var body = await verified.ShouldSignInAsync();

        body.GetProperty("target").GetString().ShouldBe("messages/0192f6c1-2b4e-7a10-8000-00000000abcd");
        body.GetProperty("displayName").GetString().ShouldBe("Camille Tremblay");
        var cookie = SetCookie.From(verified).Single(c => c.Name == "__Host-portal-patient");
        DateTimeOffset.Parse(cookie.Attribute("expires")!, System.Globalization.CultureInfo.InvariantCulture)
            .ShouldBe(App.Clock.GetUtcNow().AddDays(30), TimeSpan.FromMinutes(1));
        using var me = await client.GetAsync(MeUrl(clinic));
        await me.ShouldHaveStatusAsync(HttpStatusCode.OK);
        (await App.QuerySingleAsync<bool>(
            "select stay_logged_in from identity.patient_sessions where patient_id = @Id and ended_at is null", new { patient.Id })).ShouldBeTrue();
        (await client.StateOfAsync(clinic, link.Token)).ShouldBe("used");
    }

    [Fact]
    public async Task P2_a_links_quick_passcode_works_once()
    {
        var clinic = await App.OpenClinicAsync();
        var patient = await App.AddPatientAsync(clinic);
        var link = await App.IssueLinkAsync(patient);
        using var client = await App.AnonymousClientAsync();
        using (var first = await client.VerifyLinkAsync(clinic, link.Token, link.Passcode))
        {
            await first.ShouldSignInAsync();
        }

        using var other = await App.AnonymousClientAsync();
        using var second = await other.VerifyLinkAsync(clinic, link.Token, link.Passcode);

        await second.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "link_expired");
        other.Cookies.ShouldNotContainKey("__Host-portal-patient");
    }

    [Fact]
    public async Task P3_a_link_passcode_is_refused_on_another_link_and_in_ordinary_sign_in_and_a_sign_in_passcode_is_refused_on_a_link()
    {
        var clinic = await App.OpenClinicAsync();
        var patient = await App.AddPatientAsync(clinic);
        var first = await App.IssueLinkAsync(patient);
        var second = await App.IssueLinkAsync(patient);
        using var client = await App.AnonymousClientAsync();

        using (var crossed = await client.VerifyLinkAsync(clinic, second.Token, first.Passcode))
        {
            await crossed.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "details_invalid");
        }

        var attempt = await client.StartWithEmailAsync(patient);
        var signInPasscode = await fixture.Smtp.PasscodeFromEmailAsync(patient.Email);
        using (var linkPasscodeInSignIn = await client.VerifyAsync(clinic, attempt, first.Passcode))
        {
            await linkPasscodeInSignIn.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "passcode_invalid");
        }

        using (var linkTokenAsAttempt = await client.VerifyAsync(clinic, first.Token, first.Passcode))
        {
            await linkTokenAsAttempt.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "passcode_invalid");
        }

        using (var signInPasscodeOnLink = await client.VerifyLinkAsync(clinic, first.Token, signInPasscode))
        {
            await signInPasscodeOnLink.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "details_invalid");
        }

        client.Cookies.ShouldNotContainKey("__Host-portal-patient");
        using (var own = await client.VerifyLinkAsync(clinic, first.Token, first.Passcode))
        {
            await own.ShouldSignInAsync();
        }

        using var ownSignIn = await client.VerifyAsync(clinic, attempt, signInPasscode);
        await ownSignIn.ShouldHaveStatusAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task P4_five_wrong_tries_end_the_links_passcode_and_the_sixth_is_refused_even_when_right()
    {
        var clinic = await App.OpenClinicAsync();
        var patient = await App.AddPatientAsync(clinic);
        var link = await App.IssueLinkAsync(patient);
        using var client = await App.AnonymousClientAsync();

        for (var i = 0; i < 4; i++)
        {
            using var wrong = await client.VerifyLinkAsync(clinic, link.Token, Other(link.Passcode));
            await wrong.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "details_invalid");
        }

        // A right passcode with a wrong date of birth is a wrong try too; the fifth also brings the first lock-out (P5).
        using (var fifth = await client.VerifyLinkAsync(clinic, link.Token, link.Passcode, dateOfBirth: "1984-09-03"))
        {
            fifth.StatusCode.ShouldBeOneOf(HttpStatusCode.BadRequest, HttpStatusCode.TooManyRequests);
        }

        App.Clock.Advance(TimeSpan.FromMinutes(2));
        (await client.StateOfAsync(clinic, link.Token)).ShouldBe("expired");
        using var sixth = await client.VerifyLinkAsync(clinic, link.Token, link.Passcode);

        await sixth.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "link_expired");
        (await App.QuerySingleAsync<string>("select end_reason from identity.patient_links where patient_id = @Id", new { patient.Id }))
            .ShouldBe("wrong_attempts");
    }

    [Fact]
    public async Task P6_a_link_passcode_expires_after_the_default_S8_timeout_of_3_days_even_with_the_cleanup_job_stopped()
    {
        var clinic = await App.OpenClinicAsync();
        var patient = await App.AddPatientAsync(clinic);
        var issuedAt = App.Clock.GetUtcNow();
        var late = await App.IssueLinkAsync(patient);
        var inTime = await App.IssueLinkAsync(patient);
        using var client = await App.AnonymousClientAsync();

        late.ExpiresAt.ShouldBe(issuedAt.AddDays(3), TimeSpan.FromSeconds(1));
        App.Clock.Advance(TimeSpan.FromDays(3) - TimeSpan.FromMinutes(1));
        using (var justInTime = await client.VerifyLinkAsync(clinic, inTime.Token, inTime.Passcode))
        {
            await justInTime.ShouldSignInAsync();
        }

        App.Clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        (await client.StateOfAsync(clinic, late.Token)).ShouldBe("expired");
        using var tooLate = await client.VerifyLinkAsync(clinic, late.Token, late.Passcode);

        await tooLate.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "link_expired");
    }

    [Fact]
    public async Task P6_a_link_passcode_expires_after_the_clinics_own_S8_timeout()
    {
        var clinic = await App.OpenClinicAsync();
        using (var owner = await App.SignedInAsync(clinic, clinic.Owner))
        {
            await owner.SetPortalSettingAsync(clinic, "passcodeTimeoutMinutes", 60);
        }

        var patient = await App.AddPatientAsync(clinic);
        var link = await App.IssueLinkAsync(patient);
        using var client = await App.AnonymousClientAsync();

        link.ExpiresAt.ShouldBe(App.Clock.GetUtcNow().AddHours(1), TimeSpan.FromSeconds(1));
        using (var state = await client.LinkStateAsync(clinic, link.Token))
        {
            (await state.ReadJsonAsync()).GetProperty("passcodeTimeoutMinutes").GetInt32().ShouldBe(60);
        }

        App.Clock.Advance(TimeSpan.FromMinutes(61));
        using var tooLate = await client.VerifyLinkAsync(clinic, link.Token, link.Passcode);

        await tooLate.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "link_expired");
    }

    [Fact]
    public async Task P9_link_tokens_carry_256_random_bits_and_only_their_hash_and_a_keyed_hash_of_the_passcode_are_stored()
    {
        var clinic = await App.OpenClinicAsync();
        var patient = await App.AddPatientAsync(clinic);
        var links = new List<IssuedPatientLink>();
        for (var i = 0; i < 5; i++)
        {
            links.Add(await App.IssueLinkAsync(patient));
        }

        links.Select(l => l.Token).Distinct().Count().ShouldBe(5);
        foreach (var link in links)
        {
            link.Token.Length.ShouldBe(43);
            link.Token.ShouldAllBe(c => char.IsAsciiLetterOrDigit(c) || c == '-' || c == '_');
            Base64UrlDecodedLength(link.Token).ShouldBe(32);
            link.Passcode.Length.ShouldBe(6);
            link.Passcode.ShouldAllBe(c => char.IsAsciiDigit(c));
        }

        var hashes = await App.QueryAsync<byte[]>(
            "select token_hash from identity.patient_links where patient_id = @Id order by created_at, id", new { patient.Id });
        hashes.Select(Convert.ToHexString).Order().ShouldBe(links.Select(l => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(l.Token)))).Order());
        var dump = await App.QuerySingleAsync<string>("select string_agg(t::text, ' ') from identity.patient_links t where patient_id = @Id", new { patient.Id });
        foreach (var link in links)
        {
            dump.ShouldNotContain(link.Token);
            dump.ShouldNotContain(link.Passcode);
        }
    }

    [Fact]
    public async Task P9_the_date_of_birth_is_never_the_only_secret_in_either_S10_mode()
    {
        var clinic = await App.OpenClinicAsync();
        var patient = await App.AddPatientAsync(clinic);
        var link = await App.IssueLinkAsync(patient);
        using var client = await App.AnonymousClientAsync();

        using (var dateOnly = await client.PostJsonAsync(LinkVerifyUrl(clinic), new { token = link.Token, passcode = (string?)null, idType = (string?)null, idNumber = (string?)null, dateOfBirth = BirthDate, stayLoggedIn = false }))
        {
            await dateOnly.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "required");
        }

        await App.UseIdentifierSignInAsync(clinic);
        using (var dateOnly = await client.PostJsonAsync(LinkVerifyUrl(clinic), new { token = link.Token, passcode = (string?)null, idType = (string?)null, idNumber = (string?)null, dateOfBirth = BirthDate, stayLoggedIn = false }))
        {
            await dateOnly.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "required");
        }

        using (var passcodeInIdMode = await client.VerifyLinkAsync(clinic, link.Token, link.Passcode))
        {
            await passcodeInIdMode.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "required");
        }

        client.Cookies.ShouldNotContainKey("__Host-portal-patient");
    }

    [Fact]
    public async Task S10_in_passcode_mode_the_link_page_is_told_to_ask_for_the_passcode_and_an_ID_does_not_sign_in()
    {
        var clinic = await App.OpenClinicAsync();
        var patient = await App.AddPatientAsync(clinic);
        var link = await App.IssueLinkAsync(patient);
        using var client = await App.AnonymousClientAsync();

        using var state = await client.LinkStateAsync(clinic, link.Token);
        (await state.ReadJsonAsync()).GetProperty("signInWith").GetString().ShouldBe("passcode");
        using var byId = await client.VerifyLinkWithIdAsync(clinic, link.Token, "ON", patient.HealthNumber);

        await byId.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "required");
    }

    [Fact]
    public async Task S10_in_identifier_mode_the_patients_ID_and_date_of_birth_sign_in_and_anothers_ID_does_not()
    {
        var clinic = await App.OpenClinicAsync();
        await App.UseIdentifierSignInAsync(clinic);
        var patient = await App.AddPatientAsync(clinic);
        var someoneElse = await App.AddPatientAsync(clinic);
        var link = await App.IssueLinkAsync(patient, "messages/abc");
        using var client = await App.AnonymousClientAsync();

        using (var state = await client.LinkStateAsync(clinic, link.Token))
        {
            (await state.ReadJsonAsync()).GetProperty("signInWith").GetString().ShouldBe("identifier");
        }

        using (var anothers = await client.VerifyLinkWithIdAsync(clinic, link.Token, "ON", someoneElse.HealthNumber))
        {
            await anothers.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "details_invalid");
        }

        using (var wrongDate = await client.VerifyLinkWithIdAsync(clinic, link.Token, "ON", patient.HealthNumber, "1984-03-10"))
        {
            await wrongDate.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "details_invalid");
        }

        var typedTheirWay = $"{patient.HealthNumber[..4]} {patient.HealthNumber[4..7]} {patient.HealthNumber[7..]}";
        using var verified = await client.VerifyLinkWithIdAsync(clinic, link.Token, "on", typedTheirWay);

        (await verified.ShouldSignInAsync()).GetProperty("target").GetString().ShouldBe("messages/abc");
        using var me = await client.GetAsync(MeUrl(clinic));
        await me.ShouldHaveStatusAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task P5_in_identifier_mode_link_failures_count_against_the_patient_and_a_new_link_does_not_reset_them()
    {
        var clinic = await App.OpenClinicAsync();
        await App.UseIdentifierSignInAsync(clinic);
        var patient = await App.AddPatientAsync(clinic);
        using var client = await App.AnonymousClientAsync();
        var first = await App.IssueLinkAsync(patient);
        for (var i = 0; i < 3; i++)
        {
            using var wrong = await client.VerifyLinkWithIdAsync(clinic, first.Token, "ON", TestCards.Ontario());
            await wrong.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "details_invalid");
        }

        var second = await App.IssueLinkAsync(patient);
        using (var fourth = await client.VerifyLinkWithIdAsync(clinic, second.Token, "ON", TestCards.Ontario()))
        {
            await fourth.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "details_invalid");
        }

        using (var fifth = await client.VerifyLinkWithIdAsync(clinic, second.Token, "ON", TestCards.Ontario()))
        {
            await fifth.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests, "sign_in_locked");
            fifth.Headers.RetryAfter!.Delta!.Value.ShouldBe(TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(2));
        }

        // Locked: even the right ID waits, on this link and on a new one.
        var third = await App.IssueLinkAsync(patient);
        using (var right = await client.VerifyLinkWithIdAsync(clinic, third.Token, "ON", patient.HealthNumber))
        {
            await right.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests, "sign_in_locked");
        }

        App.Clock.Advance(TimeSpan.FromMinutes(1.5));
        using (var sixth = await client.VerifyLinkWithIdAsync(clinic, third.Token, "ON", TestCards.Ontario()))
        {
            await sixth.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests, "sign_in_locked");
            sixth.Headers.RetryAfter!.Delta!.Value.ShouldBe(TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(2));
        }

        App.Clock.Advance(TimeSpan.FromMinutes(2.5));
        using var afterLock = await client.VerifyLinkWithIdAsync(clinic, third.Token, "ON", patient.HealthNumber);
        await afterLock.ShouldSignInAsync();
    }

    [Fact]
    public async Task P10_resend_sends_a_new_passcode_for_the_same_link_to_the_preferred_channel_only_and_the_old_one_dies()
    {
        var clinic = await App.OpenClinicAsync();
        var patient = await App.AddPatientAsync(clinic, preferredContactMethod: "email");
        var link = await App.IssueLinkAsync(patient);
        using var client = await App.AnonymousClientAsync();
        using (var used = await client.VerifyLinkAsync(clinic, link.Token, link.Passcode))
        {
            await used.ShouldSignInAsync();
        }

        using var other = await App.AnonymousClientAsync();
        using (var resent = await other.ResendLinkPasscodeAsync(clinic, link.Token))
        {
            await resent.ShouldHaveStatusAsync(HttpStatusCode.Accepted);
            (await resent.ReadJsonAsync()).GetProperty("expiresInMinutes").GetInt32().ShouldBe(3 * 24 * 60);
        }

        var passcode = await fixture.Smtp.PasscodeFromEmailAsync(patient.Email);
        var email = fixture.Smtp.Messages.Last(m => m.Recipients.Contains(patient.Email));
        email.Subject.ShouldBe($"Votre nouveau code d'accès rapide au portail patient de {clinic.Name}");
        email.TextBody!.ShouldContain("3 jours");
        email.TextBody!.ShouldNotContain("messages/");
        email.TextBody!.ShouldNotContain(link.Token);
        (await other.StateOfAsync(clinic, link.Token)).ShouldBe("usable");
        using (var old = await other.VerifyLinkAsync(clinic, link.Token, link.Passcode))
        {
            await old.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "details_invalid");
        }

        using (var fresh = await other.VerifyLinkAsync(clinic, link.Token, passcode))
        {
            await fresh.ShouldSignInAsync();
        }

        await Task.Delay(1000);
        fixture.Twilio.Messages.ShouldNotContain(m => m.To == patient.Mobile);
    }

    [Fact]
    public async Task P10_resend_goes_by_SMS_to_a_patient_who_prefers_SMS()
    {
        var clinic = await App.OpenClinicAsync();
        var patient = await App.AddPatientAsync(clinic, preferredContactMethod: "sms");
        var link = await App.IssueLinkAsync(patient);
        using var client = await App.AnonymousClientAsync();
        App.Clock.Advance(TimeSpan.FromDays(4));

        using (var resent = await client.ResendLinkPasscodeAsync(clinic, link.Token))
        {
            await resent.ShouldHaveStatusAsync(HttpStatusCode.Accepted);
        }

        var passcode = await fixture.Twilio.PasscodeFromSmsAsync(patient.Mobile);
        fixture.Twilio.Messages.Last(m => m.To == patient.Mobile).Body.ShouldContain("3 jours");
        using var verified = await client.VerifyLinkAsync(clinic, link.Token, passcode);
        await verified.ShouldSignInAsync();
        fixture.Smtp.Messages.ShouldNotContain(m => m.Recipients.Contains(patient.Email));
    }

    [Fact]
    public async Task A_link_works_for_resends_for_30_days_and_then_opens_nothing_and_the_cleanup_job_deletes_it()
    {
        // A host without a job server: the cleanup job (every 5 minutes, by the real clock) runs only when this test runs it,
        // so the link is still stored, and refused, before it does.
        var options = new PortalAppOptions();
        options.Settings["Portal:Jobs:Enabled"] = "false";
        await using var app = await PortalApp.StartAsync(options);
        var clinic = await app.OpenClinicAsync();
        var patient = await app.AddPatientAsync(clinic);
        var link = await app.IssueLinkAsync(patient);
        using var client = await app.AnonymousClientAsync();
        app.Clock.Advance(TimeSpan.FromDays(29));

        (await client.StateOfAsync(clinic, link.Token)).ShouldBe("expired");
        using (var resent = await client.ResendLinkPasscodeAsync(clinic, link.Token))
        {
            await resent.ShouldHaveStatusAsync(HttpStatusCode.Accepted);
        }

        (await client.StateOfAsync(clinic, link.Token)).ShouldBe("usable");
        app.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));

        using (var state = await client.LinkStateAsync(clinic, link.Token))
        {
            await state.ShouldBeProblemAsync(HttpStatusCode.NotFound, "link_not_found");
        }

        using (var verify = await client.VerifyLinkAsync(clinic, link.Token, link.Passcode))
        {
            await verify.ShouldBeProblemAsync(HttpStatusCode.NotFound, "link_not_found");
        }

        using (var resend = await client.ResendLinkPasscodeAsync(clinic, link.Token))
        {
            await resend.ShouldBeProblemAsync(HttpStatusCode.NotFound, "link_not_found");
        }

        const string count = "select count(*) from identity.patient_links where patient_id = @Id";
        (await app.QuerySingleAsync<long>(count, new { patient.Id })).ShouldBe(1);
        await app.InScopeAsync(async services =>
        {
            var job = services.GetRequiredService<JobCatalog>().Find("identity.passcode-expiry").ShouldNotBeNull();
            await ((IRecurringJob)services.GetRequiredService(job.JobType)).RunAsync(CancellationToken.None);
            return true;
        });
        (await app.QuerySingleAsync<long>(count, new { patient.Id })).ShouldBe(0);
    }

    [Fact]
    public async Task P8_resending_a_links_passcode_is_limited_per_patient_with_429_and_retry_after()
    {
        var clinic = await App.OpenClinicAsync();
        var patient = await App.AddPatientAsync(clinic, preferredContactMethod: "email");
        var first = await App.IssueLinkAsync(patient);
        var second = await App.IssueLinkAsync(patient);
        using var client = await App.AnonymousClientAsync();
        for (var i = 0; i < 5; i++)
        {
            using var resent = await client.ResendLinkPasscodeAsync(clinic, i % 2 == 0 ? first.Token : second.Token);
            await resent.ShouldHaveStatusAsync(HttpStatusCode.Accepted);
        }

        using (var sixth = await client.ResendLinkPasscodeAsync(clinic, second.Token))
        {
            await sixth.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests, "too_many_requests");
            sixth.Headers.RetryAfter!.Delta!.Value.ShouldBeGreaterThan(TimeSpan.FromMinutes(10));
        }

        await Eventually.HoldsAsync(
            () => Task.FromResult(fixture.Smtp.Messages.Count(m => m.Recipients.Contains(patient.Email)) >= 5),
            "The five allowed passcodes never all arrived.");
        await Task.Delay(1000);
        fixture.Smtp.Messages.Count(m => m.Recipients.Contains(patient.Email)).ShouldBe(5);
        App.Clock.Advance(TimeSpan.FromMinutes(16));
        using var later = await client.ResendLinkPasscodeAsync(clinic, first.Token);
        await later.ShouldHaveStatusAsync(HttpStatusCode.Accepted);
    }

    [Fact]
    public async Task A2_a_link_does_not_exist_at_another_clinics_address_and_an_unknown_token_is_not_found()
    {
        var clinic = await App.OpenClinicAsync();
        var other = await App.OpenClinicAsync();
        var patient = await App.AddPatientAsync(clinic);
        var link = await App.IssueLinkAsync(patient);
        using var client = await App.AnonymousClientAsync();

        using (var state = await client.LinkStateAsync(other, link.Token))
        {
            await state.ShouldBeProblemAsync(HttpStatusCode.NotFound, "link_not_found");
        }

        using (var verify = await client.VerifyLinkAsync(other, link.Token, link.Passcode))
        {
            await verify.ShouldBeProblemAsync(HttpStatusCode.NotFound, "link_not_found");
        }

        using (var resend = await client.ResendLinkPasscodeAsync(other, link.Token))
        {
            await resend.ShouldBeProblemAsync(HttpStatusCode.NotFound, "link_not_found");
        }

        using (var unknown = await client.LinkStateAsync(clinic, link.Token[..^1] + (link.Token[^1] == 'A' ? 'B' : 'A')))
        {
            await unknown.ShouldBeProblemAsync(HttpStatusCode.NotFound, "link_not_found");
        }

        (await client.StateOfAsync(clinic, link.Token)).ShouldBe("usable");
    }

    [Fact]
    public async Task The_link_answers_say_nothing_about_the_patient_and_a_patient_without_access_gets_only_the_details_are_wrong()
    {
        var clinic = await App.OpenClinicAsync();
        var patient = await App.AddPatientAsync(clinic, portalAccess: false);
        var link = await App.IssueLinkAsync(patient);
        using var client = await App.AnonymousClientAsync();

        using (var state = await client.LinkStateAsync(clinic, link.Token))
        {
            (await state.ReadJsonAsync()).EnumerateObject().Select(p => p.Name).ShouldBe(["state", "signInWith", "passcodeTimeoutMinutes"]);
        }

        using (var right = await client.VerifyLinkAsync(clinic, link.Token, link.Passcode))
        {
            var problem = await right.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "details_invalid");
            problem.Detail!.ShouldNotContain("Camille");
        }

        using var resent = await client.ResendLinkPasscodeAsync(clinic, link.Token);
        await resent.ShouldHaveStatusAsync(HttpStatusCode.Accepted);
        await Task.Delay(1000);
        fixture.Smtp.Messages.ShouldNotContain(m => m.Recipients.Contains(patient.Email));
    }

    [Fact]
    public async Task A5_no_passcode_or_link_token_is_logged_and_link_sign_in_is_audited()
    {
        var clinic = await App.OpenClinicAsync();
        var patient = await App.AddPatientAsync(clinic, preferredContactMethod: "email");
        var link = await App.IssueLinkAsync(patient);
        using var client = await App.AnonymousClientAsync();
        using (var wrong = await client.VerifyLinkAsync(clinic, link.Token, Other(link.Passcode)))
        {
            await wrong.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "details_invalid");
        }

        using (var resent = await client.ResendLinkPasscodeAsync(clinic, link.Token))
        {
            await resent.ShouldHaveStatusAsync(HttpStatusCode.Accepted);
        }

        var passcode = await fixture.Smtp.PasscodeFromEmailAsync(patient.Email);
        using (var verified = await client.VerifyLinkAsync(clinic, link.Token, passcode))
        {
            await verified.ShouldSignInAsync();
        }

        foreach (var secret in new[] { link.Token, link.Passcode, passcode })
        {
            App.Logs.Contains(secret).ShouldBeFalse();
        }

        var actions = await App.QueryAsync<string>(
            "select action from platform.audit_log where target_id = @id order by id", new { id = patient.Id.ToString() });
        actions.ShouldContain("identity.patient.link_refused");
        actions.ShouldContain("identity.patient.link_passcode_resent");
        actions.ShouldContain("identity.patient.signed_in");
        var audit = await App.QuerySingleAsync<string>(
            "select string_agg(details::text, ' ') from platform.audit_log where target_id = @id", new { id = patient.Id.ToString() });
        audit.ShouldNotContain(link.Token);
        audit.ShouldNotContain(passcode);
    }

    [Fact]
    public async Task R1_a_link_issued_in_a_transaction_that_rolls_back_does_not_exist_and_a_target_outside_the_portal_is_refused()
    {
        var clinic = await App.OpenClinicAsync();
        var patient = await App.AddPatientAsync(clinic);

        var rolledBack = await App.InScopeAsync(async services =>
        {
            var db = services.GetRequiredService<IDbSession>();
            await db.BeginTransactionAsync(CancellationToken.None);
            var link = await services.GetRequiredService<IPatientLinks>().IssueAsync(clinic.Id, patient.Id, "messages/x", CancellationToken.None);
            await db.RollbackAsync(CancellationToken.None);
            return link;
        });

        (await App.QuerySingleAsync<long>("select count(*) from identity.patient_links where patient_id = @Id", new { patient.Id })).ShouldBe(0);
        using var client = await App.AnonymousClientAsync();
        using (var state = await client.LinkStateAsync(clinic, rolledBack.Token))
        {
            await state.ShouldBeProblemAsync(HttpStatusCode.NotFound, "link_not_found");
        }

        foreach (var target in new[] { "https://elsewhere.example/x", "//elsewhere.example", "/messages/x", "../admin", "messages/../../admin", "" })
        {
            await Should.ThrowAsync<ArgumentException>(() => App.IssueLinkAsync(patient, target), target);
        }
    }

    private static int Base64UrlDecodedLength(string token) =>
        Convert.FromBase64String(token.Replace('-', '+').Replace('_', '/') + new string('=', (4 - token.Length % 4) % 4)).Length;
}
