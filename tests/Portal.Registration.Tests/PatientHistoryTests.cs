using System.Text.Json;
using static Portal.TestKit.RegistrationApi;

namespace Portal.Registration.Tests;

/// <summary>The chart's History: repeated views fold into one row, people are named with their role, sign-ins say from where.</summary>
public sealed class PatientHistoryTests(PortalAppFixture fixture) : IClassFixture<PortalAppFixture>
{
    private PortalApp App => fixture.App;

    [Fact]
    public async Task Views_by_one_person_within_an_hour_are_one_row_with_their_count_and_first_time()
    {
        var clinic = await App.CreateClinicAsync();
        using var admin = await App.SignedInAsync(clinic, clinic.Admin);
        var id = (await admin.CreatePatientAsync(clinic, NewPatient())).GetProperty("id").GetGuid();
        var first = App.Clock.GetUtcNow();
        await admin.GetJsonAsync<JsonElement>(PatientUrl(clinic, id));
        App.Clock.Advance(TimeSpan.FromMinutes(20));
        await admin.GetJsonAsync<JsonElement>(PatientUrl(clinic, id));
        App.Clock.Advance(TimeSpan.FromMinutes(20));
        await admin.GetJsonAsync<JsonElement>(PatientUrl(clinic, id));

        var rows = await HistoryAsync(admin, clinic, id);

        rows.Select(Summary).ShouldBe(["registration.patient.viewed x3 by admin", "registration.patient.created x1 by admin"]);
        rows[0].GetProperty("firstOccurredAt").GetDateTimeOffset().ShouldBe(first, TimeSpan.FromSeconds(5));
        (rows[0].GetProperty("occurredAt").GetDateTimeOffset() - rows[0].GetProperty("firstOccurredAt").GetDateTimeOffset())
            .ShouldBe(TimeSpan.FromMinutes(40), TimeSpan.FromSeconds(5));
        rows[0].GetProperty("actor").GetString().ShouldBe($"admin of {clinic.Slug}");
        rows[0].GetProperty("actorKind").GetString().ShouldBe("staff");
        rows[1].GetProperty("count").GetInt32().ShouldBe(1);
        rows[1].GetProperty("firstOccurredAt").GetDateTimeOffset().ShouldBe(rows[1].GetProperty("occurredAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task Views_by_different_people_or_more_than_an_hour_apart_are_separate_rows()
    {
        var clinic = await App.CreateClinicAsync();
        using var admin = await App.SignedInAsync(clinic, clinic.Admin);
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        var id = (await admin.CreatePatientAsync(clinic, NewPatient())).GetProperty("id").GetGuid();
        await admin.GetJsonAsync<JsonElement>(PatientUrl(clinic, id));
        await staff.GetJsonAsync<JsonElement>(PatientUrl(clinic, id));
        await staff.GetJsonAsync<JsonElement>(PatientUrl(clinic, id));
        await admin.GetJsonAsync<JsonElement>(PatientUrl(clinic, id));
        App.Clock.Advance(TimeSpan.FromMinutes(61));
        // Over an hour later, on a new session (the old one has gone idle).
        using var adminAgain = await App.SignedInAsync(clinic, clinic.Admin);
        await adminAgain.GetJsonAsync<JsonElement>(PatientUrl(clinic, id));

        var rows = await HistoryAsync(adminAgain, clinic, id);

        rows.Select(Summary).ShouldBe([
            "registration.patient.viewed x1 by admin",
            "registration.patient.viewed x1 by admin",
            "registration.patient.viewed x2 by staff",
            "registration.patient.viewed x1 by admin",
            "registration.patient.created x1 by admin",
        ]);
    }

    [Fact]
    public async Task A_change_between_views_keeps_them_apart_and_the_limit_counts_folded_rows()
    {
        var clinic = await App.CreateClinicAsync();
        using var owner = await App.SignedInAsync(clinic, clinic.Owner);
        var chart = await owner.CreatePatientAsync(clinic, NewPatient());
        var id = chart.GetProperty("id").GetGuid();
        for (var i = 0; i < 4; i++)
        {
            await owner.GetJsonAsync<JsonElement>(PatientUrl(clinic, id));
        }

        var edit = EditBody(chart);
        edit["legalFamilyName"] = "Gagnon";
        using (var saved = await owner.SendJsonAsync(HttpMethod.Put, PatientUrl(clinic, id), edit))
        {
            await saved.ShouldHaveStatusAsync(System.Net.HttpStatusCode.OK);
        }

        for (var i = 0; i < 5; i++)
        {
            await owner.GetJsonAsync<JsonElement>(PatientUrl(clinic, id));
        }

        var rows = await HistoryAsync(owner, clinic, id, limit: 3);

        rows.Select(Summary).ShouldBe([
            "registration.patient.viewed x5 by owner",
            "registration.patient.updated x1 by owner",
            "registration.patient.viewed x4 by owner",
        ]);
        rows[0].GetProperty("actorRole").GetString().ShouldBe("owner");
        rows[1].GetProperty("changes").EnumerateArray().Select(c => c.GetString()).ShouldBe(["legalFamilyName"]);
    }

    [Fact]
    public async Task A_patient_sign_in_says_from_where_and_a_view_by_the_patient_names_nobody()
    {
        var clinic = await App.CreateClinicAsync();
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        var id = (await staff.CreatePatientAsync(clinic, NewPatient())).GetProperty("id").GetGuid();
        // As the Identity module writes a sign-in and the portal's home page writes a view.
        await App.ExecuteAsync(
            """
            insert into platform.audit_log (occurred_at, clinic_id, actor_kind, actor_id, actor_label, action, target_type, target_id, client_address, details)
            values (@now, @clinic, 'patient', @id, 'patient', 'identity.patient.signed_in', 'patient', @target, '203.0.113.7', '{"method":"passcode"}'),
                   (@now + interval '1 second', @clinic, 'patient', @id, 'patient', 'portal.home.viewed', 'patient', @target, '203.0.113.7', '{}'),
                   (@now + interval '2 seconds', @clinic, 'patient', @id, 'patient', 'portal.home.viewed', 'patient', @target, '203.0.113.7', '{}'),
                   (@now + interval '3 seconds', @clinic, 'patient', @id, 'patient', 'some.future.action', 'patient', @target, '203.0.113.7', '{}')
            """,
            new { now = App.Clock.GetUtcNow().AddSeconds(1), clinic = clinic.Id, id, target = id.ToString() });

        var rows = await HistoryAsync(staff, clinic, id);

        rows.Select(Summary).ShouldBe([
            "other x1 by ",
            "portal.home.viewed x2 by ",
            "identity.patient.signed_in x1 by ",
            "registration.patient.created x1 by staff",
        ]);
        rows[2].GetProperty("from").GetString().ShouldBe("203.0.113.7");
        rows[2].GetProperty("actorKind").GetString().ShouldBe("patient");
        rows[2].GetProperty("actor").ValueKind.ShouldBe(JsonValueKind.Null);
        rows[1].GetProperty("from").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    private static async Task<List<JsonElement>> HistoryAsync(PortalClient client, TestClinic clinic, Guid id, int limit = 50) =>
        (await client.GetJsonAsync<JsonElement>($"{HistoryUrl(clinic, id)}?limit={limit}")).GetProperty("items").EnumerateArray().ToList();

    private static string Summary(JsonElement row) =>
        $"{row.GetProperty("action").GetString()} x{row.GetProperty("count").GetInt32()} by {row.GetProperty("actorRole").GetString()}";
}
