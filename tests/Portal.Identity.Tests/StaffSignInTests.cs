using System.Net;
using System.Text.Json;

namespace Portal.Identity.Tests;

public sealed class StaffSignInTests(PortalAppFixture fixture) : IClassFixture<PortalAppFixture>
{
    private PortalApp App => fixture.App;

    [Fact]
    public async Task Owner_signs_in_with_email_and_password_and_the_app_knows_who_they_are()
    {
        var clinic = await App.CreateClinicAsync();
        using var client = App.CreateClient();

        using var response = await client.PostJsonAsync(
            $"/api/clinics/{clinic.Slug}/staff/sign-in", new { email = "  " + clinic.Owner.Email.ToUpperInvariant(), password = clinic.Owner.Password });
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var me = await client.GetJsonAsync<JsonElement>($"/api/clinics/{clinic.Slug}/staff/me");

        me.GetProperty("email").GetString().ShouldBe(clinic.Owner.Email);
        me.GetProperty("role").GetString().ShouldBe("owner");
        me.GetProperty("clinic").GetProperty("slug").GetString().ShouldBe(clinic.Slug);
    }

    [Fact]
    public async Task A_wrong_password_and_an_unknown_email_get_the_same_answer()
    {
        var clinic = await App.CreateClinicAsync();
        using var client = App.CreateClient();

        using var wrongPassword = await client.PostJsonAsync(
            $"/api/clinics/{clinic.Slug}/staff/sign-in", new { email = clinic.Owner.Email, password = "not the password at all" });
        using var unknownEmail = await client.PostJsonAsync(
            $"/api/clinics/{clinic.Slug}/staff/sign-in", new { email = "nobody@" + clinic.Slug + ".test", password = "not the password at all" });

        var first = await wrongPassword.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
        var second = await unknownEmail.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
        second.Detail.ShouldBe(first.Detail);
        SetCookie.From(wrongPassword).ShouldNotContain(c => c.Name == "__Host-portal-staff");
    }

    [Fact]
    public async Task Repeated_failures_lock_sign_in_with_growing_delays_even_for_the_right_password()
    {
        var clinic = await App.CreateClinicAsync();
        using var client = App.CreateClient();
        async Task<HttpResponseMessage> Attempt(string password) =>
            await client.PostJsonAsync($"/api/clinics/{clinic.Slug}/staff/sign-in", new { email = clinic.Admin.Email, password });

        for (var i = 0; i < 4; i++)
        {
            using var failure = await Attempt("wrong password " + i);
            await failure.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
        }

        using (var fifth = await Attempt("wrong password 5"))
        {
            await fifth.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests, "sign_in_locked");
            fifth.Headers.RetryAfter!.Delta.ShouldBe(TimeSpan.FromMinutes(1));
        }

        using (var locked = await Attempt(clinic.Admin.Password))
        {
            await locked.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests, "sign_in_locked");
        }

        App.Clock.Advance(TimeSpan.FromSeconds(61));
        using (var sixth = await Attempt("wrong password 6"))
        {
            await sixth.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests, "sign_in_locked");
            sixth.Headers.RetryAfter!.Delta.ShouldBe(TimeSpan.FromMinutes(2));
        }

        App.Clock.Advance(TimeSpan.FromSeconds(121));
        using var success = await Attempt(clinic.Admin.Password);
        await success.ShouldHaveStatusAsync(HttpStatusCode.OK);
        (await App.QuerySingleAsync<long>(
            "select count(*) from identity.sign_in_throttle where throttle_key like @key", new { key = $"staff:{clinic.Id}:%" })).ShouldBe(0);
    }

    [Fact]
    public async Task An_email_without_an_account_locks_exactly_like_a_real_one()
    {
        var clinic = await App.CreateClinicAsync();
        using var client = App.CreateClient();
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            using var response = await client.PostJsonAsync(
                $"/api/clinics/{clinic.Slug}/staff/sign-in", new { email = "ghost@" + clinic.Slug + ".test", password = "guess number " + i });
            answers.Add(response.StatusCode);
        }

        answers.ShouldBe([
            HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized,
            HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests,
        ]);
    }

    [Fact]
    public async Task A2_staff_cannot_sign_in_at_another_clinics_address()
    {
        var home = await App.CreateClinicAsync();
        var other = await App.CreateClinicAsync();
        using var client = App.CreateClient();

        using var response = await client.PostJsonAsync(
            $"/api/clinics/{other.Slug}/staff/sign-in", new { email = home.Owner.Email, password = home.Owner.Password });

        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
    }

    [Fact]
    public async Task A2_a_session_at_one_clinic_is_refused_at_another_clinics_address()
    {
        var home = await App.CreateClinicAsync();
        var other = await App.CreateClinicAsync();
        using var client = App.CreateClient();
        await client.SignInAsync(home, home.Owner);

        using var response = await client.GetAsync($"/api/clinics/{other.Slug}/staff/me");

        await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A4_operators_sign_in_only_as_operators_and_clinic_staff_never_reach_operator_pages()
    {
        var clinic = await App.CreateClinicAsync();
        var operatorAccount = await App.CreateOperatorAsync();
        using var staff = App.CreateClient();
        await staff.SignInAsync(clinic, clinic.Owner);
        using var operatorClient = App.CreateClient();

        using (var atClinic = await operatorClient.PostJsonAsync(
            $"/api/clinics/{clinic.Slug}/staff/sign-in", new { email = operatorAccount.Email, password = operatorAccount.Password }))
        {
            await atClinic.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
        }

        using (var ownerAsOperator = await operatorClient.PostJsonAsync(
            "/api/operator/sign-in", new { email = clinic.Owner.Email, password = clinic.Owner.Password }))
        {
            await ownerAsOperator.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
        }

        using (var ownerOnOperatorPage = await staff.GetAsync("/api/operator/clinics"))
        {
            await ownerOnOperatorPage.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        }

        await operatorClient.SignInAsOperatorAsync(operatorAccount);
        var clinics = await operatorClient.GetJsonAsync<JsonElement>("/api/operator/clinics");
        clinics.EnumerateArray().Select(c => c.GetProperty("slug").GetString()).ShouldContain(clinic.Slug);
        using var operatorOnClinicSettings = await operatorClient.GetAsync($"/api/clinics/{clinic.Slug}/settings/portal");
        await operatorOnClinicSettings.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Failure_counts_are_shared_by_every_host()
    {
        var clinic = await App.CreateClinicAsync();
        await using var second = await App.StartSecondHostAsync();
        using var first = App.CreateClient();
        using var other = second.CreateClient();

        for (var i = 0; i < 4; i++)
        {
            using var failure = await (i % 2 == 0 ? first : other).PostJsonAsync(
                $"/api/clinics/{clinic.Slug}/staff/sign-in", new { email = clinic.Staff.Email, password = "wrong " + i });
            await failure.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        }

        using var fifth = await other.PostJsonAsync($"/api/clinics/{clinic.Slug}/staff/sign-in", new { email = clinic.Staff.Email, password = "wrong 5" });
        await fifth.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests, "sign_in_locked");
    }
}

public sealed class SignInRateLimitTests
{
    [Fact]
    public async Task Sign_in_attempts_from_one_address_are_rate_limited_with_retry_after()
    {
        var options = new PortalAppOptions();
        options.Settings["Portal:RateLimits:SignInPerMinute"] = "3";
        await using var app = await PortalApp.StartAsync(options);
        var clinic = await app.CreateClinicAsync();
        using var client = app.CreateClient();

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 4; i++)
        {
            last?.Dispose();
            last = await client.PostJsonAsync($"/api/clinics/{clinic.Slug}/staff/sign-in", new { email = clinic.Owner.Email, password = clinic.Owner.Password });
            statuses.Add(last.StatusCode);
        }

        statuses.ShouldBe([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests]);
        await last!.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        last!.Headers.RetryAfter.ShouldNotBeNull();
        last!.Dispose();
    }
}
