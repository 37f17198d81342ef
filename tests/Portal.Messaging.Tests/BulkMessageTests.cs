using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Portal.Messaging.Features.Bulk;
using Portal.Shared.Jobs;
using static Portal.Messaging.Tests.MessagingApi;

namespace Portal.Messaging.Tests;

/// <summary>A host whose background jobs do not run, with chunks of two patients: tests run the bulk message job chunk by chunk.</summary>
public sealed class ManualBulkJobFixture : MessagingAppFixture
{
    protected override void Configure(PortalAppOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Settings["Portal:Jobs:Enabled"] = "false";
        options.Settings["Portal:Messaging:Bulk:ChunkSize"] = "2";
    }
}

internal static class BulkApi
{
    public static string BulkUrl(TestClinic clinic) => $"{MessagingUrl(clinic)}/bulk";

    public static string BulkMessageUrl(TestClinic clinic, Guid id) => $"{BulkUrl(clinic)}/{id}";

    public static JsonObject Group(string status = "active", string portalAccess = "yes", string? bornBefore = null, string? bornOnOrAfter = null, string? q = null) => new()
    {
        ["q"] = q,
        ["status"] = status,
        ["portalAccess"] = portalAccess,
        ["bornBefore"] = bornBefore,
        ["bornOnOrAfter"] = bornOnOrAfter,
    };

    public static JsonObject NewBulk(JsonObject group, bool allowReplies = false, string subject = "Flu clinic", string body = "The flu clinic opens on Monday.") => new()
    {
        ["group"] = group,
        ["subject"] = subject,
        ["body"] = body,
        ["allowReplies"] = allowReplies,
    };

    public static async Task<Guid> StartBulkAsync(this PortalClient staff, TestClinic clinic, JsonObject request)
    {
        using var response = await staff.SendJsonAsync(HttpMethod.Post, BulkUrl(clinic), request);
        await response.ShouldHaveStatusAsync(HttpStatusCode.Accepted);
        var id = (await response.ReadJsonAsync()).GetProperty("id").GetGuid();
        response.Headers.Location!.ToString().ShouldBe(BulkMessageUrl(clinic, id));
        return id;
    }

    public static async Task<JsonElement> GetJsonAsync(this PortalClient client, string url)
    {
        using var response = await client.GetAsync(url);
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        return await response.ReadJsonAsync();
    }

    /// <summary>A patient of the clinic born on this date, preferring email and SMS, with or without portal access.</summary>
    public static async Task<TestPatient> AddPatientBornAsync(this PortalApp app, TestClinic clinic, string dateOfBirth, bool portalAccess = true, string givenName = "Camille")
    {
        using var staff = await app.SignedInAsync(clinic, clinic.Staff);
        var number = TestCards.Ontario();
        var email = $"bulk.{Guid.NewGuid():N}@example.com";
        var body = RegistrationApi.NewPatient(number, givenName);
        body["emails"] = new JsonArray(email);
        body["dateOfBirth"] = dateOfBirth;
        body["portalAccess"] = portalAccess;
        var chart = await staff.CreatePatientAsync(clinic, body);
        return new TestPatient(clinic, chart.GetProperty("id").GetGuid(), number, email);
    }

    public static Task<T> JobAsync<T>(this PortalApp app, Func<BulkMessageJob, Task<T>> work) =>
        app.InScopeAsync(services => work(services.GetRequiredService<BulkMessageJob>()));

    public static Task<long> CountWhereAsync(this PortalApp app, string sql, object parameters) => app.QuerySingleAsync<long>(sql, parameters);

    public static Task<long> NotificationsAsync(this PortalApp app, TestClinic clinic) =>
        app.QuerySingleAsync<long>(
            "select count(*) from notifications.outbox where clinic_id = @Id and template_key = 'messaging.new-message'", new { clinic.Id });

    public static Task<long> LinksAsync(this PortalApp app, TestClinic clinic) =>
        app.QuerySingleAsync<long>("select count(*) from identity.patient_links where clinic_id = @Id", new { clinic.Id });
}

public sealed class BulkMessageTests(MessagingAppFixture fixture) : IClassFixture<MessagingAppFixture>
{
    private PortalApp App => fixture.App;

    [Fact]
    public async Task X9_everyone_with_portal_access_born_before_a_date_gets_a_conversation_of_their_own_and_a_notification_and_the_rest_are_listed_as_skipped()
    {
        var clinic = await App.OpenClinicAsync();
        var first = await App.AddPatientBornAsync(clinic, "1950-02-01");
        var second = await App.AddPatientBornAsync(clinic, "1959-12-31");
        var young = await App.AddPatientBornAsync(clinic, "1960-01-01");
        var noAccess = await App.AddPatientBornAsync(clinic, "1951-01-01", portalAccess: false);
        var inactive = await App.AddPatientBornAsync(clinic, "1952-01-01");
        var noMobile = await App.AddPatientBornAsync(clinic, "1953-01-01");
        await App.ExecuteAsync("update registration.patients set active = false where id = @Id", new { inactive.Id });
        await App.ExecuteAsync("update registration.patients set preferred_contact_method = 'sms' where id = @Id", new { noMobile.Id });
        await App.ExecuteAsync("delete from registration.patient_contacts where patient_id = @Id and kind = 'mobile'", new { noMobile.Id });
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        var group = BulkApi.Group(status: "all", portalAccess: "any", bornBefore: "1960-01-01");

        using (var preview = await staff.SendJsonAsync(HttpMethod.Post, $"{BulkApi.BulkUrl(clinic)}/preview", new JsonObject { ["group"] = group.DeepClone() }))
        {
            await preview.ShouldHaveStatusAsync(HttpStatusCode.OK);
            var counts = await preview.ReadJsonAsync();
            counts.GetProperty("selected").GetInt32().ShouldBe(5);
            counts.GetProperty("wouldSend").GetInt32().ShouldBe(2);
            counts.GetProperty("skipped").GetInt32().ShouldBe(3);
            counts.GetProperty("skippedNoPortalAccess").GetInt32().ShouldBe(1);
            counts.GetProperty("skippedInactive").GetInt32().ShouldBe(1);
            counts.GetProperty("skippedNoUsableContact").GetInt32().ShouldBe(1);
        }

        var id = await staff.StartBulkAsync(clinic, BulkApi.NewBulk(group, subject: "Flu clinic"));

        var done = await Eventually.ReturnsAsync(
            () => staff.GetJsonAsync(BulkApi.BulkMessageUrl(clinic, id)),
            view => view.GetProperty("state").GetString() == "completed",
            view => $"The bulk message did not complete: {view}");
        done.GetProperty("selected").GetInt32().ShouldBe(5);
        done.GetProperty("processed").GetInt32().ShouldBe(5);
        done.GetProperty("sent").GetInt32().ShouldBe(2);
        done.GetProperty("skipped").GetInt32().ShouldBe(3);

        foreach (var patient in new[] { first, second })
        {
            var conversations = await staff.GetJsonAsync(PatientConversationsUrl(clinic, patient.Id));
            conversations.ItemIds().Count.ShouldBe(1);
            var email = await fixture.Smtp.WaitForAsync(m => m.Recipients.Contains(patient.Email), TimeSpan.FromSeconds(20));
            email.Subject.ShouldBe($"Vous avez un nouveau message de {clinic.Name}");
            email.TextBody!.ShouldNotContain("Flu clinic");
            email.TextBody!.ShouldContain($"/{clinic.Slug}/m/");
        }

        (await App.QuerySingleAsync<long>(
            "select count(distinct conversation_id) from messaging.messages where clinic_id = @Id", new { clinic.Id })).ShouldBe(2);
        foreach (var patient in new[] { young, noAccess, inactive, noMobile })
        {
            (await App.QuerySingleAsync<long>("select count(*) from messaging.conversations where patient_id = @Id", new { patient.Id })).ShouldBe(0);
            fixture.Smtp.Messages.ShouldNotContain(m => m.Recipients.Contains(patient.Email));
        }

        var sent = await Eventually.ReturnsAsync(
            () => staff.GetJsonAsync($"{BulkApi.BulkMessageUrl(clinic, id)}/recipients?state=sent"),
            page => page.GetProperty("items").EnumerateArray().All(item => item.GetProperty("deliveries").EnumerateArray()
                .Any(d => d.GetProperty("channel").GetString() == "email" && d.GetProperty("state").GetString() == "sent")),
            page => $"The deliveries did not show as sent: {page}");
        sent.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("patientId").GetGuid())
            .ShouldBe(new[] { first.Id, second.Id }.Order());
        sent.GetProperty("items")[0].GetProperty("displayName").GetString().ShouldBe("Camille Tremblay");
        var skipped = await staff.GetJsonAsync($"{BulkApi.BulkMessageUrl(clinic, id)}/recipients?state=skipped");
        skipped.GetProperty("items").EnumerateArray()
            .ToDictionary(item => item.GetProperty("patientId").GetGuid(), item => item.GetProperty("skipReason").GetString())
            .ShouldBe(new Dictionary<Guid, string?>
            {
                [noAccess.Id] = "no_portal_access",
                [inactive.Id] = "inactive",
                [noMobile.Id] = "no_usable_contact",
            },
            ignoreOrder: true);

        (await App.QuerySingleAsync<long>(
            "select count(*) from platform.audit_log where action = 'messaging.bulk.started' and target_id = @id", new { id = id.ToString() })).ShouldBe(1);
        (await App.QuerySingleAsync<string>(
            "select string_agg(details::text, '') from platform.audit_log where action = 'messaging.bulk.chunk_sent' and target_id = @id and actor_kind = 'staff'",
            new { id = id.ToString() })).ShouldContain(first.Id.ToString());
        var list = await staff.GetJsonAsync(BulkApi.BulkUrl(clinic));
        list.ItemIds().ShouldBe([id]);
    }

    [Fact]
    public async Task S4_allow_replies_is_refused_when_the_clinic_does_not_accept_replies_and_nothing_is_queued()
    {
        var clinic = await App.OpenClinicAsync();
        await App.AddPatientBornAsync(clinic, "1950-01-01");
        await App.SetRepliesAsync(clinic, false);
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);

        using var refused = await staff.SendJsonAsync(HttpMethod.Post, BulkApi.BulkUrl(clinic), BulkApi.NewBulk(BulkApi.Group(), allowReplies: true));

        var problem = await refused.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "replies_disabled_by_clinic");
        problem.FieldCodes!["allowReplies"].ShouldBe(["replies_disabled_by_clinic"]);
        (await App.QuerySingleAsync<long>("select count(*) from messaging.bulk_messages where clinic_id = @Id", new { clinic.Id })).ShouldBe(0);
        var id = await staff.StartBulkAsync(clinic, BulkApi.NewBulk(BulkApi.Group(), allowReplies: false));
        await Eventually.HoldsAsync(
            async () => (await staff.GetJsonAsync(BulkApi.BulkMessageUrl(clinic, id))).GetProperty("state").GetString() == "completed",
            "The bulk message without replies did not complete.");
        (await App.QuerySingleAsync<bool>("select bool_or(replies_allowed) from messaging.conversations where clinic_id = @Id", new { clinic.Id })).ShouldBeFalse();
    }

    [Fact]
    public async Task A1_another_clinics_bulk_message_its_recipients_and_its_cancel_are_not_found()
    {
        var clinic = await App.OpenClinicAsync();
        var other = await App.OpenClinicAsync();
        await App.AddPatientBornAsync(clinic, "1950-01-01");
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        using var stranger = await App.SignedInAsync(other, other.Staff);
        var id = await staff.StartBulkAsync(clinic, BulkApi.NewBulk(BulkApi.Group()));

        foreach (var url in new[] { BulkApi.BulkMessageUrl(other, id), $"{BulkApi.BulkMessageUrl(other, id)}/recipients" })
        {
            using var response = await stranger.GetAsync(url);
            await response.ShouldBeProblemAsync(HttpStatusCode.NotFound, "bulk_message_not_found");
        }

        using (var cancel = await stranger.PostJsonAsync($"{BulkApi.BulkMessageUrl(other, id)}/cancel", new { }))
        {
            await cancel.ShouldBeProblemAsync(HttpStatusCode.NotFound, "bulk_message_not_found");
        }

        using (var crossed = await stranger.GetAsync(BulkApi.BulkMessageUrl(clinic, id)))
        {
            ((int)crossed.StatusCode).ShouldBeOneOf(403, 404);
        }

        (await stranger.GetJsonAsync(BulkApi.BulkUrl(other))).ItemIds().ShouldBeEmpty();
    }

    [Fact]
    public async Task R6_bad_input_gets_a_problem_and_stores_nothing()
    {
        var clinic = await App.OpenClinicAsync();
        await App.AddPatientBornAsync(clinic, "1950-01-01");
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        var cases = new (string What, string Json)[]
        {
            ("an unknown status", BulkApi.NewBulk(BulkApi.Group(status: "sleeping")).ToJsonString()),
            ("an unknown portal access", BulkApi.NewBulk(BulkApi.Group(portalAccess: "maybe")).ToJsonString()),
            ("an empty date range", BulkApi.NewBulk(BulkApi.Group(bornBefore: "1950-01-01", bornOnOrAfter: "1950-01-01")).ToJsonString()),
            ("a date that is no date", BulkApi.NewBulk(BulkApi.Group()).ToJsonString().Replace("\"bornBefore\":null", "\"bornBefore\":\"1950-13-45\"", StringComparison.Ordinal)),
            ("no group", new JsonObject { ["subject"] = "S", ["body"] = "B", ["allowReplies"] = false }.ToJsonString()),
            ("a blank body", BulkApi.NewBulk(BulkApi.Group(), body: "   ").ToJsonString()),
            ("a body too long", BulkApi.NewBulk(BulkApi.Group(), body: new string('a', 10_001)).ToJsonString()),
            ("no subject", BulkApi.NewBulk(BulkApi.Group(), subject: "").ToJsonString()),
            ("a group nobody is in", BulkApi.NewBulk(BulkApi.Group(bornBefore: "1900-01-01")).ToJsonString()),
            ("not JSON", "{\"group\": "),
            ("an array", "[]"),
            ("a NUL character", BulkApi.NewBulk(BulkApi.Group(q: "a\u0000b")).ToJsonString()),
        };
        foreach (var (what, json) in cases)
        {
            using var response = await staff.SendRawJsonAsync(HttpMethod.Post, BulkApi.BulkUrl(clinic), json);
            ((int)response.StatusCode).ShouldBe(400, what);
            response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json", what);
            if (what.StartsWith("an ", StringComparison.Ordinal) || what is "a date that is no date" or "no group" or "not JSON" or "a NUL character")
            {
                using var preview = await staff.SendRawJsonAsync(HttpMethod.Post, $"{BulkApi.BulkUrl(clinic)}/preview", json);
                ((int)preview.StatusCode).ShouldBe(400, what);
            }
        }

        foreach (var url in new[] { $"{BulkApi.BulkUrl(clinic)}?limit=0", $"{BulkApi.BulkUrl(clinic)}?offset=-1", $"{BulkApi.BulkMessageUrl(clinic, Guid.NewGuid())}/recipients?state=bogus" })
        {
            using var response = await staff.GetAsync(url);
            await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        }

        using (var unknown = await staff.GetAsync(BulkApi.BulkMessageUrl(clinic, Guid.NewGuid())))
        {
            await unknown.ShouldBeProblemAsync(HttpStatusCode.NotFound, "bulk_message_not_found");
        }

        (await App.QuerySingleAsync<long>("select count(*) from messaging.bulk_messages where clinic_id = @Id", new { clinic.Id })).ShouldBe(0);
    }
}

/// <summary>The job driven chunk by chunk (two patients each), with no background server to race it.</summary>
public sealed class BulkMessageJobTests(ManualBulkJobFixture fixture) : IClassFixture<ManualBulkJobFixture>
{
    private PortalApp App => fixture.App;

    private async Task<(TestClinic Clinic, List<TestPatient> Patients)> GroupOfAsync(int count)
    {
        var clinic = await App.OpenClinicAsync();
        var patients = new List<TestPatient>();
        for (var i = 0; i < count; i++)
        {
            patients.Add(await App.AddPatientBornAsync(clinic, "1950-01-01"));
        }

        return (clinic, patients.OrderBy(p => p.Id).ToList());
    }

    [Fact]
    public async Task Cancelling_while_running_stops_before_the_next_chunk_and_leaves_the_rest_unsent()
    {
        var (clinic, patients) = await GroupOfAsync(5);
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        var id = await staff.StartBulkAsync(clinic, BulkApi.NewBulk(BulkApi.Group()));

        (await App.JobAsync(job => job.RunChunkAsync(id, CancellationToken.None))).ShouldBeTrue();
        var running = await staff.GetJsonAsync(BulkApi.BulkMessageUrl(clinic, id));
        running.GetProperty("state").GetString().ShouldBe("running");
        running.GetProperty("processed").GetInt32().ShouldBe(2);
        using (var cancel = await staff.PostJsonAsync($"{BulkApi.BulkMessageUrl(clinic, id)}/cancel", new { }))
        {
            await cancel.ShouldHaveStatusAsync(HttpStatusCode.OK);
            (await cancel.ReadJsonAsync()).GetProperty("state").GetString().ShouldBe("cancelled");
        }

        await App.JobAsync(async job => { await job.RunAsync(id, CancellationToken.None); return true; });

        var view = await staff.GetJsonAsync(BulkApi.BulkMessageUrl(clinic, id));
        view.GetProperty("state").GetString().ShouldBe("cancelled");
        view.GetProperty("sent").GetInt32().ShouldBe(2);
        (await App.CountAsync("conversations", clinic.Id)).ShouldBe(2);
        (await App.NotificationsAsync(clinic)).ShouldBe(4, "email and SMS for each of the two sent");
        foreach (var patient in patients.Skip(2))
        {
            (await App.QuerySingleAsync<long>("select count(*) from messaging.conversations where patient_id = @Id", new { patient.Id })).ShouldBe(0);
        }

        using (var again = await staff.PostJsonAsync($"{BulkApi.BulkMessageUrl(clinic, id)}/cancel", new { }))
        {
            await again.ShouldBeProblemAsync(HttpStatusCode.Conflict, "bulk_message_finished");
        }

        (await App.QuerySingleAsync<long>(
            "select count(*) from platform.audit_log where action = 'messaging.bulk.cancelled' and target_id = @id", new { id = id.ToString() })).ShouldBe(1);
    }

    [Fact]
    public async Task R1_a_chunk_that_fails_rolls_back_and_queues_nothing_for_it_while_the_chunks_before_stay_sent()
    {
        var (clinic, patients) = await GroupOfAsync(4);
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        var id = await staff.StartBulkAsync(clinic, BulkApi.NewBulk(BulkApi.Group()));
        var doomed = patients[3].Id;
        await App.ExecuteAsync(
            $"""
            create function messaging.test_refuse_{doomed:N}() returns trigger language plpgsql as $$
            begin
                if new.patient_id = '{doomed}' then raise exception 'refused for the test'; end if;
                return new;
            end $$;
            create trigger test_refuse_{doomed:N} before insert on messaging.conversations
                for each row execute function messaging.test_refuse_{doomed:N}();
            """);
        try
        {
            await App.JobAsync(async job => { await job.RunAsync(id, CancellationToken.None); return true; });
        }
        finally
        {
            await App.ExecuteAsync($"drop trigger test_refuse_{doomed:N} on messaging.conversations; drop function messaging.test_refuse_{doomed:N}();");
        }

        var view = await staff.GetJsonAsync(BulkApi.BulkMessageUrl(clinic, id));
        view.GetProperty("state").GetString().ShouldBe("failed");
        view.GetProperty("sent").GetInt32().ShouldBe(2);
        (await App.CountAsync("conversations", clinic.Id)).ShouldBe(2);
        (await App.CountAsync("messages", clinic.Id)).ShouldBe(2);
        (await App.NotificationsAsync(clinic)).ShouldBe(4);
        (await App.LinksAsync(clinic)).ShouldBe(2);
        (await App.QuerySingleAsync<long>("select count(*) from messaging.bulk_message_recipients where bulk_message_id = @id", new { id })).ShouldBe(2);
        (await App.QuerySingleAsync<long>(
            "select count(*) from messaging.conversations where patient_id = any(@ids)", new { ids = new[] { patients[2].Id, patients[3].Id } })).ShouldBe(0);
    }

    [Fact]
    public async Task A_bulk_message_whose_job_never_started_is_sent_by_the_sweep_once_two_minutes_have_passed()
    {
        var (clinic, patients) = await GroupOfAsync(3);
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        // Nothing runs the job this fixture's start request enqueued: as if the host had stopped right after the commit.
        var id = await staff.StartBulkAsync(clinic, BulkApi.NewBulk(BulkApi.Group()));

        await SweepAsync();
        (await staff.GetJsonAsync(BulkApi.BulkMessageUrl(clinic, id))).GetProperty("state").GetString().ShouldBe("queued");

        App.Clock.Advance(TimeSpan.FromMinutes(3));
        await SweepAsync();
        var view = await staff.GetJsonAsync(BulkApi.BulkMessageUrl(clinic, id));
        view.GetProperty("state").GetString().ShouldBe("completed");
        view.GetProperty("sent").GetInt32().ShouldBe(patients.Count);
        (await App.CountAsync("conversations", clinic.Id)).ShouldBe(patients.Count);

        await SweepAsync();
        (await App.CountAsync("conversations", clinic.Id)).ShouldBe(patients.Count);
    }

    private Task<bool> SweepAsync() =>
        App.InScopeAsync(async services =>
        {
            var job = services.GetRequiredService<JobCatalog>().Find("messaging.unstarted-bulk").ShouldNotBeNull();
            await ((IRecurringJob)services.GetRequiredService(job.JobType)).RunAsync(CancellationToken.None);
            return true;
        });

    [Fact]
    public async Task A_chunk_run_a_second_time_sends_nothing_twice()
    {
        var (clinic, _) = await GroupOfAsync(3);
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        var id = await staff.StartBulkAsync(clinic, BulkApi.NewBulk(BulkApi.Group()));
        await App.JobAsync(async job => { await job.RunAsync(id, CancellationToken.None); return true; });
        (await staff.GetJsonAsync(BulkApi.BulkMessageUrl(clinic, id))).GetProperty("sent").GetInt32().ShouldBe(3);

        // As if the job had crashed before its progress was seen: the same job again, then the first chunk again from the start.
        await App.JobAsync(async job => { await job.RunAsync(id, CancellationToken.None); return true; });
        await App.ExecuteAsync("update messaging.bulk_messages set state = 'running', last_patient_id = null where id = @id", new { id });
        await App.JobAsync(async job => { await job.RunAsync(id, CancellationToken.None); return true; });

        (await App.CountAsync("conversations", clinic.Id)).ShouldBe(3);
        (await App.CountAsync("messages", clinic.Id)).ShouldBe(3);
        (await App.NotificationsAsync(clinic)).ShouldBe(6);
        (await App.LinksAsync(clinic)).ShouldBe(3);
        var view = await staff.GetJsonAsync(BulkApi.BulkMessageUrl(clinic, id));
        view.GetProperty("state").GetString().ShouldBe("completed");
        view.GetProperty("sent").GetInt32().ShouldBe(3);
    }
}
