using System.Net;

namespace Portal.Identity.Tests;

public sealed class SignInAuditTests(PortalAppFixture fixture) : IClassFixture<PortalAppFixture>
{
    private PortalApp App => fixture.App;

    [Fact]
    public async Task A5_sign_ins_refusals_and_sign_outs_are_audited_with_who_what_when_and_from_where()
    {
        var clinic = await App.CreateClinicAsync();
        using var client = App.CreateClient();
        using (var refused = await client.PostJsonAsync($"/api/clinics/{clinic.Slug}/staff/sign-in", new { email = clinic.Owner.Email, password = "not it at all" }))
        {
            await refused.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        }

        await client.SignInAsync(clinic, clinic.Owner);
        using (var signOut = await client.SendAsync(HttpMethod.Post, "/api/staff/sign-out"))
        {
            await signOut.ShouldHaveStatusAsync(HttpStatusCode.NoContent);
        }

        var entries = await App.QueryAsync<AuditRow>(
            """
            select action, actor_kind, actor_id, target_id, host(client_address) as client_address, occurred_at, details::text as details
            from platform.audit_log where clinic_id = @clinicId and action like 'identity.staff.sign%' order by id
            """,
            new { clinicId = clinic.Id });

        entries.Select(e => e.Action).ShouldBe(["identity.staff.sign_in_refused", "identity.staff.signed_in", "identity.staff.signed_out"]);
        entries[0].ActorKind.ShouldBe("anonymous");
        entries[0].TargetId.ShouldBe(clinic.Owner.Email);
        entries[0].Details.ShouldContain("wrong_credentials");
        entries[1].ActorKind.ShouldBe("staff");
        entries[1].ActorId.ShouldBe(clinic.Owner.Id);
        entries[2].ActorId.ShouldBe(clinic.Owner.Id);
        entries.ShouldAllBe(e => e.ClientAddress == "127.0.0.1");
        entries.ShouldAllBe(e => Math.Abs((e.OccurredAt - App.Clock.GetUtcNow()).TotalSeconds) < 5);
    }

    [Fact]
    public async Task A5_no_password_or_session_cookie_is_ever_written_to_the_audit_log_or_the_logs()
    {
        var clinic = await App.CreateClinicAsync();
        using var client = App.CreateClient();
        using (var wrong = await client.PostJsonAsync($"/api/clinics/{clinic.Slug}/staff/sign-in", new { email = clinic.Admin.Email, password = "Tr0ub4dor&3 wrong guess" }))
        {
            await wrong.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        }

        await client.SignInAsync(clinic, clinic.Admin);
        var cookie = client.Cookies["__Host-portal-staff"];
        using (await client.GetAsync($"/api/clinics/{clinic.Slug}/settings/portal"))
        {
        }

        var audit = string.Join('\n', await App.QueryAsync<string>("select row_to_json(a)::text from platform.audit_log a"));
        foreach (var secret in new[] { clinic.Admin.Password, "Tr0ub4dor&3 wrong guess", cookie })
        {
            audit.ShouldNotContain(secret);
            App.Logs.Contains(secret).ShouldBeFalse($"the logs contain a secret: {secret}");
        }
    }

    private sealed record AuditRow(string Action, string ActorKind, Guid? ActorId, string? TargetId, string? ClientAddress, DateTimeOffset OccurredAt, string Details);
}
