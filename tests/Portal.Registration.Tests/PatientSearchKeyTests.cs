using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Portal.Registration.Features.SearchPatients;
using Portal.Registration.Patients;
using static Portal.TestKit.RegistrationApi;

namespace Portal.Registration.Tests;

/// <summary>
/// <c>registration.patient_search_keys</c> holds what the search looks up; these tests prove that it follows every write
/// to a patient, its contacts and its identifiers, and that the search answers exactly as the statement it replaced.
/// </summary>
public sealed class PatientSearchKeyTests(PortalAppFixture fixture) : IClassFixture<PortalAppFixture>
{
    private PortalApp App => fixture.App;

    [Fact]
    public async Task The_keys_follow_a_patient_through_creation_renaming_contact_and_identifier_changes_deactivation_and_reactivation()
    {
        var clinic = await App.CreateClinicAsync();
        using var staff = await App.SignedInAsync(clinic, clinic.Admin);
        var (card, otherCard) = (TestCards.Ontario(), TestCards.Ontario());
        var body = NewPatient(card, givenName: "Anne-Marie", familyName: "Côté");
        body["preferredName"] = "Annie";
        body["chartNumber"] = "k-77";
        body["identifiers"] = new JsonArray(
            new JsonObject { ["type"] = "ON", ["number"] = card, ["versionCode"] = "ab" },
            new JsonObject { ["type"] = "QC", ["number"] = "COTA84030912", ["versionCode"] = null });
        body["emails"] = new JsonArray("Anne.Cote@Example.org");
        body["mobiles"] = new JsonArray("613 555 0101", "613 555 0102");
        var id = (await staff.CreatePatientAsync(clinic, body)).GetProperty("id").GetGuid();

        (await KeysAsync(id)).ShouldBe(Sorted(
            "n:anne", "n:marie", "n:cote", "n:annie", "h:K-77", $"i:{card}", "i:COTA84030912", "c:anne.cote@example.org", "c:+16135550101",
            "c:+16135550102"));

        var edit = EditBody(await ChartAsync(staff, clinic, id));
        edit["legalGivenName"] = "Marianne";
        edit["preferredName"] = null;
        edit["chartNumber"] = null;
        edit["identifiers"] = new JsonArray(new JsonObject { ["type"] = "ON", ["number"] = otherCard, ["versionCode"] = null });
        edit["emails"] = new JsonArray("marianne@example.net");
        edit["mobiles"] = new JsonArray("613 555 0102");
        await SaveAsync(staff, clinic, id, edit);

        (await KeysAsync(id)).ShouldBe(Sorted("n:marianne", "n:cote", $"i:{otherCard}", "c:marianne@example.net", "c:+16135550102"));
        (await staff.SearchAsync(clinic, "?q=anne")).Ids().ShouldBeEmpty();
        (await staff.SearchAsync(clinic, "?q=mari cot")).Ids().ShouldBe([id]);
        (await staff.SearchAsync(clinic, $"?q={card}")).Ids().ShouldBeEmpty();
        (await staff.SearchAsync(clinic, "?q=613 555 0101")).Ids().ShouldBeEmpty();
        (await staff.SearchAsync(clinic, "?q=613 555 0102")).Ids().ShouldBe([id]);

        var deactivate = EditBody(await ChartAsync(staff, clinic, id));
        deactivate["active"] = false;
        await SaveAsync(staff, clinic, id, deactivate);

        (await KeysAsync(id)).ShouldAllBe(key => key.EndsWith(" inactive", StringComparison.Ordinal));
        (await staff.SearchAsync(clinic, "?q=marianne")).Ids().ShouldBeEmpty();
        (await staff.SearchAsync(clinic, "?q=marianne&status=inactive")).Ids().ShouldBe([id]);

        var reactivate = EditBody(await ChartAsync(staff, clinic, id));
        reactivate["active"] = true;
        await SaveAsync(staff, clinic, id, reactivate);

        (await KeysAsync(id)).ShouldBe(Sorted("n:marianne", "n:cote", $"i:{otherCard}", "c:marianne@example.net", "c:+16135550102"));
        (await staff.SearchAsync(clinic, "?q=marianne")).Ids().ShouldBe([id]);
        (await StaleKeysAsync(clinic.Id)).ShouldBe(0);
    }

    [Fact]
    public async Task The_keys_follow_changes_made_in_SQL_by_hand_to_patients_contacts_and_identifiers_and_go_with_a_deleted_patient()
    {
        var clinic = await App.CreateClinicAsync();
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        var card = TestCards.Ontario();
        var body = NewPatient(card, givenName: "Jules", familyName: "Roy");
        body["emails"] = new JsonArray("jules@example.org");
        body["mobiles"] = new JsonArray("819 555 0142");
        var id = (await staff.CreatePatientAsync(clinic, body)).GetProperty("id").GetGuid();
        var other = (await staff.CreatePatientAsync(clinic, NewPatient(givenName: "Léa", familyName: "Roy"))).GetProperty("id").GetGuid();

        await App.ExecuteAsync(
            "update registration.patients set legal_family_name = 'Royer', sort_key = 'royer jules', name_words = 'jules royer', chart_number = 'B-2' where id = @id",
            new { id });
        await App.ExecuteAsync("update registration.patient_contacts set value = '+18195550143' where patient_id = @id and kind = 'mobile'", new { id });
        await App.ExecuteAsync("delete from registration.patient_contacts where patient_id = @id and kind = 'email'", new { id });
        await App.ExecuteAsync(
            "insert into registration.patient_contacts (clinic_id, patient_id, kind, value, position) values (@clinicId, @id, 'email', 'jr@example.org', 0)",
            new { clinicId = clinic.Id, id });
        await App.ExecuteAsync("update registration.patient_identifiers set number = '9999' || substr(number, 5) where patient_id = @id", new { id });

        (await KeysAsync(id)).ShouldBe(Sorted(
            "n:jules", "n:royer", "h:B-2", $"i:9999{card[4..]}", "c:jr@example.org", "c:+18195550143"));
        (await StaleKeysAsync(clinic.Id)).ShouldBe(0);
        (await staff.SearchAsync(clinic, "?q=royer")).Ids().ShouldBe([id]);
        (await staff.SearchAsync(clinic, "?q=b-2")).Ids().ShouldBe([id]);

        await App.ExecuteAsync("update registration.patients set active = false where clinic_id = @clinicId", new { clinicId = clinic.Id });
        (await staff.SearchAsync(clinic, "?q=roy")).Ids().ShouldBeEmpty();
        (await staff.SearchAsync(clinic, "?q=roy&status=inactive")).Ids().Count.ShouldBe(2);

        await App.ExecuteAsync("delete from registration.patients where id = @id", new { id });
        (await KeysAsync(id)).ShouldBeEmpty();
        (await KeysAsync(other)).ShouldNotBeEmpty();
        (await StaleKeysAsync(clinic.Id)).ShouldBe(0);
    }

    [Fact]
    public async Task Generated_patients_get_their_keys_and_every_search_answers_as_the_statement_it_replaced_for_each_status()
    {
        var clinic = await App.CreateClinicAsync();
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        var generated = await App.RunCliAsync("patients generate", "--clinic", clinic.Slug, "--count", "3000");
        generated.Exit.ShouldBe(0, generated.Output);
        (await StaleKeysAsync(clinic.Id)).ShouldBe(0);
        (await App.QuerySingleAsync<long>("select count(*) from registration.patients where clinic_id = @id and not active", new { id = clinic.Id }))
            .ShouldBeGreaterThan(0);

        var queries = new List<string>();
        var families = await App.QueryAsync<(string Given, string Family)>(
            "select legal_given_name, legal_family_name from registration.patients where clinic_id = @id order by id limit 6", new { id = clinic.Id });
        foreach (var (given, family) in families)
        {
            queries.AddRange([family[..1], family[..Math.Min(2, family.Length)], family[..Math.Min(4, family.Length)], family, $"{given} {family[..2]}", $"{family} {given[..1]}"]);
        }

        var mobiles = await App.QueryAsync<string>(
            """
            select value from registration.patient_contacts where clinic_id = @id and kind = 'mobile'
            group by value order by count(*) desc, value limit 3
            """,
            new { id = clinic.Id });
        queries.AddRange(mobiles.Select(m => $"({m[2..5]}) {m[5..8]}-{m[8..]}"));
        queries.AddRange(mobiles.Select(m => $"{m[2..5]} {m[5..8]} {m[8..]}"));
        queries.AddRange(await App.QueryAsync<string>(
            "select number from registration.patient_identifiers where clinic_id = @id order by patient_id, id_type limit 4", new { id = clinic.Id }));
        queries.AddRange((await App.QueryAsync<string>(
            "select chart_number from registration.patients where clinic_id = @id and chart_number is not null order by id limit 3", new { id = clinic.Id }))
            .Select(c => c.ToLowerInvariant()));
        queries.AddRange((await App.QueryAsync<string>(
            "select value from registration.patient_contacts where clinic_id = @id and kind = 'email' order by patient_id limit 3", new { id = clinic.Id }))
            .Select(e => e.ToUpperInvariant()));
        queries.AddRange(["zzqx", "o'", "1234 567 890"]);

        var compared = 0;
        foreach (var q in queries)
        {
            foreach (var status in new[] { "active", "inactive", "all" })
            {
                var expected = await PreviousStatementAsync(clinic.Id, q, status);
                var found = new List<Guid>();
                for (var offset = 0; ; offset += 100)
                {
                    var page = await staff.SearchAsync(clinic, $"?q={Uri.EscapeDataString(q)}&status={status}&limit=100&offset={offset}");
                    page.GetProperty("matchedBy").GetString().ShouldBe(SearchCriteria.From(q).MatchedBy, q);
                    found.AddRange(page.Ids());
                    if (!page.GetProperty("hasMore").GetBoolean())
                    {
                        break;
                    }
                }

                found.ShouldBe(expected, $"{q} ({status})");
                compared += expected.Count;
            }
        }

        compared.ShouldBeGreaterThan(1_000);
        var small = await staff.SearchAsync(clinic, $"?q={Uri.EscapeDataString(families[0].Family[..1])}&status=all&limit=20&offset=20");
        small.Ids().ShouldBe((await PreviousStatementAsync(clinic.Id, families[0].Family[..1], "all")).Skip(20).Take(20).ToList());
    }

    /// <summary>The patients the search found before it read the keys: its own conditions on the patient rows, in list order.</summary>
    private async Task<IReadOnlyList<Guid>> PreviousStatementAsync(Guid clinicId, string q, string status)
    {
        var criteria = SearchCriteria.From(q);
        var condition = criteria.MatchedBy switch
        {
            "name" => "to_tsvector('simple', p.name_words) @@ to_tsquery('simple', @tsquery)",
            "email" => "p.id in (select c.patient_id from registration.patient_contacts c where c.clinic_id = @clinicId and c.value = @email)",
            "phone" or "identifier" =>
                """
                p.id in (select i.patient_id from registration.patient_identifiers i where i.clinic_id = @clinicId and i.number = @number
                         union select c.patient_id from registration.patient_contacts c where c.clinic_id = @clinicId and c.value = @phone
                         union select q.id from registration.patients q where q.clinic_id = @clinicId and q.chart_number = @chart)
                """,
            _ => "true",
        };
        var active = status switch { "active" => "and p.active", "inactive" => "and not p.active", _ => string.Empty };
        var words = PatientNames.Fold(q).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return await App.QueryAsync<Guid>(
            $"select p.id from registration.patients p where p.clinic_id = @clinicId {active} and {condition} order by p.sort_key, p.id",
            new
            {
                clinicId,
                tsquery = string.Join(" & ", words.Select(w => w + ":*")),
                email = criteria.Email,
                number = criteria.Number,
                phone = criteria.Phone ?? string.Empty,
                chart = criteria.ChartNumber,
            });
    }

    private static async Task<JsonElement> ChartAsync(PortalClient staff, TestClinic clinic, Guid id)
    {
        using var response = await staff.GetAsync(PatientUrl(clinic, id));
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        return await response.ReadJsonAsync();
    }

    private static async Task SaveAsync(PortalClient staff, TestClinic clinic, Guid id, JsonObject edit)
    {
        using var saved = await staff.SendJsonAsync(HttpMethod.Put, PatientUrl(clinic, id), edit);
        await saved.ShouldHaveStatusAsync(HttpStatusCode.OK);
    }

    private static List<string> Sorted(params string[] keys) => keys.Order(StringComparer.Ordinal).ToList();

    /// <summary>A patient's keys as kind:key, with " inactive" when the row says so, in ordinal order.</summary>
    private async Task<List<string>> KeysAsync(Guid patientId) =>
        (await App.QueryAsync<string>(
            "select kind::text || ':' || key || case when active then '' else ' inactive' end from registration.patient_search_keys where patient_id = @patientId",
            new { patientId }))
        .Order(StringComparer.Ordinal).ToList();

    /// <summary>How many key rows of the clinic differ from what its patients, contacts and identifiers give now (missing or left over).</summary>
    private Task<long> StaleKeysAsync(Guid clinicId) =>
        App.QuerySingleAsync<long>(
            """
            with derived as (
                select p.clinic_id, k.kind, k.key, p.sort_key, p.id as patient_id, p.active
                from registration.patients p
                cross join lateral (
                    select 'n'::"char", w from regexp_split_to_table(p.name_words, ' ') w where w <> ''
                    union select 'h', p.chart_number where p.chart_number is not null
                    union select 'c', c.value from registration.patient_contacts c where c.patient_id = p.id
                    union select 'i', i.number from registration.patient_identifiers i where i.patient_id = p.id
                ) k (kind, key)
                where p.clinic_id = @clinicId),
            stored as (
                select clinic_id, kind, key, sort_key, patient_id, active from registration.patient_search_keys where clinic_id = @clinicId)
            select (select count(*) from (select * from derived except all select * from stored) missing)
                 + (select count(*) from (select * from stored except all select * from derived) left_over)
            """,
            new { clinicId });
}
