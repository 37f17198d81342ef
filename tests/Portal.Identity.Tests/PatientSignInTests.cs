using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using static Portal.Identity.Tests.PatientPortalApi;

namespace Portal.Identity.Tests;

public sealed class PatientSignInTests(MessagingAppFixture fixture) : IClassFixture<MessagingAppFixture>
{
    private PortalApp App => fixture.App;

    [Fact]
    public async Task I1_a_patient_signs_in_with_card_and_email_and_the_emailed_passcode_and_sees_their_home_page()
    {
        var clinic = await App.OpenClinicAsync();
        var patient = await App.AddPatientAsync(clinic);
        using var client = await App.AnonymousClientAsync();

        var signedIn = await client.SignInAsync(fixture.Smtp, patient);

        signedIn.GetProperty("displayName").GetString().ShouldBe("Camille Tremblay");
        var home = await client.GetJsonAsync<JsonElement>(MeUrl(clinic));
        home.GetProperty("displayName").GetString().ShouldBe("Camille Tremblay");
        home.GetProperty("language").GetString().ShouldBe("fr");
        home.GetProperty("sections").EnumerateArray().Select(s => s.GetString()).ShouldBe(["messages", "appointments"]);
    }

    [Fact]
    public async Task I1_a_patient_signs_in_with_a_mobile_number_typed_their_own_way_and_the_texted_passcode()
    {
        var clinic = await App.OpenClinicAsync();
        var patient = await App.AddPatientAsync(clinic);
        using var client = await App.AnonymousClientAsync();
        var typed = $"({patient.Mobile[2..5]}) {patient.Mobile[5..8]}-{patient.Mobile[8..]}";

        using var started = await client.StartSignInAsync(clinic, "on", $"{patient.HealthNumber[..4]} {patient.HealthNumber[4..]}", "mobile", typed);
        await started.ShouldHaveStatusAsync(HttpStatusCode.Accepted);
        var attempt = (await started.ReadJsonAsync()).GetProperty("attemptId").GetString()!;
        var passcode = await fixture.Twilio.PasscodeFromSmsAsync(patient.Mobile);
        using var verified = await client.VerifyAsync(clinic, attempt, passcode);

        await verified.ShouldHaveStatusAsync(HttpStatusCode.OK);
        using var home = await client.GetAsync(MeUrl(clinic));
        await home.ShouldHaveStatusAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task P1_passcodes_are_six_random_digits_and_only_a_keyed_hash_is_stored()
    {
        var clinic = await App.OpenClinicAsync();
        var patient = await App.AddPatientAsync(clinic);
        using var client = await App.AnonymousClientAsync();
        var passcodes = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var before = fixture.Smtp.Messages.Count(m => m.Recipients.Contains(patient.Email));
            await client.StartWithEmailAsync(patient);
            passcodes.Add(await fixture.Smtp.PasscodeFromEmailAsync(patient.Email, before));
        }

        passcodes.ShouldAllBe(p => p.Length == 6 && p.All(char.IsAsciiDigit));
        var stored = await App.QueryAsync<byte[]>(
            "select passcode_hash from identity.patient_sign_in_attempts where clinic_id = @id order by created_at", new { id = clinic.Id });
        stored.Count.ShouldBe(3);
        for (var i = 0; i < 3; i++)
        {
            stored[i].Length.ShouldBe(32);
            var plain = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(passcodes[i]));
            stored[i].ShouldNotBe(plain);
        }

        var dump = await App.QuerySingleAsync<string>(
            "select string_agg(t::text, ' ') from identity.patient_sign_in_attempts t where clinic_id = @id", new { id = clinic.Id });
        foreach (var secret in passcodes.Append(patient.HealthNumber).Append(patient.Email))
        {
            dump.ShouldNotContain(secret);
        }

        var key = await App.QuerySingleAsync<string>("select protected from identity.secrets where name = 'patient-passcode-hmac'");
        key.Length.ShouldBeGreaterThan(100);
    }

    [Fact]
    public async Task P2_a_passcode_works_once()
    {
        var clinic = await App.OpenClinicAsync();
        var patient = await App.AddPatientAsync(clinic);
        using var client = await App.AnonymousClientAsync();
        var attempt = await client.StartWithEmailAsync(patient);
        var passcode = await fixture.Smtp.PasscodeFromEmailAsync(patient.Email);
        using (var first = await client.VerifyAsync(clinic, attempt, passcode))
        {
            await first.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        using var other = await App.AnonymousClientAsync();
        using var second = await other.VerifyAsync(clinic, attempt, passcode);

        await second.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "passcode_invalid");
        other.Cookies.ShouldNotContainKey("__Host-portal-patient");
    }

    [Fact]
    public async Task P3_a_passcode_is_refused_for_any_other_attempt_even_the_same_patients()
    {
        var clinic = await App.OpenClinicAsync();
        var patient = await App.AddPatientAsync(clinic);
        using var client = await App.AnonymousClientAsync();
        var first = await client.StartWithEmailAsync(patient);
        var firstPasscode = await fixture.Smtp.PasscodeFromEmailAsync(patient.Email);
        var second = await client.StartWithEmailAsync(patient);
        var secondPasscode = await fixture.Smtp.PasscodeFromEmailAsync(patient.Email, after: 1);

        using (var crossed = await client.VerifyAsync(clinic, second, firstPasscode))
        {
            await crossed.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "passcode_invalid");
        }

        using (var crossedBack = await client.VerifyAsync(clinic, first, secondPasscode))
        {
            await crossedBack.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "passcode_invalid");
        }

        using var right = await client.VerifyAsync(clinic, second, secondPasscode);
        await right.ShouldHaveStatusAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task P4_five_wrong_passcodes_end_the_attempt_and_the_sixth_try_is_refused_even_when_right()
    {
        var clinic = await App.OpenClinicAsync();
        var patient = await App.AddPatientAsync(clinic);
        using var client = await App.AnonymousClientAsync();
        var attempt = await client.StartWithEmailAsync(patient);
        var passcode = await fixture.Smtp.PasscodeFromEmailAsync(patient.Email);
        var wrong = passcode == "000000" ? "000001" : "000000";

        for (var i = 0; i < 4; i++)
        {
            using var response = await client.VerifyAsync(clinic, attempt, wrong);
            await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "passcode_invalid");
        }

        // The fifth wrong one ends the attempt; it also brings the first lock-out (P5).
        using (var fifth = await client.VerifyAsync(clinic, attempt, wrong))
        {
            fifth.StatusCode.ShouldBeOneOf(HttpStatusCode.BadRequest, HttpStatusCode.TooManyRequests);
        }

        App.Clock.Advance(TimeSpan.FromMinutes(2));
        using var sixth = await client.VerifyAsync(clinic, attempt, passcode);

        await sixth.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "passcode_invalid");
        (await App.QuerySingleAsync<string>(
            "select end_reason from identity.patient_sign_in_attempts where clinic_id = @id", new { id = clinic.Id })).ShouldBe("wrong_attempts");
    }

    [Fact]
    public async Task P5_a_new_passcode_does_not_reset_the_failure_count_and_repeated_failures_lock_sign_in_with_growing_delays()
    {
        var clinic = await App.OpenClinicAsync();
        var patient = await App.AddPatientAsync(clinic);
        using var client = await App.AnonymousClientAsync();

        var first = await client.StartWithEmailAsync(patient);
        for (var i = 0; i < 3; i++)
        {
            using var wrong = await client.VerifyAsync(clinic, first, "999999");
        }

        var second = await client.StartWithEmailAsync(patient);
        var passcode = await fixture.Smtp.PasscodeFromEmailAsync(patient.Email, after: 1);
        using (var fourth = await client.VerifyAsync(clinic, second, passcode == "999999" ? "999998" : "999999"))
        {
            await fourth.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "passcode_invalid");
        }

        using (var fifth = await client.VerifyAsync(clinic, second, passcode == "999999" ? "999998" : "999999"))
        {
            var locked = await fifth.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests, "sign_in_locked");
            fifth.Headers.RetryAfter!.Delta!.Value.ShouldBe(TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(2));
            locked.Detail.ShouldNotBeNull();
        }

        // Locked: even the right passcode waits, and asking for another is refused too.
        using (var right = await client.VerifyAsync(clinic, second, passcode))
        {
            await right.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests, "sign_in_locked");
        }

        using (var again = await client.StartSignInAsync(clinic, "ON", patient.HealthNumber, "email", patient.Email))
        {
            await again.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests);
        }

        App.Clock.Advance(TimeSpan.FromMinutes(1.5));
        var third = await client.StartWithEmailAsync(patient);
        using (var sixth = await client.VerifyAsync(clinic, third, "999999"))
        {
            await sixth.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests, "sign_in_locked");
            sixth.Headers.RetryAfter!.Delta!.Value.ShouldBe(TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(2));
        }

        var counter = await App.QuerySingleAsync<int>(
            "select failures from identity.sign_in_throttle where throttle_key like 'patient:%' and locked_until is not null order by last_failure_at desc limit 1");
        counter.ShouldBe(6);
    }

    [Fact]
    public async Task P6_a_sign_in_passcode_expires_after_10_minutes_even_with_the_cleanup_job_stopped()
    {
        var clinic = await App.OpenClinicAsync();
        var patient = await App.AddPatientAsync(clinic);
        using var client = await App.AnonymousClientAsync();
        var attempt = await client.StartWithEmailAsync(patient);
        var passcode = await fixture.Smtp.PasscodeFromEmailAsync(patient.Email);
        var email = fixture.Smtp.Messages.Last(m => m.Recipients.Contains(patient.Email));
        email.TextBody!.ShouldContain("10 minutes");

        App.Clock.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));
        using var late = await client.VerifyAsync(clinic, attempt, passcode);

        await late.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "passcode_invalid");
    }

    public static TheoryData<string> NonMatches => new() { "wrong contact", "wrong card", "portal off", "access off", "inactive patient", "other clinic's patient" };

    [Theory]
    [MemberData(nameof(NonMatches))]
    public async Task P7_starting_sign_in_answers_the_same_whether_or_not_anything_matched_and_sends_nothing_on_a_mismatch(string mismatch)
    {
        var clinic = await App.OpenClinicAsync();
        var patient = await App.AddPatientAsync(clinic);
        using var client = await App.AnonymousClientAsync();
        using var matched = await client.StartSignInAsync(clinic, "ON", patient.HealthNumber, "email", patient.Email);
        await fixture.Smtp.PasscodeFromEmailAsync(patient.Email);

        var (atClinic, number, email) = await ArrangeMismatchAsync(mismatch, clinic, patient);
        var sentBefore = fixture.Smtp.Count;
        using var unmatched = await client.StartSignInAsync(atClinic, "ON", number, "email", email);

        unmatched.StatusCode.ShouldBe(matched.StatusCode);
        var (a, b) = (await matched.ReadJsonAsync(), await unmatched.ReadJsonAsync());
        a.EnumerateObject().Select(p => p.Name).ShouldBe(b.EnumerateObject().Select(p => p.Name));
        b.GetProperty("expiresInMinutes").GetInt32().ShouldBe(a.GetProperty("expiresInMinutes").GetInt32());
        b.GetProperty("attemptId").GetString()!.Length.ShouldBe(a.GetProperty("attemptId").GetString()!.Length);
        unmatched.Headers.Select(h => h.Key).Order().ShouldBe(matched.Headers.Select(h => h.Key).Order());
        await Task.Delay(1500);
        fixture.Smtp.Count.ShouldBe(sentBefore, mismatch);
    }

    private async Task<(TestClinic Clinic, string Number, string Email)> ArrangeMismatchAsync(string mismatch, TestClinic clinic, TestPatient patient)
    {
        switch (mismatch)
        {
            case "wrong contact":
                return (clinic, patient.HealthNumber, "someone.else@example.com");
            case "wrong card":
                return (clinic, TestCards.Ontario(), patient.Email);
            case "portal off":
                using (var owner = await App.SignedInAsync(clinic, clinic.Owner))
                {
                    await owner.SetPortalSettingAsync(clinic, "portalEnabled", false);
                }

                return (clinic, patient.HealthNumber, patient.Email);
            case "access off":
                using (var staff = await App.SignedInAsync(clinic, clinic.Staff))
                {
                    using var off = await staff.PutJsonAsync(RegistrationApi.PortalAccessUrl(clinic, patient.Id), new { enabled = false });
                    await off.ShouldHaveStatusAsync(HttpStatusCode.OK);
                }

                return (clinic, patient.HealthNumber, patient.Email);
            case "inactive patient":
                using (var admin = await App.SignedInAsync(clinic, clinic.Admin))
                {
                    var chart = await admin.GetJsonAsync<JsonElement>(RegistrationApi.PatientUrl(clinic, patient.Id));
                    var edit = RegistrationApi.EditBody(chart);
                    edit["active"] = false;
                    using var saved = await admin.SendJsonAsync(HttpMethod.Put, RegistrationApi.PatientUrl(clinic, patient.Id), edit);
                    await saved.ShouldHaveStatusAsync(HttpStatusCode.OK);
                }

                return (clinic, patient.HealthNumber, patient.Email);
            default:
                return (await App.OpenClinicAsync(), patient.HealthNumber, patient.Email);
        }
    }

    [Fact]
    public async Task P7_a_matching_and_a_non_matching_start_take_the_same_time_within_50_ms_at_the_95th_percentile()
    {
        var clinic = await App.OpenClinicAsync();
        var patients = new List<TestPatient>();
        for (var i = 0; i < 60; i++)
        {
            patients.Add(await App.AddPatientAsync(clinic));
        }

        using var client = await App.AnonymousClientAsync();
        // A hundred of each per round; three rounds at most send five passcodes per patient, within the per-patient limit.
        await SameTiming.WithinAsync(
            50,
            100,
            ("matching", i =>
            {
                var patient = patients[i % patients.Count];
                return TimeAsync(() => client.StartSignInAsync(clinic, "ON", patient.HealthNumber, "email", patient.Email));
            }),
            ("not matching", i => TimeAsync(() => client.StartSignInAsync(clinic, "ON", TestCards.Ontario(), "email", $"nobody{i}@example.com"))));
    }

    private static async Task<double> TimeAsync(Func<Task<HttpResponseMessage>> send)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        using var response = await send();
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        return System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    [Fact]
    public async Task P8_passcodes_are_limited_per_patient_and_per_contact_point_with_429_and_retry_after()
    {
        var clinic = await App.OpenClinicAsync();
        var patient = await App.AddPatientAsync(clinic);
        using var client = await App.AnonymousClientAsync();
        for (var i = 0; i < 5; i++)
        {
            await client.StartWithEmailAsync(patient);
        }

        using (var sixth = await client.StartSignInAsync(clinic, "ON", patient.HealthNumber, "email", patient.Email))
        {
            await sixth.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests, "too_many_requests");
            sixth.Headers.RetryAfter!.Delta!.Value.ShouldBeGreaterThan(TimeSpan.FromMinutes(10));
        }

        // The same contact point with other cards is limited too, matched or not.
        using (var otherCard = await client.StartSignInAsync(clinic, "ON", TestCards.Ontario(), "email", patient.Email))
        {
            await otherCard.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests, "too_many_requests");
        }

        await Eventually.HoldsAsync(
            () => Task.FromResult(fixture.Smtp.Messages.Count(m => m.Recipients.Contains(patient.Email)) >= 5),
            "The five allowed passcodes never all arrived.");
        await Task.Delay(1000);
        fixture.Smtp.Messages.Count(m => m.Recipients.Contains(patient.Email)).ShouldBe(5);
        App.Clock.Advance(TimeSpan.FromMinutes(16));
        await client.StartWithEmailAsync(patient);
    }

    [Fact]
    public async Task S6_the_sign_in_page_offers_the_health_cards_and_the_clinics_searchable_id_types_only_when_S6_is_on()
    {
        var clinic = await App.OpenClinicAsync();
        using var owner = await App.SignedInAsync(clinic, clinic.Owner);
        await owner.AddIdTypeAsync(clinic, "MRN", searchable: true);
        await owner.AddIdTypeAsync(clinic, "BADGE", searchable: false);
        using var anonymous = App.CreateClient();
        var url = $"/api/clinics/{clinic.Slug}/portal/sign-in/id-types";

        async Task<List<string>> CodesAsync() =>
            (await anonymous.GetJsonAsync<JsonElement>(url)).GetProperty("idTypes").EnumerateArray().Select(t => t.GetProperty("code").GetString()!).ToList();

        (await CodesAsync()).ShouldBe(["AB", "BC", "MB", "NB", "NL", "NS", "NT", "NU", "ON", "PE", "QC", "SK", "YT"]);
        await owner.SetPortalSettingAsync(clinic, "extraSearchableIdsEnabled", true);
        (await CodesAsync()).ShouldBe(["AB", "BC", "MB", "NB", "NL", "NS", "NT", "NU", "ON", "PE", "QC", "SK", "YT", "MRN"]);
    }

    [Fact]
    public async Task P8_passcode_requests_are_limited_per_client_address_with_429_and_retry_after()
    {
        var options = new PortalAppOptions();
        options.Settings["Portal:RateLimits:SignInPerMinute"] = "3";
        await using var app = await PortalApp.StartAsync(options);
        var clinic = await app.OpenClinicAsync();
        using var client = await app.AnonymousClientAsync();

        // Each request names another patient and contact point: only the address is common to them.
        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 4; i++)
        {
            answers.Add(await client.StartSignInAsync(clinic, "ON", TestCards.Ontario(), "email", $"someone{i}@example.com"));
        }

        // The owner's sign-in to open the portal took one of the three permits of this minute.
        answers.Select(a => a.StatusCode).ShouldBe([HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests]);
        await answers[2].ShouldBeProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        answers[2].Headers.RetryAfter!.Delta!.Value.ShouldBeGreaterThan(TimeSpan.Zero);
        foreach (var answer in answers)
        {
            answer.Dispose();
        }
    }

    [Fact]
    public async Task P9_attempt_ids_carry_at_least_128_random_bits()
    {
        var clinic = await App.OpenClinicAsync();
        var patient = await App.AddPatientAsync(clinic);
        using var client = await App.AnonymousClientAsync();

        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await client.StartSignInAsync(clinic, "ON", TestCards.Ontario(), "email", $"x{i}@example.com");
            ids.Add((await response.ReadJsonAsync()).GetProperty("attemptId").GetString()!);
        }

        ids.Distinct().Count().ShouldBe(3);
        ids.ShouldAllBe(id => Convert.FromBase64String(id.Replace('-', '+').Replace('_', '/') + new string('=', (4 - (id.Length % 4)) % 4)).Length >= 16);
    }

    [Fact]
    public async Task A2_a_patient_of_one_clinic_cannot_sign_in_at_another_clinics_address_nor_use_its_session_there()
    {
        var home = await App.OpenClinicAsync();
        var other = await App.OpenClinicAsync();
        var patient = await App.AddPatientAsync(home);
        using var client = await App.AnonymousClientAsync();
        var attempt = await client.StartWithEmailAsync(patient);
        var passcode = await fixture.Smtp.PasscodeFromEmailAsync(patient.Email);

        using (var elsewhere = await client.VerifyAsync(other, attempt, passcode))
        {
            await elsewhere.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "passcode_invalid");
        }

        using (var atHome = await client.VerifyAsync(home, attempt, passcode))
        {
            await atHome.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        using var otherHome = await client.GetAsync(MeUrl(other));
        await otherHome.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "not_signed_in");
        using var otherInformation = await client.GetAsync($"/api/clinics/{other.Slug}/portal/me/information");
        await otherInformation.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "not_signed_in");
    }

    [Fact]
    public async Task R6_bad_sign_in_bodies_get_400_problems_and_record_no_attempt()
    {
        var clinic = await App.OpenClinicAsync();
        using var client = await App.AnonymousClientAsync();
        foreach (var json in new[]
                 {
                     "{}", "[", "{\"idType\":\"ON\",\"idNumber\":\"1\",\"contactKind\":\"fax\",\"contact\":\"x\"}",
                     "{\"idType\":\"ON\",\"idNumber\":\"1\",\"contactKind\":\"email\",\"contact\":\"not an email\"}",
                     "{\"idType\":\"ON\",\"idNumber\":\"1\",\"contactKind\":\"mobile\",\"contact\":\"555\"}",
                     "{\"idType\":1,\"idNumber\":\"1\",\"contactKind\":\"email\",\"contact\":\"a@example.com\"}",
                     $"{{\"idType\":\"ON\",\"idNumber\":\"{new string('9', 200)}\",\"contactKind\":\"email\",\"contact\":\"a@example.com\"}}",
                 }.Concat(BadJson.Mutations(JsonNode.Parse("{\"idType\":\"ON\",\"idNumber\":\"1\",\"contactKind\":\"email\",\"contact\":\"a@example.com\"}")!).Select(m => m.Json)))
        {
            using var response = await client.SendRawJsonAsync(HttpMethod.Post, SignInUrl(clinic), json);
            await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        }

        foreach (var json in new[] { "{}", "{\"attemptId\":\"x\",\"passcode\":\"12345\"}", "{\"attemptId\":\"x\",\"passcode\":\"abcdef\"}", "{\"attemptId\":5}" }
                     .Concat(BadJson.Mutations(JsonNode.Parse($"{{\"attemptId\":\"{Guid.NewGuid()}\",\"passcode\":\"123456\"}}")!).Select(m => m.Json)))
        {
            using var response = await client.SendRawJsonAsync(HttpMethod.Post, VerifyUrl(clinic), json);
            await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        }

        (await App.QuerySingleAsync<long>("select count(*) from identity.patient_sign_in_attempts where clinic_id = @id", new { id = clinic.Id })).ShouldBe(0);
        App.Logs.Errors.ShouldBeEmpty();
    }

    [Fact]
    public async Task A5_no_passcode_card_number_or_cookie_is_written_to_the_application_log_or_the_audit_log()
    {
        var clinic = await App.OpenClinicAsync();
        var patient = await App.AddPatientAsync(clinic);
        using var client = await App.AnonymousClientAsync();
        var attempt = await client.StartWithEmailAsync(patient);
        var passcode = await fixture.Smtp.PasscodeFromEmailAsync(patient.Email);
        using (var verified = await client.VerifyAsync(clinic, attempt, passcode))
        {
            await verified.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        var cookie = client.Cookies["__Host-portal-patient"];
        var audit = await App.QueryAsync<string>("select action || ' ' || details::text from platform.audit_log where clinic_id = @id", new { id = clinic.Id });
        audit.ShouldContain(a => a.StartsWith("identity.patient.signed_in", StringComparison.Ordinal));
        foreach (var secret in new[] { passcode, patient.HealthNumber, cookie, attempt })
        {
            audit.ShouldAllBe(a => !a.Contains(secret, StringComparison.Ordinal));
            App.Logs.Contains(secret).ShouldBeFalse();
        }
    }
}
