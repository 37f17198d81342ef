using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Shouldly;

namespace Portal.TestKit;

/// <summary>A problem details body, as every Portal error is answered.</summary>
/// <param name="FieldCodes">For each field of <paramref name="Errors"/>, the machine codes pages translate.</param>
public sealed record Problem(
    int Status, string? Code, string? Title, string? Detail, Dictionary<string, string[]>? Errors, Dictionary<string, string[]>? FieldCodes = null);

public static class ResponseAssertions
{
    public static async Task ShouldHaveStatusAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.StatusCode != expected)
        {
            var body = await response.Content.ReadAsStringAsync();
            throw new Shouldly.ShouldAssertException(
                $"Expected {(int)expected} {expected} from {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} " +
                $"but got {(int)response.StatusCode} {response.StatusCode}: {body}");
        }
    }

    /// <summary>Asserts a problem details answer with this status (and code, when given) and returns it.</summary>
    public static async Task<Problem> ShouldBeProblemAsync(this HttpResponseMessage response, HttpStatusCode status, string? code = null)
    {
        await response.ShouldHaveStatusAsync(status);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        var problem = (await response.Content.ReadFromJsonAsync<Problem>(PortalClient.Json))!;
        problem.Status.ShouldBe((int)status);
        if (code is not null)
        {
            problem.Code.ShouldBe(code);
        }

        return problem;
    }

    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return await response.Content.ReadFromJsonAsync<JsonElement>(PortalClient.Json);
    }
}
