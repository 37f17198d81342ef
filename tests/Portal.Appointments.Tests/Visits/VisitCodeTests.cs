using System.Net;
using System.Text.Json.Nodes;
using Portal.Appointments.Visits;
using Portal.TestKit.Peers;
using static Portal.Appointments.Tests.AppointmentsApi;
using static Portal.Appointments.Tests.Visits.VisitTestSupport;

namespace Portal.Appointments.Tests.Visits;

/// <summary>Virtual visits' access codes and who the room admits (A6, V1, A1, R6).</summary>
public sealed class VisitCodeTests(MessagingAppFixture fixture) : IClassFixture<MessagingAppFixture>
{
    private PortalApp App => fixture.App;

    private SmtpSink Smtp => fixture.Smtp;

    private async Task<(VirtualClinic Clinic, NoticePatient Patient, Guid Id, DateTimeOffset Nine)> BookedAsync()
    {
        var clinic = await App.VirtualClinicAsync();
        var patient = await App.AddNoticePatientAsync(clinic.Clinic);
        using var client = await App.SignedInPatientAsync(Smtp, patient.Patient);
        var nine = At(clinic.Setup.Day, 9);
        return (clinic, patient, await client.BookVirtualAsync(clinic, nine), nine);
    }

    /// <summary>Signed in now: sessions end when the clock moves past their idle time.</summary>
    private Task<PortalClient> PatientAsync(NoticePatient patient) => App.SignedInPatientAsync(Smtp, patient.Patient);

    private Task<PortalClient> StaffAsync(VirtualClinic clinic, StaffCredentials? who = null) => App.SignedInAsync(clinic.Clinic, who ?? clinic.Clinic.Staff);

    private async Task<HttpResponseMessage> AsStaffAsync(VirtualClinic clinic, string path, StaffCredentials? who = null)
    {
        using var staff = await StaffAsync(clinic, who);
        return await staff.SendJsonAsync(HttpMethod.Post, path, new JsonObject());
    }

    private async Task<HttpResponseMessage> AsPatientAsync(NoticePatient patient, string path)
    {
        using var client = await PatientAsync(patient);
        return await client.SendJsonAsync(HttpMethod.Post, path, new JsonObject());
    }

    private async Task<System.Text.Json.JsonElement> PatientReadsAsync(NoticePatient patient, string path)
    {
        using var client = await PatientAsync(patient);
        return await client.GetJsonAsync<System.Text.Json.JsonElement>(path);
    }

    /// <summary>A code of the right shape that is not the one sent: the same letters in the other case where the alphabet has it.</summary>
    private static string WrongCode(string code)
    {
        var flipped = new string([.. code.Select(c => char.IsUpper(c) ? char.ToLowerInvariant(c) : char.ToUpperInvariant(c))
            .Zip(code, (f, c) => VisitCodes.Alphabet.Contains(f) ? f : c)]);
        return flipped != code ? flipped : (code[0] == '2' ? "3" : "2") + code[1..];
    }

    private int CodesTo(string email) => Smtp.Messages.Count(m => IsVisitCode(m, email));

    [Fact]
    public async Task The_code_is_sent_exactly_once_at_its_time_with_a_manual_clock_from_the_unambiguous_alphabet_and_stored_only_hashed()
    {
        var (clinic, dana, id, nine) = await BookedAsync();
        {
            App.MoveClockTo(nine.AddMinutes(-6));
            await App.RunVisitCodeJobAsync();
            (await App.VisitCodeKeysAsync(id)).ShouldBeEmpty("the code went before its time");

            App.MoveClockTo(nine.AddMinutes(-5));
            await App.RunVisitCodeJobAsync();
            await App.RunVisitCodeJobAsync();
            var sent = await Smtp.NthCodeAsync(dana.Email, 1);
            sent.Code.Length.ShouldBe(10);
            sent.Code.ShouldAllBe(c => VisitCodes.Alphabet.Contains(c));
            (await App.VisitCodeKeysAsync(id)).ShouldBe([$"appointments.visit_code:{id}:1"]);
            var row = await App.QuerySingleAsync<string>("select t::text from appointments.visit_codes t where appointment_id = @id", new { id });
            row.ShouldNotContain(sent.Code);
            row.ShouldNotContain(Convert.ToHexString(System.Text.Encoding.UTF8.GetBytes(sent.Code)).ToLowerInvariant());

            App.MoveClockTo(nine.AddMinutes(1));
            await App.RunVisitCodeJobAsync();
            await Task.Delay(TimeSpan.FromSeconds(2));
            CodesTo(dana.Email).ShouldBe(1);
            (await App.VisitCodeKeysAsync(id)).Count.ShouldBe(1);
        }
    }

    [Fact]
    public void The_alphabet_has_no_look_alikes_and_ten_characters_make_guessing_under_the_attempt_limit_hopeless()
    {
        VisitCodes.Alphabet.Distinct().Count().ShouldBe(VisitCodes.Alphabet.Length);
        foreach (var lookAlike in "0O1lIio")
        {
            VisitCodes.Alphabet.ShouldNotContain(lookAlike);
        }

        // A letter whose capital looks the same is kept in one case only.
        foreach (var letter in "ckpsuvwxz")
        {
            (VisitCodes.Alphabet.Contains(letter) && VisitCodes.Alphabet.Contains(char.ToUpperInvariant(letter))).ShouldBeFalse(letter.ToString());
        }

        Math.Pow(VisitCodes.Alphabet.Length, VisitCodes.Length).ShouldBeGreaterThan(1e16);
        (VisitCodes.MaxFailedAttempts / Math.Pow(VisitCodes.Alphabet.Length, VisitCodes.Length)).ShouldBeLessThan(1e-15);
        Enumerable.Range(0, 200).Select(_ => VisitCodes.NewCode()).Distinct().Count().ShouldBe(200);
    }

    [Fact]
    public async Task V1_the_room_admits_the_patient_by_code_and_the_provider_by_staff_session_only_within_the_clinics_window()
    {
        var (clinic, dana, id, nine) = await BookedAsync();
        {
            App.MoveClockTo(nine.AddMinutes(-20));
            using (var early = await AsStaffAsync(clinic, StaffVisitUrl(clinic.Clinic, id) + "/code"))
            {
                await early.ShouldHaveStatusAsync(HttpStatusCode.OK);
            }

            var sent = await Smtp.NthCodeAsync(dana.Email, 1);
            using (var notYet = await App.JoinAsync(clinic.Clinic, sent.RoomId, sent.Code))
            {
                await notYet.ShouldBeProblemAsync(HttpStatusCode.Conflict, "visit_not_open");
            }

            using (var notYet = await AsStaffAsync(clinic, ProviderJoinUrl(clinic.Clinic, id)))
            {
                await notYet.ShouldBeProblemAsync(HttpStatusCode.Conflict, "visit_not_open");
            }

            App.MoveClockTo(nine.AddMinutes(-15));
            var entry = await App.AdmittedAsync(clinic.Clinic, sent.RoomId, sent.Code);
            entry.GetProperty("role").GetString().ShouldBe("patient");
            entry.GetProperty("ticket").GetString().ShouldNotBeNullOrEmpty();
            entry.GetProperty("providerName").GetString().ShouldBe("Provider 0, MD");
            using (var provider = await AsStaffAsync(clinic, ProviderJoinUrl(clinic.Clinic, id)))
            {
                await provider.ShouldHaveStatusAsync(HttpStatusCode.OK);
                (await provider.ReadJsonAsync()).GetProperty("role").GetString().ShouldBe("provider");
            }

            using (var other = await AsStaffAsync(clinic, ProviderJoinUrl(clinic.Clinic, id), clinic.Clinic.Admin))
            {
                await other.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "not_visit_provider");
            }

            // The scheduled send finds the code already sent for this time.
            App.MoveClockTo(nine.AddMinutes(-5));
            await App.RunVisitCodeJobAsync();
            (await App.VisitCodeKeysAsync(id)).ShouldBe([$"appointments.visit_code:{id}:1"]);

            var audit = await App.QueryAsync<(string Action, string ActorKind)>(
                "select action, actor_kind from platform.audit_log where clinic_id = @clinicId and target_id = @target and action like 'appointments.visit.%' order by id",
                new { clinicId = clinic.Clinic.Id, target = id.ToString() });
            audit.ShouldContain(("appointments.visit.admitted", "patient"));
            audit.ShouldContain(("appointments.visit.admitted", "staff"));
            audit.ShouldContain(("appointments.visit.refused", "staff"));

            // Thirty minutes after the end, the room is closed to both.
            App.MoveClockTo(nine.AddMinutes(30 + 30));
            using (var late = await App.JoinAsync(clinic.Clinic, sent.RoomId, sent.Code))
            {
                await late.ShouldBeProblemAsync(HttpStatusCode.Conflict, "visit_closed");
            }

            using (var late = await AsStaffAsync(clinic, ProviderJoinUrl(clinic.Clinic, id)))
            {
                await late.ShouldBeProblemAsync(HttpStatusCode.Conflict, "visit_closed");
            }

            using var resend = await AsPatientAsync(dana, MyVisitUrl(clinic.Clinic, id) + "/code");
            await resend.ShouldBeProblemAsync(HttpStatusCode.Conflict, "visit_code_not_sendable");
        }
    }

    [Fact]
    public async Task V1_five_wrong_tries_lock_the_code_even_against_the_right_one_until_the_patient_has_it_resent()
    {
        var (clinic, dana, id, nine) = await BookedAsync();
        {
            App.MoveClockTo(nine.AddMinutes(-5));
            await App.RunVisitCodeJobAsync();
            var first = await Smtp.NthCodeAsync(dana.Email, 1);
            for (var attempt = 1; attempt <= 4; attempt++)
            {
                using var wrong = await App.JoinAsync(clinic.Clinic, first.RoomId, WrongCode(first.Code));
                await wrong.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "visit_code_wrong");
            }

            using (var fifth = await App.JoinAsync(clinic.Clinic, first.RoomId, WrongCode(first.Code)))
            {
                await fifth.ShouldBeProblemAsync(HttpStatusCode.Conflict, "visit_code_locked");
            }

            using (var right = await App.JoinAsync(clinic.Clinic, first.RoomId, first.Code))
            {
                await right.ShouldBeProblemAsync(HttpStatusCode.Conflict, "visit_code_locked");
            }

            var view = await PatientReadsAsync(dana, MyVisitUrl(clinic.Clinic, id));
            view.GetProperty("canResend").GetBoolean().ShouldBeTrue();
            view.GetProperty("link").GetString()!.ShouldEndWith($"/{clinic.Clinic.Slug}/visit/{first.RoomId}");
            using (var resend = await AsPatientAsync(dana, MyVisitUrl(clinic.Clinic, id) + "/code"))
            {
                await resend.ShouldHaveStatusAsync(HttpStatusCode.OK);
            }

            var second = await Smtp.NthCodeAsync(dana.Email, 2);
            second.RoomId.ShouldBe(first.RoomId);
            using (var old = await App.JoinAsync(clinic.Clinic, first.RoomId, first.Code))
            {
                await old.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "visit_code_wrong");
            }

            (await App.AdmittedAsync(clinic.Clinic, second.RoomId, second.Code)).GetProperty("role").GetString().ShouldBe("patient");
            (await App.QueryAsync<string>(
                    "select action from platform.audit_log where target_id = @target and action = 'appointments.visit.code_refused'", new { target = id.ToString() }))
                .Count.ShouldBe(7);
        }
    }

    [Fact]
    public async Task A_code_resent_by_staff_makes_the_old_code_stop_working()
    {
        var (clinic, dana, id, nine) = await BookedAsync();
        {
            App.MoveClockTo(nine.AddMinutes(-5));
            await App.RunVisitCodeJobAsync();
            var first = await Smtp.NthCodeAsync(dana.Email, 1);
            using (var resend = await AsStaffAsync(clinic, StaffVisitUrl(clinic.Clinic, id) + "/code"))
            {
                await resend.ShouldHaveStatusAsync(HttpStatusCode.OK);
                var view = await resend.ReadJsonAsync();
                view.GetProperty("issue").GetInt32().ShouldBe(2);
                view.GetProperty("roomId").GetGuid().ShouldBe(first.RoomId);
            }

            var second = await Smtp.NthCodeAsync(dana.Email, 2);
            second.Code.ShouldNotBe(first.Code);
            using (var old = await App.JoinAsync(clinic.Clinic, first.RoomId, first.Code))
            {
                await old.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "visit_code_wrong");
            }

            (await App.AdmittedAsync(clinic.Clinic, second.RoomId, second.Code)).GetProperty("role").GetString().ShouldBe("patient");
            (await App.VisitCodeKeysAsync(id)).ShouldBe([$"appointments.visit_code:{id}:1", $"appointments.visit_code:{id}:2"]);
            (await App.QueryAsync<string>(
                    "select actor_kind from platform.audit_log where target_id = @target and action = 'appointments.visit.code_resent'", new { target = id.ToString() }))
                .ShouldBe(["staff"]);
        }
    }

    [Fact]
    public async Task V1_A2_another_clinics_room_or_appointment_is_404_to_its_code_and_its_staff()
    {
        var (clinic, dana, id, nine) = await BookedAsync();
        var other = await App.VirtualClinicAsync();
        App.MoveClockTo(nine.AddMinutes(-5));
        await App.RunVisitCodeJobAsync();
        var sent = await Smtp.NthCodeAsync(dana.Email, 1);
        using (var otherStaff = await App.SignedInAsync(other.Clinic, other.Clinic.Staff))
        using (var crossing = await App.SignedInAsync(other.Clinic, other.Clinic.Staff))
        {

            using (var elsewhere = await App.JoinAsync(other.Clinic, sent.RoomId, sent.Code))
            {
                await elsewhere.ShouldBeProblemAsync(HttpStatusCode.NotFound, "visit_not_found");
            }

            using (var join = await otherStaff.SendJsonAsync(HttpMethod.Post, ProviderJoinUrl(other.Clinic, id), new JsonObject()))
            {
                await join.ShouldBeProblemAsync(HttpStatusCode.NotFound, "visit_not_found");
            }

            using (var read = await otherStaff.GetAsync(StaffVisitUrl(other.Clinic, id)))
            {
                await read.ShouldBeProblemAsync(HttpStatusCode.NotFound, "visit_not_found");
            }

            using (var resend = await otherStaff.SendJsonAsync(HttpMethod.Post, StaffVisitUrl(other.Clinic, id) + "/code", new JsonObject()))
            {
                await resend.ShouldBeProblemAsync(HttpStatusCode.NotFound, "visit_not_found");
            }

            // Signed in at the other clinic, its staff reach nothing of this one.
            using (var join = await crossing.SendJsonAsync(HttpMethod.Post, ProviderJoinUrl(clinic.Clinic, id), new JsonObject()))
            {
                ((int)join.StatusCode).ShouldBeOneOf(401, 403, 404);
            }

            (await App.QuerySingleAsync<int>("select failed_attempts from appointments.visit_codes where appointment_id = @id", new { id })).ShouldBe(0);
            (await App.AdmittedAsync(clinic.Clinic, sent.RoomId, sent.Code)).GetProperty("role").GetString().ShouldBe("patient");
        }
    }

    [Fact]
    public async Task A1_another_patients_visit_is_404_on_every_patient_visit_route_and_sends_nothing()
    {
        var (clinic, dana, id, nine) = await BookedAsync();
        var bob = await App.AddNoticePatientAsync(clinic.Clinic);
        Guid inPerson;
        using (var booking = await PatientAsync(dana))
        {
            inPerson = (await booking.BookAsync(clinic.Setup, At(clinic.Setup.Day, 10))).GetProperty("id").GetGuid();
        }

        App.MoveClockTo(nine.AddMinutes(-5));
        await App.RunVisitCodeJobAsync();
        using (var client = await PatientAsync(dana))
        using (var bobClient = await PatientAsync(bob))
        {
            await Smtp.NthCodeAsync(dana.Email, 1);
            var before = await App.QuerySingleAsync<string>("select t::text from appointments.visit_codes t where appointment_id = @id", new { id });

            foreach (var (who, appointment) in new[] { (bobClient, id), (bobClient, Guid.NewGuid()), (client, inPerson) })
            {
                using (var read = await who.GetAsync(MyVisitUrl(clinic.Clinic, appointment)))
                {
                    await read.ShouldBeProblemAsync(HttpStatusCode.NotFound, "visit_not_found");
                }

                using var resend = await who.SendJsonAsync(HttpMethod.Post, MyVisitUrl(clinic.Clinic, appointment) + "/code", new JsonObject());
                await resend.ShouldBeProblemAsync(HttpStatusCode.NotFound, "visit_not_found");
            }

            (await App.QuerySingleAsync<string>("select t::text from appointments.visit_codes t where appointment_id = @id", new { id })).ShouldBe(before);
            (await App.VisitCodeKeysAsync(id)).Count.ShouldBe(1);
            await Task.Delay(TimeSpan.FromSeconds(1));
            CodesTo(bob.Email).ShouldBe(0);
        }
    }

    [Fact]
    public async Task R6_bad_input_to_every_visit_route_is_a_4xx_problem_and_changes_nothing()
    {
        var (clinic, dana, id, nine) = await BookedAsync();
        App.MoveClockTo(nine.AddMinutes(-5));
        await App.RunVisitCodeJobAsync();
        using (var client = await PatientAsync(dana))
        using (var staff = await StaffAsync(clinic))
        using (var admin = await StaffAsync(clinic, clinic.Clinic.Admin))
        using (var anonymous = await App.AnonymousClientAsync())
        {
            var sent = await Smtp.NthCodeAsync(dana.Email, 1);
            async Task<string> SnapshotAsync() => string.Join(
                "\n",
                await App.QueryAsync<string>("select t::text from appointments.visit_codes t where clinic_id = @clinicId", new { clinicId = clinic.Clinic.Id }),
                await App.QueryAsync<string>("select t::text from appointments.visit_settings t where clinic_id = @clinicId", new { clinicId = clinic.Clinic.Id }));
            var before = await SnapshotAsync();

            var cases = new List<(PortalClient Client, HttpMethod Method, string Path, string Json)>();
            var join = JoinUrl(clinic.Clinic, sent.RoomId);
            cases.AddRange(BadJson.Mutations(new JsonObject { ["code"] = sent.Code }).Select(m => (anonymous, HttpMethod.Post, join, m.Json)));
            cases.AddRange(new[]
            {
                "{", "[]", "", "null", "{}", """{"code":null}""", """{"code":""}""", """{"code":12345}""", $$"""{"code":"{{new string('A', 5000)}}"}""",
                """{"code":"\u0000\uFFFF\uD835\uDD18 abc"}""", """{"code":"ABCDEFGHJ\u0301"}""", """{"code":["a"]}""",
            }.Select(json => (anonymous, HttpMethod.Post, join, json)));
            cases.Add((anonymous, HttpMethod.Post, $"/api/clinics/{clinic.Clinic.Slug}/visits/not-a-room/join", """{"code":"x"}"""));
            cases.Add((anonymous, HttpMethod.Post, JoinUrl(clinic.Clinic, Guid.NewGuid()), $$"""{"code":"{{sent.Code}}"}"""));
            cases.Add((anonymous, HttpMethod.Post, ProviderJoinUrl(clinic.Clinic, id), "{}"));
            cases.Add((staff, HttpMethod.Post, ProviderJoinUrl(clinic.Clinic, Guid.NewGuid()), "{}"));
            cases.Add((staff, HttpMethod.Post, $"{SetupUrl(clinic.Clinic)}/not-an-id/visit/join", "{}"));
            cases.Add((staff, HttpMethod.Post, StaffVisitUrl(clinic.Clinic, Guid.NewGuid()) + "/code", "{}"));
            cases.Add((client, HttpMethod.Post, MyVisitUrl(clinic.Clinic, Guid.NewGuid()) + "/code", "{}"));
            cases.Add((client, HttpMethod.Post, $"{MyAppointmentsUrl(clinic.Clinic)}/not-an-id/visit/code", "{}"));
            var settings = new JsonObject { ["codeLeadMinutes"] = 5, ["opensBeforeMinutes"] = 15, ["closesAfterMinutes"] = 30 };
            cases.AddRange(BadJson.Mutations(settings).Select(m => (admin, HttpMethod.Put, VisitSettingsUrl(clinic.Clinic), m.Json)));
            cases.AddRange(new[]
            {
                "{", "[]", "null", """{"codeLeadMinutes":0,"opensBeforeMinutes":15,"closesAfterMinutes":30}""",
                """{"codeLeadMinutes":121,"opensBeforeMinutes":15,"closesAfterMinutes":30}""",
                """{"codeLeadMinutes":5,"opensBeforeMinutes":-1,"closesAfterMinutes":30}""",
                """{"codeLeadMinutes":5,"opensBeforeMinutes":15,"closesAfterMinutes":241}""",
                """{"codeLeadMinutes":5.5,"opensBeforeMinutes":15,"closesAfterMinutes":30}""",
                """{"codeLeadMinutes":99999999999,"opensBeforeMinutes":15,"closesAfterMinutes":30}""",
            }.Select(json => (admin, HttpMethod.Put, VisitSettingsUrl(clinic.Clinic), json)));
            cases.Add((staff, HttpMethod.Put, VisitSettingsUrl(clinic.Clinic), settings.ToJsonString()));

            foreach (var (who, method, path, json) in cases)
            {
                using var response = await who.SendRawJsonAsync(method, path, json);
                ((int)response.StatusCode).ShouldBeInRange(400, 499, $"{method} {path} {json}: {await response.Content.ReadAsStringAsync()}");
                response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json", $"{method} {path} {json}");
            }

            (await SnapshotAsync()).ShouldBe(before);
            (await App.AdmittedAsync(clinic.Clinic, sent.RoomId, sent.Code)).GetProperty("role").GetString().ShouldBe("patient");
        }
    }

    [Fact]
    public async Task The_clinic_sets_when_the_code_goes_out_and_the_job_follows_it()
    {
        var (clinic, dana, id, nine) = await BookedAsync();
        using (var admin = await StaffAsync(clinic, clinic.Clinic.Admin))
        {
            (await admin.GetJsonAsync<System.Text.Json.JsonElement>(VisitSettingsUrl(clinic.Clinic))).GetProperty("isDefault").GetBoolean().ShouldBeTrue();
            using (var saved = await admin.PutJsonAsync(VisitSettingsUrl(clinic.Clinic), new { codeLeadMinutes = 30, opensBeforeMinutes = 10, closesAfterMinutes = 20 }))
            {
                await saved.ShouldHaveStatusAsync(HttpStatusCode.OK);
            }

            App.MoveClockTo(nine.AddMinutes(-31));
            await App.RunVisitCodeJobAsync();
            (await App.VisitCodeKeysAsync(id)).ShouldBeEmpty();
            App.MoveClockTo(nine.AddMinutes(-30));
            await App.RunVisitCodeJobAsync();
            var sent = await Smtp.NthCodeAsync(dana.Email, 1);
            using (var notYet = await App.JoinAsync(clinic.Clinic, sent.RoomId, sent.Code))
            {
                await notYet.ShouldBeProblemAsync(HttpStatusCode.Conflict, "visit_not_open");
            }

            var view = await PatientReadsAsync(dana, MyVisitUrl(clinic.Clinic, id));
            view.GetProperty("opensAt").GetDateTimeOffset().ShouldBe(nine.AddMinutes(-10));
            view.GetProperty("closesAt").GetDateTimeOffset().ShouldBe(nine.AddMinutes(50));
        }
    }
}
