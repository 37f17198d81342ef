using System.Net;
using System.Text.Json;
using static Portal.Identity.Tests.PatientPortalApi;

namespace Portal.Identity.Tests;

public sealed class PatientSessionTests(MessagingAppFixture fixture) : IClassFixture<MessagingAppFixture>
{
    private const string Cookie = "__Host-portal-patient";

    private PortalApp App => fixture.App;

    private async Task<(TestPatient Patient, PortalClient Client, HttpResponseMessage Verified)> SignInAsync(bool stayLoggedIn)
    {
        var clinic = await App.OpenClinicAsync();
        var patient = await App.AddPatientAsync(clinic);
        var client = await App.AnonymousClientAsync();
        var attempt = await client.StartWithEmailAsync(patient);
        var passcode = await fixture.Smtp.PasscodeFromEmailAsync(patient.Email);
        var verified = await client.VerifyAsync(patient.Clinic, attempt, passcode, stayLoggedIn);
        await verified.ShouldHaveStatusAsync(HttpStatusCode.OK);
        return (patient, client, verified);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task C1_the_session_cookie_is_host_prefixed_secure_httponly_samesite_lax_on_path_slash_without_domain(bool stayLoggedIn)
    {
        var (_, client, verified) = await SignInAsync(stayLoggedIn);
        using (client)
        using (verified)
        {
            var cookie = SetCookie.From(verified).Single(c => c.Name == Cookie);
            cookie.Has("secure").ShouldBeTrue();
            cookie.Has("httponly").ShouldBeTrue();
            cookie.Attribute("samesite").ShouldBe("lax");
            cookie.Attribute("path").ShouldBe("/");
            cookie.Has("domain").ShouldBeFalse();
            cookie.Value.Length.ShouldBeGreaterThanOrEqualTo(43);
            cookie.Has("expires").ShouldBe(stayLoggedIn);
        }
    }

    [Fact]
    public async Task C2_each_sign_in_gets_a_new_session_id_and_after_logout_the_old_cookie_is_refused()
    {
        var (patient, client, verified) = await SignInAsync(stayLoggedIn: false);
        using (client)
        using (verified)
        {
            var first = client.Cookies[Cookie];
            await client.SignInAsync(fixture.Smtp, patient);
            var second = client.Cookies[Cookie];
            second.ShouldNotBe(first);

            using (var signedOut = await client.PostJsonAsync($"/api/clinics/{patient.Clinic.Slug}/portal/sign-out", new { }))
            {
                await signedOut.ShouldHaveStatusAsync(HttpStatusCode.NoContent);
                SetCookie.From(signedOut).Single(c => c.Name == Cookie).IsDeletion.ShouldBeTrue();
            }

            foreach (var token in new[] { first, second })
            {
                using var replay = App.CreateClient();
                replay.Cookies[Cookie] = token;
                using var response = await replay.GetAsync(MeUrl(patient.Clinic));
                await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "not_signed_in");
            }
        }
    }

    [Fact]
    public async Task C3_without_stay_logged_in_an_idle_session_ends_after_30_minutes_and_any_session_after_12_hours()
    {
        var (patient, client, verified) = await SignInAsync(stayLoggedIn: false);
        using (client)
        using (verified)
        {
            for (var i = 0; i < 4; i++)
            {
                App.Clock.Advance(TimeSpan.FromMinutes(25));
                using var busy = await client.GetAsync(MeUrl(patient.Clinic));
                await busy.ShouldHaveStatusAsync(HttpStatusCode.OK);
            }

            App.Clock.Advance(TimeSpan.FromMinutes(31));
            using var idle = await client.GetAsync(MeUrl(patient.Clinic));
            await idle.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "not_signed_in");
        }

        var (other, busyClient, otherVerified) = await SignInAsync(stayLoggedIn: false);
        using (busyClient)
        using (otherVerified)
        {
            for (var hour = 0; hour < 12 * 3; hour++)
            {
                App.Clock.Advance(TimeSpan.FromMinutes(20));
                using var response = await busyClient.GetAsync(MeUrl(other.Clinic));
                response.StatusCode.ShouldBe(hour < (12 * 3) - 1 ? HttpStatusCode.OK : HttpStatusCode.Unauthorized, $"after {(hour + 1) * 20} minutes");
            }
        }
    }

    [Fact]
    public async Task C3_stay_logged_in_survives_idleness_and_ends_at_30_days_even_with_activity()
    {
        var (patient, client, verified) = await SignInAsync(stayLoggedIn: true);
        using (client)
        using (verified)
        {
            App.Clock.Advance(TimeSpan.FromDays(3));
            using (var afterDays = await client.GetAsync(MeUrl(patient.Clinic)))
            {
                await afterDays.ShouldHaveStatusAsync(HttpStatusCode.OK);
            }

            for (var day = 0; day < 26; day++)
            {
                App.Clock.Advance(TimeSpan.FromDays(1));
                using var daily = await client.GetAsync(MeUrl(patient.Clinic));
                await daily.ShouldHaveStatusAsync(HttpStatusCode.OK);
            }

            App.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
            using var after30 = await client.GetAsync(MeUrl(patient.Clinic));
            await after30.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "not_signed_in");
        }
    }

    [Fact]
    public async Task C6_a_stay_logged_in_session_works_on_a_second_host_and_after_a_restart()
    {
        var (patient, client, verified) = await SignInAsync(stayLoggedIn: true);
        using (client)
        using (verified)
        {
            await using (var second = await App.StartSecondHostAsync())
            {
                using var onSecond = client.CopyTo(second.BaseAddress);
                using var home = await onSecond.GetAsync(MeUrl(patient.Clinic));
                await home.ShouldHaveStatusAsync(HttpStatusCode.OK);
            }

            await using var restarted = await App.StartSecondHostAsync();
            using var afterRestart = client.CopyTo(restarted.BaseAddress);
            using var again = await afterRestart.GetAsync(MeUrl(patient.Clinic));
            await again.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }
    }

    [Fact]
    public async Task A_patient_sees_their_active_sessions_and_ends_another_one_which_is_refused_at_once()
    {
        var (patient, phone, verified) = await SignInAsync(stayLoggedIn: true);
        using (phone)
        using (verified)
        {
            using var laptop = await App.AnonymousClientAsync();
            await laptop.SignInAsync(fixture.Smtp, patient);
            var sessionsUrl = $"/api/clinics/{patient.Clinic.Slug}/portal/me/sessions";

            var list = (await laptop.GetJsonAsync<JsonElement>(sessionsUrl)).GetProperty("items").EnumerateArray().ToList();
            list.Count.ShouldBe(2);
            list.Count(s => s.GetProperty("current").GetBoolean()).ShouldBe(1);
            var phoneSession = list.Single(s => !s.GetProperty("current").GetBoolean());
            phoneSession.GetProperty("stayLoggedIn").GetBoolean().ShouldBeTrue();

            using (var ended = await laptop.DeleteAsync($"{sessionsUrl}/{phoneSession.GetProperty("id").GetGuid()}"))
            {
                await ended.ShouldHaveStatusAsync(HttpStatusCode.NoContent);
            }

            using (var refused = await phone.GetAsync(MeUrl(patient.Clinic)))
            {
                await refused.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "not_signed_in");
            }

            using (var stillIn = await laptop.GetAsync(MeUrl(patient.Clinic)))
            {
                await stillIn.ShouldHaveStatusAsync(HttpStatusCode.OK);
            }

            using var unknown = await laptop.DeleteAsync($"{sessionsUrl}/{Guid.NewGuid()}");
            await unknown.ShouldBeProblemAsync(HttpStatusCode.NotFound, "session_not_found");
        }
    }

    [Fact]
    public async Task A1_ending_another_patients_real_session_gets_404_and_that_session_keeps_working()
    {
        var (patient, client, verified) = await SignInAsync(stayLoggedIn: false);
        using (client)
        using (verified)
        {
            var other = await App.AddPatientAsync(patient.Clinic);
            using var otherClient = await App.AnonymousClientAsync();
            await otherClient.SignInAsync(fixture.Smtp, other);
            var sessionsUrl = $"/api/clinics/{patient.Clinic.Slug}/portal/me/sessions";
            var otherSession = (await otherClient.GetJsonAsync<JsonElement>(sessionsUrl)).GetProperty("items").EnumerateArray().Single().GetProperty("id").GetGuid();

            using (var refused = await client.DeleteAsync($"{sessionsUrl}/{otherSession}"))
            {
                var problem = await refused.ShouldBeProblemAsync(HttpStatusCode.NotFound, "session_not_found");
                using var unknown = await client.DeleteAsync($"{sessionsUrl}/{Guid.NewGuid()}");
                (await unknown.ShouldBeProblemAsync(HttpStatusCode.NotFound, "session_not_found")).Detail.ShouldBe(problem.Detail);
            }

            (await client.GetJsonAsync<JsonElement>(sessionsUrl)).GetProperty("items").EnumerateArray()
                .ShouldNotContain(s => s.GetProperty("id").GetGuid() == otherSession);
            using (var stillIn = await otherClient.GetAsync(MeUrl(patient.Clinic)))
            {
                await stillIn.ShouldHaveStatusAsync(HttpStatusCode.OK);
            }

            (await App.QuerySingleAsync<bool>("select ended_at is null from identity.patient_sessions where id = @otherSession", new { otherSession })).ShouldBeTrue();
            (await App.QuerySingleAsync<long>(
                "select count(*) from platform.audit_log where action = 'identity.patient.session_ended' and details->>'sessionId' = @id",
                new { id = otherSession.ToString() })).ShouldBe(0);
        }
    }

    [Fact]
    public async Task A5_my_information_shows_the_chart_with_masked_card_numbers_and_every_read_is_audited()
    {
        var (patient, client, verified) = await SignInAsync(stayLoggedIn: false);
        using (client)
        using (verified)
        {
            var url = $"/api/clinics/{patient.Clinic.Slug}/portal/me/information";
            var information = await client.GetJsonAsync<JsonElement>(url);
            await client.GetJsonAsync<JsonElement>(url);

            information.GetProperty("legalFamilyName").GetString().ShouldBe("Tremblay");
            information.GetProperty("emails")[0].GetString().ShouldBe(patient.Email);
            var card = information.GetProperty("identifiers")[0].GetProperty("number").GetString()!;
            card.ShouldEndWith(patient.HealthNumber[^3..]);
            card.ShouldNotContain(patient.HealthNumber[..7]);
            var reads = await App.QueryAsync<string>(
                "select actor_kind from platform.audit_log where clinic_id = @clinic and action = 'registration.patient.viewed' and target_id = @id",
                new { clinic = patient.Clinic.Id, id = patient.Id.ToString() });
            reads.ShouldBe(["patient", "patient"], ignoreOrder: true);
        }
    }

    [Fact]
    public async Task Signed_out_callers_get_401_from_every_patient_endpoint_and_a_staff_session_is_not_a_patient_session()
    {
        var clinic = await App.OpenClinicAsync();
        using var staff = await App.SignedInAsync(clinic, clinic.Owner);
        using var anonymous = await App.AnonymousClientAsync();
        foreach (var client in new[] { anonymous, staff })
        {
            foreach (var (method, path) in new[]
                     {
                         (HttpMethod.Get, "me"), (HttpMethod.Get, "me/information"), (HttpMethod.Get, "me/sessions"),
                         (HttpMethod.Delete, $"me/sessions/{Guid.NewGuid()}"), (HttpMethod.Post, "sign-out"),
                     })
            {
                using var response = await client.SendRawJsonAsync(method, $"/api/clinics/{clinic.Slug}/portal/{path}", "{}");
                await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "not_signed_in");
            }
        }
    }
}
