using System.Net;
using System.Text.Json;
using static Portal.Identity.Tests.PatientPortalApi;

namespace Portal.Identity.Tests;

/// <summary>
/// The session checks the apps make on load answer 200 whether or not anyone is signed in, so that a
/// signed-out visit logs no error in the browser; the real calls still answer 401 without a session.
/// </summary>
public sealed class SessionCheckTests(MessagingAppFixture fixture) : IClassFixture<MessagingAppFixture>
{
    private PortalApp App => fixture.App;

    private static string PatientSessionUrl(TestClinic clinic) => $"/api/clinics/{clinic.Slug}/portal/session";

    private static string StaffSessionUrl(TestClinic clinic) => $"/api/clinics/{clinic.Slug}/staff/session";

    private const string OperatorSessionUrl = "/api/operator/session";

    private const string SignedOutPatient = """{"signedIn":false,"patient":null}""";

    private const string SignedOutStaff = """{"signedIn":false,"signedInElsewhere":false,"profile":null}""";

    private const string StaffElsewhere = """{"signedIn":false,"signedInElsewhere":true,"profile":null}""";

    private static async Task<string> BodyOfOkAsync(PortalClient client, string url)
    {
        using var response = await client.GetAsync(url);
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task A_signed_out_visitor_gets_200_and_nothing_else_while_the_patient_home_still_answers_401()
    {
        var clinic = await App.OpenClinicAsync();
        using var client = App.CreateClient();

        (await BodyOfOkAsync(client, PatientSessionUrl(clinic))).ShouldBe(SignedOutPatient);
        using var home = await client.GetAsync(MeUrl(clinic));
        await home.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "not_signed_in");
    }

    [Fact]
    public async Task A_signed_in_patient_gets_their_home_page_and_a_signed_out_one_is_signed_out_again()
    {
        var clinic = await App.OpenClinicAsync();
        var patient = await App.AddPatientAsync(clinic);
        using var client = await App.AnonymousClientAsync();
        await client.SignInAsync(fixture.Smtp, patient);

        var session = JsonDocument.Parse(await BodyOfOkAsync(client, PatientSessionUrl(clinic))).RootElement;
        session.GetProperty("signedIn").GetBoolean().ShouldBeTrue();
        var me = await client.GetJsonAsync<JsonElement>(MeUrl(clinic));
        session.GetProperty("patient").GetRawText().ShouldBe(me.GetRawText());

        using (var signedOut = await client.PostJsonAsync($"/api/clinics/{clinic.Slug}/portal/sign-out", new { }))
        {
            await signedOut.ShouldHaveStatusAsync(HttpStatusCode.NoContent);
        }

        (await BodyOfOkAsync(client, PatientSessionUrl(clinic))).ShouldBe(SignedOutPatient);
    }

    [Fact]
    public async Task A_patient_of_another_clinic_is_not_signed_in_here_and_learns_nothing_about_it()
    {
        var theirs = await App.OpenClinicAsync();
        var patient = await App.AddPatientAsync(theirs);
        var other = await App.OpenClinicAsync();
        using var client = await App.AnonymousClientAsync();
        await client.SignInAsync(fixture.Smtp, patient);

        (await BodyOfOkAsync(client, PatientSessionUrl(other))).ShouldBe(SignedOutPatient);
        using var home = await client.GetAsync(MeUrl(other));
        await home.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "not_signed_in");
    }

    [Fact]
    public async Task A_made_up_session_cookie_is_signed_out()
    {
        var clinic = await App.OpenClinicAsync();
        using var client = App.CreateClient();
        client.Cookies["__Host-portal-patient"] = "not-a-session-" + Guid.NewGuid().ToString("N");
        client.Cookies["__Host-portal-staff"] = "not-a-session-" + Guid.NewGuid().ToString("N");

        (await BodyOfOkAsync(client, PatientSessionUrl(clinic))).ShouldBe(SignedOutPatient);
        (await BodyOfOkAsync(client, StaffSessionUrl(clinic))).ShouldBe(SignedOutStaff);
        (await BodyOfOkAsync(client, OperatorSessionUrl)).ShouldBe(SignedOutStaff);
    }

    [Fact]
    public async Task Signed_out_staff_and_operators_get_200_while_their_real_calls_still_answer_401()
    {
        var clinic = await App.CreateClinicAsync();
        using var client = App.CreateClient();

        (await BodyOfOkAsync(client, StaffSessionUrl(clinic))).ShouldBe(SignedOutStaff);
        (await BodyOfOkAsync(client, OperatorSessionUrl)).ShouldBe(SignedOutStaff);
        using var staffMe = await client.GetAsync($"/api/clinics/{clinic.Slug}/staff/me");
        staffMe.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        using var operatorMe = await client.GetAsync("/api/operator/me");
        operatorMe.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Signed_in_staff_get_their_profile_at_their_clinic_and_only_a_flag_at_another_clinic_or_the_console()
    {
        var clinic = await App.CreateClinicAsync();
        var other = await App.CreateClinicAsync();
        using var client = await App.SignedInAsync(clinic, clinic.Owner);

        var session = JsonDocument.Parse(await BodyOfOkAsync(client, StaffSessionUrl(clinic))).RootElement;
        session.GetProperty("signedIn").GetBoolean().ShouldBeTrue();
        session.GetProperty("signedInElsewhere").GetBoolean().ShouldBeFalse();
        var me = await client.GetJsonAsync<JsonElement>($"/api/clinics/{clinic.Slug}/staff/me");
        session.GetProperty("profile").GetRawText().ShouldBe(me.GetRawText());

        (await BodyOfOkAsync(client, StaffSessionUrl(other))).ShouldBe(StaffElsewhere);
        (await BodyOfOkAsync(client, OperatorSessionUrl)).ShouldBe(StaffElsewhere);
    }

    [Fact]
    public async Task A_signed_in_operator_gets_their_profile_on_the_console_and_only_a_flag_at_a_clinic()
    {
        var clinic = await App.CreateClinicAsync();
        var operatorAccount = await App.CreateOperatorAsync();
        using var client = App.CreateClient();
        await client.SignInAsOperatorAsync(operatorAccount);

        var session = JsonDocument.Parse(await BodyOfOkAsync(client, OperatorSessionUrl)).RootElement;
        session.GetProperty("signedIn").GetBoolean().ShouldBeTrue();
        session.GetProperty("profile").GetProperty("role").GetString().ShouldBe("operator");
        session.GetProperty("profile").GetProperty("email").GetString().ShouldBe(operatorAccount.Email);

        (await BodyOfOkAsync(client, StaffSessionUrl(clinic))).ShouldBe(StaffElsewhere);
    }
}
