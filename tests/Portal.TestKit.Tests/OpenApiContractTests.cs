using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Portal.TestKit.Contract;

namespace Portal.TestKit.Tests;

public sealed class OpenApiContractTests
{
    private static readonly OpenApiContract Contract = new(JsonNode.Parse(
        """
        {
          "openapi": "3.1.1",
          "paths": {
            "/api/clinics/{clinic}/patients/{id}": {
              "get": {
                "operationId": "GetPatient",
                "responses": {
                  "200": { "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Patient" } } } },
                  "404": { "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/ProblemDetails" } } } }
                }
              }
            },
            "/api/clinics/{clinic}/patients/{id}/photo": {
              "get": { "operationId": "GetPhoto", "responses": { "200": { "content": { "image/png": {} } } } }
            }
          },
          "components": {
            "schemas": {
              "Patient": {
                "type": "object",
                "required": ["id", "preferredName"],
                "properties": { "id": { "type": "string" }, "preferredName": { "type": "string" }, "card": { "$ref": "#/components/schemas/Card" } }
              },
              "Card": { "type": "object", "required": ["number"], "properties": { "number": { "type": "string", "maxLength": 4 } } },
              "ProblemDetails": { "type": "object", "required": ["status"], "properties": { "status": { "type": "integer" } } }
            }
          }
        }
        """)!.AsObject());

    [Fact]
    public async Task A_body_that_matches_its_schema_passes()
    {
        using var response = Response(HttpMethod.Get, "/api/clinics/demo/patients/7", HttpStatusCode.OK, """{"id":"7","preferredName":"Al","card":{"number":"1234"}}""");

        await Contract.CheckAsync(response);
    }

    [Fact]
    public async Task A_null_where_the_schema_says_string_fails_naming_the_operation_status_and_pointer()
    {
        using var response = Response(HttpMethod.Get, "/api/clinics/demo/patients/7", HttpStatusCode.OK, """{"id":"7","preferredName":null}""");

        var failure = await Should.ThrowAsync<ContractViolationException>(() => Contract.CheckAsync(response));

        failure.Message.ShouldContain("GET /api/clinics/{clinic}/patients/{id} (GetPatient) answered 200");
        failure.Message.ShouldContain("/preferredName");
    }

    [Fact]
    public async Task A_rule_of_a_referenced_component_is_checked_too()
    {
        using var response = Response(HttpMethod.Get, "/api/clinics/demo/patients/7", HttpStatusCode.OK, """{"id":"7","preferredName":"Al","card":{"number":"12345"}}""");

        var failure = await Should.ThrowAsync<ContractViolationException>(() => Contract.CheckAsync(response));

        failure.Message.ShouldContain("/card/number");
    }

    [Fact]
    public async Task A_status_the_operation_does_not_list_fails()
    {
        using var response = Response(HttpMethod.Get, "/api/clinics/demo/patients/7", HttpStatusCode.Conflict, """{"status":409}""", "application/problem+json");

        var failure = await Should.ThrowAsync<ContractViolationException>(() => Contract.CheckAsync(response));

        failure.Message.ShouldContain("answered 409, which its OpenAPI operation does not document");
    }

    [Fact]
    public async Task A_content_type_the_status_does_not_list_fails()
    {
        using var response = Response(HttpMethod.Get, "/api/clinics/demo/patients/7", HttpStatusCode.NotFound, """{"status":404}""");

        var failure = await Should.ThrowAsync<ContractViolationException>(() => Contract.CheckAsync(response));

        failure.Message.ShouldContain("lists application/problem+json");
    }

    [Fact]
    public async Task A_file_is_checked_for_its_status_only_and_an_undocumented_path_not_at_all()
    {
        using var photo = Response(HttpMethod.Get, "/api/clinics/demo/patients/7/photo", HttpStatusCode.OK, "PNG", "image/png");
        using var elsewhere = Response(HttpMethod.Get, "/health/ready", HttpStatusCode.ServiceUnavailable, "{}");
        using var wrongStatus = Response(HttpMethod.Get, "/api/clinics/demo/patients/7/photo", HttpStatusCode.NotFound, "", "image/png");

        await Contract.CheckAsync(photo);
        await Contract.CheckAsync(elsewhere);
        await Should.ThrowAsync<ContractViolationException>(() => Contract.CheckAsync(wrongStatus));
    }

    private static HttpResponseMessage Response(HttpMethod method, string path, HttpStatusCode status, string body, string mediaType = "application/json") =>
        new(status)
        {
            RequestMessage = new HttpRequestMessage(method, new Uri(new Uri("http://127.0.0.1:5000"), path)),
            Content = new StringContent(body, Encoding.UTF8, mediaType),
        };
}
