using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using static Portal.Identity.Tests.PatientPortalApi;

namespace Portal.Identity.Tests;

/// <summary>A signed-in patient updates My information (R2): only their own, only the fields a patient may change.</summary>
public sealed class MyInformationUpdateTests(MessagingAppFixture fixture) : IClassFixture<MessagingAppFixture>
{
    private const string ValidUpdate =
        """
        {"version": 1, "preferredName": "Cami", "gender": "woman",
         "address": {"line1": "200 Rideau St", "line2": null, "city": "Ottawa", "province": "ON", "postalCode": "k1n5y1", "country": "CA"},
         "preferredContactMethod": "email", "preferredLanguage": "en"}
        """;

    private static readonly SemaphoreSlim SharedGate = new(1, 1);

    private static (PortalApp App, TestPatient Patient, PortalClient Client)? _shared;

    private PortalApp App => fixture.App;

    public static TheoryData<string, string> ReadOnlyFields => new()
    {
        { "legalGivenName", "\"Mallory\"" },
        { "legalFamilyName", "\"Changed\"" },
        { "dateOfBirth", "\"1990-01-01\"" },
        { "identifiers", "[{\"type\": \"ON\", \"number\": \"1234567890\", \"versionCode\": null}]" },
        { "sex", "\"male\"" },
        { "emails", "[\"other@example.com\"]" },
        { "chartNumber", "\"A-1\"" },
        { "patientId", "\"OTHER\"" },
    };

    public static TheoryData<string> BadBodies => new()
    {
        "{\"version\": ",
        "[]",
        "null",
        "\"just a string\"",
        "{}",
        "",
        "{\"version\": 0, \"preferredContactMethod\": \"email\", \"preferredLanguage\": \"en\"}",
        "{\"version\": 1, \"preferredContactMethod\": \"fax\", \"preferredLanguage\": \"en\"}",
        "{\"version\": 1, \"preferredContactMethod\": \"email\", \"preferredLanguage\": \"de\"}",
        "{\"version\": 1, \"preferredContactMethod\": null, \"preferredLanguage\": \"en\"}",
        "{\"version\": 1, \"preferredName\": \"a\\u0000b\", \"preferredContactMethod\": \"email\", \"preferredLanguage\": \"en\"}",
        "{\"version\": 1, \"preferredName\": \"\\ud800\", \"preferredContactMethod\": \"email\", \"preferredLanguage\": \"en\"}",
        "{\"version\": 1, \"preferredName\": \"" + new string('a', 5000) + "\", \"preferredContactMethod\": \"email\", \"preferredLanguage\": \"en\"}",
        "{\"version\": 1, \"gender\": \"two\\nlines\", \"preferredContactMethod\": \"email\", \"preferredLanguage\": \"en\"}",
        "{\"version\": 99999999999, \"preferredContactMethod\": \"email\", \"preferredLanguage\": \"en\"}",
        "{\"version\": 1, \"address\": {\"line1\": \"x\"}, \"preferredContactMethod\": \"email\", \"preferredLanguage\": \"en\"}",
        "{\"version\": 1, \"address\": {\"line1\": \"1 Main\", \"line2\": null, \"city\": \"Ottawa\", \"province\": \"ZZ\", \"postalCode\": \"K1A 0B1\", \"country\": \"CA\"}, \"preferredContactMethod\": \"email\", \"preferredLanguage\": \"en\"}",
        "{\"version\": 1, \"address\": {\"line1\": \"1 Main\", \"line2\": null, \"city\": \"Ottawa\", \"province\": \"ON\", \"postalCode\": \"K1A 0B1\", \"country\": \"FR\"}, \"preferredContactMethod\": \"email\", \"preferredLanguage\": \"en\"}",
    };

    /// <summary>Every value of a good update replaced by one of a JSON type it can never have (checklist R6).</summary>
    public static TheoryData<string> WrongTypes
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var (_, json) in BadJson.Mutations(JsonNode.Parse(ValidUpdate)!))
            {
                data.Add(json);
            }

            return data;
        }
    }

    [Fact]
    public async Task R2_a_patient_updates_their_details_at_once_and_the_change_is_audited_with_the_patient_as_actor()
    {
        var (patient, client) = await SignedInPatientAsync();
        var information = await client.GetJsonAsync<JsonElement>(InformationUrl(patient));
        information.GetProperty("preferredLanguage").GetString().ShouldBe("fr");

        using var saved = await client.SendRawJsonAsync(HttpMethod.Put, InformationUrl(patient), Update(information.GetProperty("version").GetInt32()));

        await saved.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var answer = await saved.ReadJsonAsync();
        answer.GetProperty("preferredName").GetString().ShouldBe("Cami");
        answer.GetProperty("address").GetProperty("postalCode").GetString().ShouldBe("K1N 5Y1");
        answer.GetProperty("version").GetInt32().ShouldBe(information.GetProperty("version").GetInt32() + 1);
        var reread = await client.GetJsonAsync<JsonElement>(InformationUrl(patient));
        reread.GetProperty("address").GetProperty("line1").GetString().ShouldBe("200 Rideau St");
        reread.GetProperty("preferredLanguage").GetString().ShouldBe("en");
        reread.GetProperty("preferredContactMethod").GetString().ShouldBe("email");
        reread.GetProperty("legalFamilyName").GetString().ShouldBe("Tremblay");
        reread.GetProperty("emails")[0].GetString().ShouldBe(patient.Email);
        (await client.GetJsonAsync<JsonElement>(MeUrl(patient.Clinic))).GetProperty("language").GetString().ShouldBe("en");

        var audit = await App.QuerySingleAsync<(string ActorKind, Guid ActorId, string Changes)>(
            """
            select actor_kind, actor_id, details->>'changes' from platform.audit_log
            where clinic_id = @clinic and target_id = @id and action = 'registration.patient.changed_by_patient'
            """,
            new { clinic = patient.Clinic.Id, id = patient.Id.ToString() });
        audit.ActorKind.ShouldBe("patient");
        audit.ActorId.ShouldBe(patient.Id);
        JsonSerializer.Deserialize<string[]>(audit.Changes).ShouldBe(["preferredName", "gender", "address", "preferredContactMethod", "preferredLanguage"]);
    }

    [Fact]
    public async Task R2_staff_see_the_change_in_the_charts_history_as_changed_by_the_patient()
    {
        var (patient, client) = await SignedInPatientAsync();
        var version = (await client.GetJsonAsync<JsonElement>(InformationUrl(patient))).GetProperty("version").GetInt32();
        using (var saved = await client.SendRawJsonAsync(HttpMethod.Put, InformationUrl(patient), Update(version)))
        {
            await saved.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        using var staff = await App.SignedInAsync(patient.Clinic, patient.Clinic.Staff);
        var history = (await staff.GetJsonAsync<JsonElement>(RegistrationApi.HistoryUrl(patient.Clinic, patient.Id))).GetProperty("items");

        var entry = history.EnumerateArray().Single(e => e.GetProperty("action").GetString() == "registration.patient.changed_by_patient");
        entry.GetProperty("actorKind").GetString().ShouldBe("patient");
        entry.GetProperty("actor").ValueKind.ShouldBe(JsonValueKind.Null);
        entry.GetProperty("changes").EnumerateArray().Select(c => c.GetString()).ShouldContain("address");
        entry.GetProperty("changes").EnumerateArray().Select(c => c.GetString()).ShouldContain("preferredLanguage");
        history[0].GetProperty("action").GetString().ShouldNotBe("registration.patient.updated");
    }

    [Theory]
    [MemberData(nameof(ReadOnlyFields))]
    public async Task A3_a_patient_cannot_change_what_only_the_clinic_changes_and_a_refused_update_changes_nothing(string field, string value)
    {
        var (patient, client) = await SignedInPatientAsync();
        var other = await App.AddPatientAsync(patient.Clinic);
        var chartBefore = await ChartRowAsync(patient.Id);
        var otherBefore = await ChartRowAsync(other.Id);
        var body = JsonNode.Parse(Update(1))!.AsObject();
        body[field] = JsonNode.Parse(value.Replace("OTHER", other.Id.ToString(), StringComparison.Ordinal));

        using var refused = await client.SendRawJsonAsync(HttpMethod.Put, InformationUrl(patient), body.ToJsonString());

        var problem = await refused.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        problem.FieldCodes.ShouldNotBeNull().ShouldContainKey(field);
        problem.FieldCodes[field].ShouldBe(["read_only"]);
        (await ChartRowAsync(patient.Id)).ShouldBe(chartBefore);
        (await ChartRowAsync(other.Id)).ShouldBe(otherBefore);
        (await App.QuerySingleAsync<long>(
            "select count(*) from platform.audit_log where action = 'registration.patient.changed_by_patient' and target_id in (@a, @b)",
            new { a = patient.Id.ToString(), b = other.Id.ToString() })).ShouldBe(0);
    }

    [Fact]
    public async Task A3_an_update_only_ever_changes_the_signed_in_patients_own_chart()
    {
        var (patient, client) = await SignedInPatientAsync();
        var other = await App.AddPatientAsync(patient.Clinic);
        var otherBefore = await ChartRowAsync(other.Id);

        using (var saved = await client.SendRawJsonAsync(HttpMethod.Put, InformationUrl(patient), Update(1)))
        {
            await saved.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        using (var unknown = await client.SendRawJsonAsync(HttpMethod.Put, InformationUrl(patient), Update(2).Replace("{", $"{{\"id\": \"{other.Id}\", ", StringComparison.Ordinal)))
        {
            (await unknown.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation_failed")).FieldCodes!["id"].ShouldBe(["read_only"]);
        }

        (await ChartRowAsync(other.Id)).ShouldBe(otherBefore);
        (await ChartRowAsync(patient.Id)).ShouldContain("200 Rideau St");
        using var staff = await App.SignedInAsync(patient.Clinic, patient.Clinic.Staff);
        using var staffRefused = await staff.SendRawJsonAsync(HttpMethod.Put, InformationUrl(patient), Update(2));
        await staffRefused.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "not_signed_in");
        using var anonymous = await App.AnonymousClientAsync();
        using var anonymousRefused = await anonymous.SendRawJsonAsync(HttpMethod.Put, InformationUrl(patient), Update(2));
        await anonymousRefused.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "not_signed_in");
        (await ChartRowAsync(other.Id)).ShouldBe(otherBefore);
    }

    [Fact]
    public async Task R2_an_update_against_an_older_version_than_the_charts_is_409_and_changes_nothing()
    {
        var (patient, client) = await SignedInPatientAsync();
        var version = (await client.GetJsonAsync<JsonElement>(InformationUrl(patient))).GetProperty("version").GetInt32();
        using (var staff = await App.SignedInAsync(patient.Clinic, patient.Clinic.Staff))
        {
            var chart = await staff.GetJsonAsync<JsonElement>(RegistrationApi.PatientUrl(patient.Clinic, patient.Id));
            var edit = RegistrationApi.EditBody(chart);
            edit["preferredName"] = "Set by the clinic";
            using var edited = await staff.SendJsonAsync(HttpMethod.Put, RegistrationApi.PatientUrl(patient.Clinic, patient.Id), edit);
            await edited.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        var before = await ChartRowAsync(patient.Id);

        using var stale = await client.SendRawJsonAsync(HttpMethod.Put, InformationUrl(patient), Update(version));

        await stale.ShouldBeProblemAsync(HttpStatusCode.Conflict, "patient_changed");
        (await ChartRowAsync(patient.Id)).ShouldBe(before);
        (await client.GetJsonAsync<JsonElement>(InformationUrl(patient))).GetProperty("preferredName").GetString().ShouldBe("Set by the clinic");
    }

    [Theory]
    [InlineData("address.postalCode", "invalid_postal_code", "\"address\": {\"line1\": \"1 Main\", \"line2\": null, \"city\": \"Ottawa\", \"province\": \"ON\", \"postalCode\": \"90210\", \"country\": \"CA\"}, \"preferredContactMethod\": \"sms\"")]
    [InlineData("address.province", "unknown_province", "\"address\": {\"line1\": \"1 Main\", \"line2\": null, \"city\": \"Ottawa\", \"province\": \"QQ\", \"postalCode\": \"K1A 0B1\", \"country\": \"CA\"}, \"preferredContactMethod\": \"sms\"")]
    [InlineData("preferredContactMethod", "email_required_for_method", "\"address\": null, \"preferredContactMethod\": \"email\"")]
    public async Task R2_the_address_and_contact_method_follow_the_same_rules_as_staff_entry(string field, string code, string fields)
    {
        var (patient, client) = await SignedInPatientAsync(preferredContactMethod: "sms", withEmail: field != "preferredContactMethod");
        var before = await ChartRowAsync(patient.Id);
        var body = $"{{\"version\": 1, \"preferredLanguage\": \"en\", {fields}}}";

        using var refused = await client.SendRawJsonAsync(HttpMethod.Put, InformationUrl(patient), body);

        var problem = await refused.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        problem.FieldCodes!.ShouldContainKey(field);
        problem.FieldCodes![field].ShouldContain(code);
        (await ChartRowAsync(patient.Id)).ShouldBe(before);
    }

    [Theory]
    [MemberData(nameof(BadBodies))]
    [MemberData(nameof(WrongTypes))]
    public async Task R6_bad_update_requests_get_a_4xx_problem_and_change_nothing(string body)
    {
        var (patient, client) = await SharedPatientAsync();
        var before = await ChartRowAsync(patient.Id);
        var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json; charset=utf-8");

        using var response = await client.SendAsync(HttpMethod.Put, InformationUrl(patient), content);

        ((int)response.StatusCode).ShouldBeInRange(400, 499, $"answered {(int)response.StatusCode}");
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        (await ChartRowAsync(patient.Id)).ShouldBe(before);
        App.Logs.Errors.ShouldBeEmpty();
    }

    [Fact]
    public async Task R7_updates_are_limited_per_patient_account_across_two_hosts_not_per_address_and_a_refused_update_changes_nothing()
    {
        var (patient, client) = await SignedInPatientAsync();
        var (neighbour, neighbourClient) = await SignedInPatientAsync();
        await using var first = await App.StartSecondHostAsync(configure: options => options.Settings["Portal:RateLimits:AccountChangesPerMinute"] = "2");
        await using var second = await App.StartSecondHostAsync(configure: options => options.Settings["Portal:RateLimits:AccountChangesPerMinute"] = "2");
        using var atFirst = client.CopyTo(first.BaseAddress);
        using var atSecond = client.CopyTo(second.BaseAddress);
        using var neighbourAtFirst = neighbourClient.CopyTo(first.BaseAddress);
        var version = (await client.GetJsonAsync<JsonElement>(InformationUrl(patient))).GetProperty("version").GetInt32();

        foreach (var at in new[] { atFirst, atSecond })
        {
            using var saved = await at.SendRawJsonAsync(HttpMethod.Put, InformationUrl(patient), Update(version));
            await saved.ShouldHaveStatusAsync(HttpStatusCode.OK);
            version = (await saved.ReadJsonAsync()).GetProperty("version").GetInt32();
        }

        var before = await ChartRowAsync(patient.Id);
        using var refused = await atFirst.SendRawJsonAsync(HttpMethod.Put, InformationUrl(patient), Update(version));

        await refused.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        refused.Headers.RetryAfter.ShouldNotBeNull().Delta.ShouldNotBeNull().ShouldBeInRange(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
        (await ChartRowAsync(patient.Id)).ShouldBe(before);
        // Another patient on the same address (a family, a clinic's kiosk) is counted on their own.
        var theirVersion = (await neighbourClient.GetJsonAsync<JsonElement>(InformationUrl(neighbour))).GetProperty("version").GetInt32();
        using (var theirs = await neighbourAtFirst.SendRawJsonAsync(HttpMethod.Put, InformationUrl(neighbour), Update(theirVersion)))
        {
            await theirs.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        App.Clock.Advance(TimeSpan.FromSeconds(61));
        using var later = await atSecond.SendRawJsonAsync(HttpMethod.Put, InformationUrl(patient), Update(version));
        await later.ShouldHaveStatusAsync(HttpStatusCode.OK);
    }

    private static string InformationUrl(TestPatient patient) => $"/api/clinics/{patient.Clinic.Slug}/portal/me/information";

    private static string Update(int version) => ValidUpdate.Replace("\"version\": 1", $"\"version\": {version}", StringComparison.Ordinal);

    /// <summary>One signed-in patient for every bad request of the class, which none of them may change.</summary>
    private async Task<(TestPatient Patient, PortalClient Client)> SharedPatientAsync()
    {
        await SharedGate.WaitAsync();
        try
        {
            if (_shared is not { } shared || shared.App != App)
            {
                var (patient, client) = await SignedInPatientAsync();
                shared = (App, patient, client);
                _shared = shared;
            }

            return (shared.Patient, shared.Client);
        }
        finally
        {
            SharedGate.Release();
        }
    }

    private async Task<(TestPatient Patient, PortalClient Client)> SignedInPatientAsync(string preferredContactMethod = "both", bool withEmail = true)
    {
        var clinic = await App.OpenClinicAsync();
        var patient = await App.AddPatientAsync(clinic, preferredContactMethod: preferredContactMethod);
        var client = await App.AnonymousClientAsync();
        await client.SignInAsync(fixture.Smtp, patient);
        if (!withEmail)
        {
            await App.ExecuteAsync("delete from registration.patient_contacts where patient_id = @Id and kind = 'email'", new { patient.Id });
        }

        return (patient, client);
    }

    /// <summary>Everything stored about a patient, as one text, to compare before and after.</summary>
    private Task<string> ChartRowAsync(Guid id) =>
        App.QuerySingleAsync<string>(
            """
            select row_to_json(p)::text || coalesce((select json_agg(c order by c.kind, c.position)::text from registration.patient_contacts c where c.patient_id = p.id), '')
                   || coalesce((select json_agg(i order by i.position)::text from registration.patient_identifiers i where i.patient_id = p.id), '')
            from registration.patients p where p.id = @id
            """,
            new { id });
}
