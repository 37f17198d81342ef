using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Portal.Shared.Tests;

/// <summary>What the OpenAPI document promises, checked against what the host does.</summary>
public sealed partial class OpenApiDocumentTests(PortalAppFixture fixture) : IClassFixture<PortalAppFixture>
{
    private static readonly HashSet<string> UnsafeMethods = new(StringComparer.Ordinal) { "post", "put", "patch", "delete" };

    private PortalApp App => fixture.App;

    [Fact]
    public async Task Every_operation_declares_each_parameter_of_its_path_and_clinic_with_the_slug_pattern()
    {
        var document = await DocumentAsync();

        foreach (var (path, method, operation) in Operations(document))
        {
            var expected = PathParameter().Matches(path).Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal).ToList();
            var declared = Parameters(operation).Where(p => p.GetProperty("in").GetString() == "path").ToList();
            declared.Select(p => p.GetProperty("name").GetString()!).Order(StringComparer.Ordinal).ToList()
                .ShouldBe(expected, $"{method} {path}");
            declared.ShouldAllBe(p => p.GetProperty("required").GetBoolean(), $"{method} {path}");
            if (expected.Contains("clinic"))
            {
                var clinic = declared.Single(p => p.GetProperty("name").GetString() == "clinic").GetProperty("schema");
                clinic.GetProperty("type").GetString().ShouldBe("string");
                clinic.GetProperty("pattern").GetString().ShouldBe(Portal.Shared.Tenancy.ClinicSlug.PatternText);
            }
        }
    }

    [Fact]
    public async Task Info_names_Portal_with_a_stable_version_and_the_only_server_is_relative()
    {
        var document = await DocumentAsync();

        var info = document.GetProperty("info");
        info.GetProperty("title").GetString().ShouldBe("Portal");
        info.GetProperty("version").GetString()!.ShouldMatch(@"^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$");
        info.GetProperty("description").GetString().ShouldNotBeNullOrWhiteSpace();
        document.GetProperty("servers").EnumerateArray().Select(s => s.GetProperty("url").GetString()).ShouldBe(["/"]);
    }

    [Fact]
    public async Task Every_operation_has_a_unique_operation_id_a_summary_a_description_and_its_modules_tag()
    {
        var document = await DocumentAsync();
        var operations = Operations(document).ToList();
        var modules = document.GetProperty("tags").EnumerateArray().Select(t => t.GetProperty("name").GetString()).ToList();

        modules.ShouldBe(["Appointments", "Billing", "Identity", "Messaging", "Notifications", "Platform", "Questionnaires", "Registration", "Settings"]);
        operations.Select(o => o.Operation.GetProperty("operationId").GetString()).ShouldBeUnique();
        foreach (var (path, method, operation) in operations)
        {
            operation.GetProperty("summary").GetString().ShouldNotBeNullOrWhiteSpace($"{method} {path}");
            operation.GetProperty("description").GetString().ShouldNotBeNullOrWhiteSpace($"{method} {path}");
            operation.GetProperty("tags").EnumerateArray().Select(t => t.GetString()).ShouldHaveSingleItem().ShouldBeOneOf([.. modules]);
        }
    }

    [Fact]
    public async Task Operations_that_require_a_session_answer_401_without_one_and_public_reads_do_not()
    {
        var clinic = await App.CreateClinicAsync();
        var document = await DocumentAsync();
        using var anonymous = await App.AnonymousClientAsync();
        var checkedOperations = 0;

        foreach (var (path, method, operation) in Operations(document))
        {
            var sessions = Requirements(operation).Where(s => s.EndsWith("Session", StringComparison.Ordinal)).ToList();
            if (sessions.Count == 0 && UnsafeMethods.Contains(method))
            {
                continue;
            }

            using var response = await anonymous.SendAsync(new HttpMethod(method.ToUpperInvariant()), Concrete(path, clinic.Slug));
            if (sessions.Count > 0)
            {
                response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized, $"{method} {path} says it needs {string.Join(", ", sessions)}");
            }
            else
            {
                response.StatusCode.ShouldNotBe(HttpStatusCode.Unauthorized, $"{method} {path} says it is public");
            }

            checkedOperations++;
        }

        checkedOperations.ShouldBeGreaterThan(30);
    }

    [Fact]
    public async Task Unsafe_operations_that_declare_the_antiforgery_header_refuse_a_request_without_it_and_the_others_do_not()
    {
        var clinic = await App.CreateClinicAsync();
        var document = await DocumentAsync();
        using var client = App.CreateClient();
        client.SendsAntiforgeryToken = false;

        foreach (var (path, method, operation) in Operations(document).Where(o => UnsafeMethods.Contains(o.Method)))
        {
            using var response = await client.SendAsync(new HttpMethod(method.ToUpperInvariant()), Concrete(path, clinic.Slug));
            var refused = response.StatusCode == HttpStatusCode.BadRequest
                && (await response.Content.ReadAsStringAsync()).Contains("\"antiforgery_failed\"", StringComparison.Ordinal);
            refused.ShouldBe(Requirements(operation).Contains("antiforgery"), $"{method} {path}");
        }
    }

    [Fact]
    public async Task Staff_and_operator_session_schemes_name_the_cookies_that_signing_in_sets()
    {
        var clinic = await App.CreateClinicAsync();
        var operatorAccount = await App.CreateOperatorAsync();
        var schemes = (await DocumentAsync()).GetProperty("components").GetProperty("securitySchemes");
        using var staff = await App.SignedInAsync(clinic, clinic.Owner);
        using var operatorClient = App.CreateClient();
        await operatorClient.SignInAsOperatorAsync(operatorAccount);

        foreach (var (scheme, client) in new[] { ("staffSession", staff), ("operatorSession", operatorClient) })
        {
            var described = schemes.GetProperty(scheme);
            described.GetProperty("type").GetString().ShouldBe("apiKey");
            described.GetProperty("in").GetString().ShouldBe("cookie");
            client.Cookies.Keys.ShouldContain(described.GetProperty("name").GetString()!);
        }

        schemes.GetProperty("antiforgery").GetProperty("name").GetString().ShouldBe("X-CSRF-TOKEN");
        schemes.GetProperty("patientSession").GetProperty("name").GetString().ShouldBe("__Host-portal-patient");
    }

    private async Task<JsonElement> DocumentAsync()
    {
        using var client = App.CreateClient();
        return await client.GetJsonAsync<JsonElement>("/openapi/v1.json");
    }

    private static IEnumerable<(string Path, string Method, JsonElement Operation)> Operations(JsonElement document) =>
        document.GetProperty("paths").EnumerateObject().SelectMany(path => path.Value.EnumerateObject()
            .Where(op => op.Value.ValueKind == JsonValueKind.Object && op.Value.TryGetProperty("responses", out _))
            .Select(op => (path.Name, op.Name, op.Value)));

    private static List<JsonElement> Parameters(JsonElement operation) =>
        operation.TryGetProperty("parameters", out var parameters) ? [.. parameters.EnumerateArray()] : [];

    private static HashSet<string> Requirements(JsonElement operation) =>
        operation.GetProperty("security").EnumerateArray()
            .SelectMany(requirement => requirement.EnumerateObject().Select(scheme => scheme.Name))
            .ToHashSet(StringComparer.Ordinal);

    private static string Concrete(string path, string clinic) =>
        PathParameter().Replace(path, m => m.Groups[1].Value == "clinic" ? clinic : m.Groups[1].Value == "code" ? "X" : Guid.NewGuid().ToString());

    [GeneratedRegex(@"\{([^}]+)\}")]
    private static partial Regex PathParameter();
}
