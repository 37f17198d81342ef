using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Portal.Identity.Contracts;

namespace Portal.Identity.Tests;

/// <summary>Notification links as Messaging issues them (through the contract), and the link page's calls.</summary>
internal static class PatientLinkApi
{
    /// <summary>The date of birth of every test patient (<see cref="RegistrationApi.NewPatient"/>).</summary>
    public const string BirthDate = "1984-03-09";

    public static string StateUrl(TestClinic clinic) => $"/api/clinics/{clinic.Slug}/portal/links/state";

    public static string LinkVerifyUrl(TestClinic clinic) => $"/api/clinics/{clinic.Slug}/portal/links/verify";

    public static string ResendUrl(TestClinic clinic) => $"/api/clinics/{clinic.Slug}/portal/links/resend";

    public static Task<IssuedPatientLink> IssueLinkAsync(this PortalApp app, TestPatient patient, string target = "messages/0192f6c1-2b4e-7a10-8000-000000000001") =>
        app.InScopeAsync(services => services.GetRequiredService<IPatientLinks>().IssueAsync(patient.Clinic.Id, patient.Id, target, CancellationToken.None));

    public static Task<HttpResponseMessage> LinkStateAsync(this PortalClient client, TestClinic clinic, string token) =>
        client.PostJsonAsync(StateUrl(clinic), new { token });

    public static Task<HttpResponseMessage> VerifyLinkAsync(
        this PortalClient client, TestClinic clinic, string token, string passcode, string dateOfBirth = BirthDate, bool stayLoggedIn = false) =>
        client.PostJsonAsync(LinkVerifyUrl(clinic), new { token, passcode, idType = (string?)null, idNumber = (string?)null, dateOfBirth, stayLoggedIn });

    public static Task<HttpResponseMessage> VerifyLinkWithIdAsync(
        this PortalClient client, TestClinic clinic, string token, string idType, string idNumber, string dateOfBirth = BirthDate) =>
        client.PostJsonAsync(LinkVerifyUrl(clinic), new { token, passcode = (string?)null, idType, idNumber, dateOfBirth, stayLoggedIn = false });

    public static Task<HttpResponseMessage> ResendLinkPasscodeAsync(this PortalClient client, TestClinic clinic, string token) =>
        client.PostJsonAsync(ResendUrl(clinic), new { token });

    public static async Task<string> StateOfAsync(this PortalClient client, TestClinic clinic, string token)
    {
        using var response = await client.LinkStateAsync(clinic, token);
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        return (await response.ReadJsonAsync()).GetProperty("state").GetString()!;
    }

    public static async Task UseIdentifierSignInAsync(this PortalApp app, TestClinic clinic)
    {
        using var owner = await app.SignedInAsync(clinic, clinic.Owner);
        await owner.SetPortalSettingAsync(clinic, "notificationSignIn", "identifier_and_birth_date");
    }

    public static string Other(string passcode) => passcode == "000000" ? "000001" : "000000";

    public static async Task<JsonElement> ShouldSignInAsync(this HttpResponseMessage response)
    {
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        return await response.ReadJsonAsync();
    }
}
