using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Portal.TestKit;

/// <summary>Health card numbers for tests: unique within a run, with a correct check digit.</summary>
public static class TestCards
{
    private static int _next = Random.Shared.Next(100_000, 900_000);

    /// <summary>A fresh Ontario health number (10 digits, the last a Luhn check digit over the other nine).</summary>
    public static string Ontario()
    {
        var body = $"9{Interlocked.Increment(ref _next) % 100_000_000:D8}";
        return body + LuhnCheckDigit(body);
    }

    /// <summary>The same number with its check digit changed: right shape, wrong digit.</summary>
    public static string WithWrongCheckDigit(string number) =>
        number[..^1] + (char)('0' + ((number[^1] - '0' + 1) % 10));

    private static int LuhnCheckDigit(string digits)
    {
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var d = digits[digits.Length - 1 - i] - '0';
            if (i % 2 == 0)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
        }

        return (10 - (sum % 10)) % 10;
    }
}

public static class RegistrationApi
{
    public static string PatientsUrl(TestClinic clinic) => $"/api/clinics/{clinic.Slug}/patients";

    public static string PatientUrl(TestClinic clinic, Guid id) => $"{PatientsUrl(clinic)}/{id}";

    public static string PortalAccessUrl(TestClinic clinic, Guid id) => $"{PatientUrl(clinic, id)}/portal-access";

    public static string HistoryUrl(TestClinic clinic, Guid id) => $"{PatientUrl(clinic, id)}/history";

    public static string IdTypesUrl(TestClinic clinic) => $"/api/clinics/{clinic.Slug}/registration/id-types";

    /// <summary>What the New patient form sends for a valid patient with an Ontario card; change any field before sending.</summary>
    public static JsonObject NewPatient(string? healthNumber = null, string givenName = "Camille", string familyName = "Tremblay") => new()
    {
        ["chartNumber"] = null,
        ["legalGivenName"] = givenName,
        ["legalFamilyName"] = familyName,
        ["preferredName"] = null,
        ["dateOfBirth"] = "1984-03-09",
        ["sex"] = "female",
        ["gender"] = null,
        ["address"] = new JsonObject
        {
            ["line1"] = "100 Queen St",
            ["line2"] = null,
            ["city"] = "Ottawa",
            ["province"] = "ON",
            ["postalCode"] = "k1a0b1",
            ["country"] = "CA",
        },
        ["emails"] = new JsonArray($"{givenName.ToLowerInvariant()}.{Guid.NewGuid():N}@example.com"),
        ["mobiles"] = new JsonArray("613-555-0123"),
        ["preferredContactMethod"] = "both",
        ["preferredLanguage"] = "fr",
        ["identifiers"] = new JsonArray(new JsonObject
        {
            ["type"] = "ON",
            ["number"] = healthNumber ?? TestCards.Ontario(),
            ["versionCode"] = "ab",
        }),
        ["active"] = true,
    };

    /// <summary>The edit form's body for a chart: every field as loaded, with its version.</summary>
    public static JsonObject EditBody(JsonElement chart)
    {
        var body = JsonNode.Parse(chart.GetRawText())!.AsObject();
        foreach (var name in new[] { "id", "createdAt", "updatedAt", "portal" })
        {
            body.Remove(name);
        }

        return body;
    }

    public static async Task<JsonElement> CreatePatientAsync(this PortalClient client, TestClinic clinic, JsonObject? body = null)
    {
        using var response = await client.SendRawJsonAsync(HttpMethod.Post, PatientsUrl(clinic), (body ?? NewPatient()).ToJsonString());
        await response.ShouldHaveStatusAsync(HttpStatusCode.Created);
        return await response.ReadJsonAsync();
    }

    /// <summary>Adds one of the clinic's own ID types, as a manager would on the ID types page.</summary>
    public static async Task AddIdTypeAsync(this PortalClient manager, TestClinic clinic, string code, bool searchable, string? nameEn = null, string? nameFr = null)
    {
        using var created = await manager.SendJsonAsync(HttpMethod.Post, IdTypesUrl(clinic), new JsonObject
        {
            ["code"] = code,
            ["nameEn"] = nameEn ?? "Hospital record number",
            ["nameFr"] = nameFr ?? "Numéro de dossier hospitalier",
            ["searchable"] = searchable,
        });
        await created.ShouldHaveStatusAsync(HttpStatusCode.Created);
    }

    public static Task<HttpResponseMessage> SendJsonAsync(this PortalClient client, HttpMethod method, string path, JsonNode body) =>
        client.SendRawJsonAsync(method, path, body.ToJsonString());

    public static async Task<JsonElement> SearchAsync(this PortalClient client, TestClinic clinic, string query)
    {
        using var response = await client.GetAsync(PatientsUrl(clinic) + query);
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        return await response.ReadJsonAsync();
    }

    public static IReadOnlyList<Guid> Ids(this JsonElement list) =>
        list.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("id").GetGuid()).ToList();

    /// <summary>Turns a clinic portal setting on or off through Settings > Patient Portal, as its owner would.</summary>
    public static async Task SetPortalSettingAsync(this PortalClient owner, TestClinic clinic, string setting, JsonNode value)
    {
        var path = $"/api/clinics/{clinic.Slug}/settings/portal";
        var view = JsonNode.Parse((await owner.GetJsonAsync<JsonElement>(path)).GetRawText())!.AsObject();
        var body = new JsonObject();
        foreach (var name in new[]
                 {
                     "portalEnabled", "newPatientsGetAccess", "selfRegistrationEnabled", "patientRepliesEnabled", "billingEnabled",
                     "extraSearchableIdsEnabled", "passcodeTimeoutMinutes", "hiddenAppointmentStatuses", "notificationSignIn", "version",
                 })
        {
            body[name] = view[name]?.DeepClone();
        }

        body["backgroundImageId"] = view["backgroundImage"] is JsonObject image ? image["id"]!.DeepClone() : null;
        body[setting] = value;
        using var response = await owner.SendJsonAsync(HttpMethod.Put, path, body);
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
    }
}
