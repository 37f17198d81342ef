using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Portal.Identity.Tests;

public sealed class StaffSessionTests(PortalAppFixture fixture) : IClassFixture<PortalAppFixture>
{
    private const string CookieName = "__Host-portal-staff";

    private PortalApp App => fixture.App;

    [Fact]
    public async Task C1_the_session_cookie_is_host_prefixed_secure_httponly_samesite_strict_on_the_root_path_without_domain()
    {
        var clinic = await App.CreateClinicAsync();
        using var client = App.CreateClient();

        using var response = await client.PostJsonAsync($"/api/clinics/{clinic.Slug}/staff/sign-in", new { email = clinic.Owner.Email, password = clinic.Owner.Password });

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var cookie = SetCookie.From(response).Single(c => c.Name == CookieName);
        cookie.Has("secure").ShouldBeTrue();
        cookie.Has("httponly").ShouldBeTrue();
        cookie.Attribute("samesite")!.ToLowerInvariant().ShouldBe("strict");
        cookie.Attribute("path").ShouldBe("/");
        cookie.Has("domain").ShouldBeFalse();
        cookie.Value.Length.ShouldBeGreaterThanOrEqualTo(43);
    }

    [Fact]
    public async Task C2_sign_in_issues_a_new_session_id_and_ignores_one_planted_before()
    {
        var clinic = await App.CreateClinicAsync();
        using var client = App.CreateClient();
        const string planted = "planted-by-an-attacker-0123456789abcdefghijk";
        client.Cookies[CookieName] = planted;

        await client.SignInAsync(clinic, clinic.Owner);
        var first = client.Cookies[CookieName];
        await client.SignInAsync(clinic, clinic.Owner);
        var second = client.Cookies[CookieName];

        first.ShouldNotBe(planted);
        second.ShouldNotBe(first);
        using var attacker = App.CreateClient();
        attacker.Cookies[CookieName] = planted;
        using var response = await attacker.GetAsync($"/api/clinics/{clinic.Slug}/staff/me");
        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task C2_after_sign_out_the_old_cookie_is_refused_on_every_host()
    {
        var clinic = await App.CreateClinicAsync();
        using var client = App.CreateClient();
        await client.SignInAsync(clinic, clinic.Owner);
        var stolen = client.Cookies[CookieName];
        await using var second = await App.StartSecondHostAsync();

        using (var signOut = await client.SendAsync(HttpMethod.Post, "/api/staff/sign-out"))
        {
            await signOut.ShouldHaveStatusAsync(HttpStatusCode.NoContent);
            SetCookie.From(signOut).Single(c => c.Name == CookieName).IsDeletion.ShouldBeTrue();
        }

        foreach (var host in new[] { App, second })
        {
            using var replay = host.CreateClient();
            replay.Cookies[CookieName] = stolen;
            using var response = await replay.GetAsync($"/api/clinics/{clinic.Slug}/staff/me");
            await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "sign_in_required");
        }
    }

    [Fact]
    public async Task C3_a_session_left_idle_for_30_minutes_has_ended()
    {
        var clinic = await App.CreateClinicAsync();
        using var client = App.CreateClient();
        await client.SignInAsync(clinic, clinic.Admin);

        App.Clock.Advance(TimeSpan.FromMinutes(29));
        using (var stillThere = await client.GetAsync($"/api/clinics/{clinic.Slug}/staff/me"))
        {
            await stillThere.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        App.Clock.Advance(TimeSpan.FromMinutes(30));
        using var gone = await client.GetAsync($"/api/clinics/{clinic.Slug}/staff/me");
        await gone.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        (await App.QuerySingleAsync<string>(
            "select s.end_reason from identity.staff_sessions s where s.user_id = @id order by s.created_at desc limit 1",
            new { id = clinic.Admin.Id })).ShouldBe("idle");
    }

    [Fact]
    public async Task C3_a_busy_session_still_ends_twelve_hours_after_sign_in()
    {
        var clinic = await App.CreateClinicAsync();
        using var client = App.CreateClient();
        await client.SignInAsync(clinic, clinic.Staff);

        for (var elapsed = TimeSpan.Zero; elapsed < TimeSpan.FromHours(11.5); elapsed += TimeSpan.FromMinutes(20))
        {
            App.Clock.Advance(TimeSpan.FromMinutes(20));
            using var busy = await client.GetAsync($"/api/clinics/{clinic.Slug}/staff/me");
            await busy.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        App.Clock.Advance(TimeSpan.FromMinutes(40));
        using var ended = await client.GetAsync($"/api/clinics/{clinic.Slug}/staff/me");
        await ended.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_database_holds_only_a_hash_of_the_session_token()
    {
        var clinic = await App.CreateClinicAsync();
        using var client = App.CreateClient();
        await client.SignInAsync(clinic, clinic.Owner);
        var token = client.Cookies[CookieName];

        var stored = await App.QueryAsync<byte[]>("select token_hash from identity.staff_sessions where user_id = @id", new { id = clinic.Owner.Id });

        stored.ShouldHaveSingleItem().ShouldBe(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
        (await App.QuerySingleAsync<long>(
            "select count(*) from identity.staff_sessions s where row_to_json(s)::text like '%' || @token || '%'",
            new { token })).ShouldBe(0);
    }
}
