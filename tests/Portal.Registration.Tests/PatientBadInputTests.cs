using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using static Portal.TestKit.RegistrationApi;

namespace Portal.Registration.Tests;

/// <summary>R6 on every registry endpoint: bad input gets a 4xx problem and changes nothing.</summary>
public sealed class PatientBadInputTests(PortalAppFixture fixture) : IClassFixture<PortalAppFixture>
{
    private PortalApp App => fixture.App;

    public static TheoryData<string, string> BadBodies => new()
    {
        { "not JSON", "{\"legalGivenName\": " },
        { "an array", "[]" },
        { "a number for a name", NewPatient().ToJsonString().Replace("\"Camille\"", "42", StringComparison.Ordinal) },
        { "an impossible date", NewPatient().ToJsonString().Replace("1984-03-09", "1984-02-30", StringComparison.Ordinal) },
        { "a string for the emails", NewPatient().ToJsonString().Replace("\"emails\":[", "\"emails\":\"x\",\"ignored\":[", StringComparison.Ordinal) },
        { "a lone surrogate", NewPatient().ToJsonString().Replace("Tremblay", "Trem\\ud800blay", StringComparison.Ordinal) },
        { "a control character", NewPatient().ToJsonString().Replace("Tremblay", "Trem\\u0007blay", StringComparison.Ordinal) },
        { "null identifiers", NewPatient().ToJsonString().Replace("\"identifiers\":[", "\"identifiers\":null,\"ignored\":[", StringComparison.Ordinal) },
        { "an identifier without a type", NewPatient().ToJsonString().Replace("\"type\":\"ON\",", string.Empty, StringComparison.Ordinal) },
        { "a null address line", NewPatient().ToJsonString().Replace("\"100 Queen St\"", "null", StringComparison.Ordinal) },
        { "no date of birth", NewPatient().ToJsonString().Replace("\"dateOfBirth\":\"1984-03-09\",", string.Empty, StringComparison.Ordinal) },
        { "a 200-character name", NewPatient().ToJsonString().Replace("Tremblay", new string('x', 200), StringComparison.Ordinal) },
        { "six identifiers", WithIdentifiers(6) },
        { "an unknown clinic id type", NewPatient().ToJsonString().Replace("\"type\":\"ON\",\"number\":", "\"type\":\"XYZ\",\"number\":", StringComparison.Ordinal) },
        { "a US address with a Canadian postal code", NewPatient().ToJsonString().Replace("\"CA\"", "\"US\"", StringComparison.Ordinal) },
        { "a null identifier", NewPatient().ToJsonString().Replace("\"identifiers\":[", "\"identifiers\":[null,", StringComparison.Ordinal) },
    };

    /// <summary>Every value of a good new patient, at every depth, of the wrong type, and every array element null.</summary>
    public static TheoryData<string, string> WrongTypes => BadJson.Variants(NewPatient());

    [Theory]
    [MemberData(nameof(BadBodies))]
    [MemberData(nameof(WrongTypes))]
    public async Task R6_a_bad_new_patient_gets_a_400_problem_and_adds_no_one(string what, string json)
    {
        var clinic = await App.CreateClinicAsync();
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);

        using var response = await staff.SendRawJsonAsync(HttpMethod.Post, PatientsUrl(clinic), json);

        (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Code.ShouldNotBeNullOrEmpty(what);
        (await App.QuerySingleAsync<long>("select count(*) from registration.patients where clinic_id = @id", new { id = clinic.Id })).ShouldBe(0, what);
        App.Logs.Errors.ShouldBeEmpty(what);
    }

    [Theory]
    [MemberData(nameof(BadBodies))]
    [MemberData(nameof(WrongTypes))]
    public async Task R6_a_bad_edit_gets_a_400_problem_and_changes_nothing(string what, string json)
    {
        var clinic = await App.CreateClinicAsync();
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        var chart = await staff.CreatePatientAsync(clinic);
        var id = chart.GetProperty("id").GetGuid();
        // Where the body is an object, it is sent as an edit would be, with the chart's version.
        var edit = json.StartsWith("{\"chartNumber\"", StringComparison.Ordinal) ? "{\"version\":1," + json[1..] : json;

        using var response = await staff.SendRawJsonAsync(HttpMethod.Put, PatientUrl(clinic, id), edit);

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        (await App.QuerySingleAsync<int>("select version from registration.patients where id = @id", new { id })).ShouldBe(1, what);
        App.Logs.Errors.ShouldBeEmpty(what);
    }

    [Theory]
    [InlineData("?limit=0")]
    [InlineData("?limit=101")]
    [InlineData("?limit=abc")]
    [InlineData("?offset=-1")]
    [InlineData("?offset=10001")]
    [InlineData("?status=deleted")]
    [InlineData("?dateOfBirth=yesterday")]
    [InlineData("?dateOfBirth=2024-02-30")]
    [InlineData("?q=%00%01")]
    public async Task R6_bad_search_parameters_get_a_400_problem(string query)
    {
        var clinic = await App.CreateClinicAsync();
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);

        using var response = await staff.GetAsync(PatientsUrl(clinic) + query);

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        App.Logs.Errors.ShouldBeEmpty(query);
    }

    [Fact]
    public async Task R6_a_search_longer_than_100_characters_is_refused_and_odd_text_finds_nothing_without_error()
    {
        var clinic = await App.CreateClinicAsync();
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        await staff.CreatePatientAsync(clinic);

        using (var response = await staff.GetAsync(PatientsUrl(clinic) + "?q=" + new string('a', 101)))
        {
            await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        }

        foreach (var odd in new[] { "' or 1=1 --", "a & b | !c", "tremblay:* & x", "(", "***", "ééé", "\u202Etremblay", "🙂", "@", "--", "1" })
        {
            var list = await staff.SearchAsync(clinic, "?q=" + Uri.EscapeDataString(odd));
            list.GetProperty("items").ValueKind.ShouldBe(JsonValueKind.Array, odd);
        }

        App.Logs.Errors.ShouldBeEmpty();
    }

    [Fact]
    public async Task R6_unknown_or_malformed_patient_ids_get_404_on_every_patient_endpoint()
    {
        var clinic = await App.CreateClinicAsync();
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        var unknown = Guid.NewGuid();
        var edit = NewPatient();
        edit["version"] = 1;

        foreach (var (method, path, body) in new (HttpMethod, string, JsonNode?)[]
                 {
                     (HttpMethod.Get, PatientUrl(clinic, unknown), null),
                     (HttpMethod.Put, PatientUrl(clinic, unknown), edit),
                     (HttpMethod.Put, PortalAccessUrl(clinic, unknown), new JsonObject { ["enabled"] = true }),
                     (HttpMethod.Get, HistoryUrl(clinic, unknown), null),
                 })
        {
            using var response = await staff.SendRawJsonAsync(method, path, body?.ToJsonString() ?? "{}");
            await response.ShouldBeProblemAsync(HttpStatusCode.NotFound, "patient_not_found");
        }

        foreach (var path in new[] { "/not-a-guid", "/1", "/00000000-0000-0000-0000-00000000000g", "/%20" })
        {
            using var response = await staff.GetAsync(PatientsUrl(clinic) + path);
            await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        }

        App.Logs.Errors.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"enabled\": \"yes\"}")]
    [InlineData("{\"enabled\": null}")]
    [InlineData("true")]
    public async Task R6_a_bad_portal_access_body_gets_a_400_problem_and_access_stays_as_it_was(string json)
    {
        var clinic = await App.CreateClinicAsync();
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        var id = (await staff.CreatePatientAsync(clinic, PatientChartTests.WithAccess(NewPatient(), false))).GetProperty("id").GetGuid();

        using var response = await staff.SendRawJsonAsync(HttpMethod.Put, PortalAccessUrl(clinic, id), json);

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        (await App.QuerySingleAsync<bool>("select portal_access from registration.patients where id = @id", new { id })).ShouldBeFalse();
    }

    [Theory]
    [InlineData("?limit=0")]
    [InlineData("?limit=201")]
    [InlineData("?limit=x")]
    public async Task R6_a_bad_history_limit_gets_a_400_problem(string query)
    {
        var clinic = await App.CreateClinicAsync();
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        var id = (await staff.CreatePatientAsync(clinic)).GetProperty("id").GetGuid();

        using var response = await staff.GetAsync(HistoryUrl(clinic, id) + query);

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task R6_a_body_over_the_size_limit_is_refused_with_413()
    {
        var clinic = await App.CreateClinicAsync();
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        var body = NewPatient();
        body["gender"] = new string('x', 2 * 1024 * 1024);

        using var response = await staff.SendJsonAsync(HttpMethod.Post, PatientsUrl(clinic), body);

        await response.ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge);
    }

    private static string WithIdentifiers(int count)
    {
        var body = NewPatient();
        body["identifiers"] = new JsonArray(Enumerable.Range(0, count)
            .Select(i => (JsonNode)new JsonObject { ["type"] = $"T{i}", ["number"] = "1", ["versionCode"] = null }).ToArray());
        return body.ToJsonString();
    }
}
