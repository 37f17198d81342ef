using System.Text.Json;

namespace Portal.Shared.Tests;

/// <summary>What the live OpenAPI document states beyond the shapes: nullability, validators' rules and every error answer.</summary>
public sealed class OpenApiTruthTests(PortalAppFixture fixture) : IClassFixture<PortalAppFixture>
{
    [Fact]
    public async Task Every_error_response_is_problem_details_with_the_one_shared_schema()
    {
        var document = await DocumentAsync();

        var errors = document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject())
            .SelectMany(operation => operation.Value.GetProperty("responses").EnumerateObject())
            .Where(response => response.Name[0] is '4' or '5')
            .ToList();

        errors.ShouldNotBeEmpty();
        errors.ShouldAllBe(response => response.Value.GetProperty("content").EnumerateObject().Single().Name == "application/problem+json");
        errors.Select(response => response.Value.GetProperty("content").GetProperty("application/problem+json").GetProperty("schema").GetProperty("$ref").GetString())
            .Distinct().ShouldBe(["#/components/schemas/ProblemDetails"]);
        var problem = document.GetProperty("components").GetProperty("schemas").GetProperty("ProblemDetails").GetProperty("properties");
        problem.GetProperty("code").GetProperty("type").GetString().ShouldBe("string");
        problem.GetProperty("errors").GetProperty("additionalProperties").GetProperty("items").GetProperty("type").GetString().ShouldBe("string");
        problem.GetProperty("fieldCodes").GetProperty("additionalProperties").GetProperty("type").GetString().ShouldBe("array");
    }

    [Fact]
    public async Task Rate_limited_operations_declare_429_with_Retry_After_and_bodies_declare_413_and_415()
    {
        var document = await DocumentAsync();

        var signIn = document.GetProperty("paths").GetProperty("/api/clinics/{clinic}/staff/sign-in").GetProperty("post").GetProperty("responses");
        signIn.GetProperty("429").GetProperty("headers").TryGetProperty("Retry-After", out _).ShouldBeTrue();
        signIn.TryGetProperty("413", out _).ShouldBeTrue();
        signIn.TryGetProperty("415", out _).ShouldBeTrue();
        var search = document.GetProperty("paths").GetProperty("/api/clinics/{clinic}/patients").GetProperty("get").GetProperty("responses");
        search.TryGetProperty("429", out _).ShouldBeFalse();
        search.TryGetProperty("415", out _).ShouldBeFalse();
    }

    [Fact]
    public async Task Nullable_strings_are_declared_nullable_and_required_ones_are_not()
    {
        var schemas = (await DocumentAsync()).GetProperty("components").GetProperty("schemas");

        Types(schemas, "PatientListItem", "preferredName").ShouldBe(["null", "string"], ignoreOrder: true);
        Types(schemas, "IdentifierFields", "versionCode").ShouldBe(["null", "string"], ignoreOrder: true);
        Types(schemas, "PatientListItem", "legalGivenName").ShouldBe(["string"]);
    }

    [Fact]
    public async Task Validators_rules_appear_on_query_parameters_and_request_bodies()
    {
        var document = await DocumentAsync();

        var parameters = document.GetProperty("paths").GetProperty("/api/clinics/{clinic}/patients").GetProperty("get").GetProperty("parameters")
            .EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!, p => p.GetProperty("schema"));
        parameters["limit"].GetProperty("minimum").GetInt32().ShouldBe(1);
        parameters["limit"].GetProperty("maximum").GetInt32().ShouldBe(100);
        parameters["status"].GetProperty("enum").EnumerateArray().Select(v => v.GetString()).ShouldBe(["active", "inactive", "all"]);

        var schemas = document.GetProperty("components").GetProperty("schemas");
        var passcode = schemas.GetProperty("VerifyPasscodeBody").GetProperty("properties").GetProperty("passcode");
        passcode.GetProperty("minLength").GetInt32().ShouldBe(6);
        passcode.GetProperty("maxLength").GetInt32().ShouldBe(6);
        var idType = schemas.GetProperty("CreateIdTypeCommand");
        idType.GetProperty("properties").GetProperty("nameEn").GetProperty("maxLength").GetInt32().ShouldBe(100);
        var settings = schemas.GetProperty("SavePortalSettingsCommand").GetProperty("properties");
        settings.GetProperty("version").GetProperty("exclusiveMinimum").GetInt32().ShouldBe(0);
        settings.GetProperty("hiddenAppointmentStatuses").GetProperty("items").GetProperty("enum").GetArrayLength().ShouldBeGreaterThan(0);
    }

    private static string[] Types(JsonElement schemas, string schema, string property)
    {
        var type = schemas.GetProperty(schema).GetProperty("properties").GetProperty(property).GetProperty("type");
        return type.ValueKind == JsonValueKind.Array ? [.. type.EnumerateArray().Select(t => t.GetString()!)] : [type.GetString()!];
    }

    private async Task<JsonElement> DocumentAsync()
    {
        using var client = fixture.App.CreateClient();
        return await client.GetJsonAsync<JsonElement>("/openapi/v1.json");
    }
}
