using System.Net;
using System.Text.Json;
using static Portal.Identity.Tests.PatientPortalApi;

namespace Portal.Identity.Tests;

/// <summary>
/// Each host keeps the sessions it checked recently; an end on one host (or in the database) must be
/// refused by the next request on every other host at once (C2), and while a host cannot hear those
/// ends it must ask the database every time.
/// </summary>
public sealed class SessionCacheAcrossHostsTests(MessagingAppFixture fixture) : IClassFixture<MessagingAppFixture>, IAsyncLifetime
{
    private const string StaffCookie = "__Host-portal-staff";

    private PortalApp _second = null!;

    private PortalApp App => fixture.App;

    public async Task InitializeAsync() => _second = await App.StartSecondHostAsync();

    public async Task DisposeAsync() => await _second.DisposeAsync();

    [Fact]
    public async Task C2_a_staff_sign_out_on_one_host_is_refused_by_the_next_request_on_the_other_host_that_had_just_let_it_in()
    {
        var clinic = await App.CreateClinicAsync();
        for (var round = 0; round < 5; round++)
        {
            using var client = App.CreateClient();
            await client.SignInAsync(clinic, round % 2 == 0 ? clinic.Owner : clinic.Staff);
            using var onSecond = client.CopyTo(_second.BaseAddress);
            await StaffMeAsync(onSecond, clinic, HttpStatusCode.OK);
            await StaffMeAsync(onSecond, clinic, HttpStatusCode.OK);

            using (var signOut = await client.SendAsync(HttpMethod.Post, "/api/staff/sign-out"))
            {
                await signOut.ShouldHaveStatusAsync(HttpStatusCode.NoContent);
            }

            await StaffMeAsync(onSecond, clinic, HttpStatusCode.Unauthorized, $"round {round + 1}");
        }
    }

    [Fact]
    public async Task C2_a_staff_account_disabled_in_the_database_is_refused_at_once_on_both_hosts()
    {
        var clinic = await App.CreateClinicAsync();
        using var client = App.CreateClient();
        await client.SignInAsync(clinic, clinic.Staff);
        using var onSecond = client.CopyTo(_second.BaseAddress);
        await StaffMeAsync(client, clinic, HttpStatusCode.OK);
        await StaffMeAsync(onSecond, clinic, HttpStatusCode.OK);

        await App.ExecuteAsync("update identity.staff_users set disabled_at = now() where id = @Id", new { clinic.Staff.Id });

        await StaffMeAsync(client, clinic, HttpStatusCode.Unauthorized);
        await StaffMeAsync(onSecond, clinic, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task C2_a_patient_session_ended_from_another_device_or_signed_out_on_one_host_is_refused_by_the_next_request_on_the_other()
    {
        var clinic = await App.OpenClinicAsync();
        var patient = await App.AddPatientAsync(clinic);
        using var phone = await App.AnonymousClientAsync();
        await phone.SignInAsync(fixture.Smtp, patient);
        using var laptop = await App.AnonymousClientAsync();
        await laptop.SignInAsync(fixture.Smtp, patient);
        using var phoneOnSecond = phone.CopyTo(_second.BaseAddress);
        using var laptopOnSecond = laptop.CopyTo(_second.BaseAddress);
        await PatientMeAsync(phoneOnSecond, patient, HttpStatusCode.OK);
        await PatientMeAsync(laptopOnSecond, patient, HttpStatusCode.OK);

        var sessionsUrl = $"/api/clinics/{patient.Clinic.Slug}/portal/me/sessions";
        var phoneSession = (await phone.GetJsonAsync<JsonElement>(sessionsUrl)).GetProperty("items").EnumerateArray()
            .Single(s => s.GetProperty("current").GetBoolean()).GetProperty("id").GetGuid();
        using (var ended = await laptop.DeleteAsync($"{sessionsUrl}/{phoneSession}"))
        {
            await ended.ShouldHaveStatusAsync(HttpStatusCode.NoContent);
        }

        await PatientMeAsync(phoneOnSecond, patient, HttpStatusCode.Unauthorized);
        await PatientMeAsync(laptopOnSecond, patient, HttpStatusCode.OK);

        using (var signedOut = await laptop.PostJsonAsync($"/api/clinics/{patient.Clinic.Slug}/portal/sign-out", new { }))
        {
            await signedOut.ShouldHaveStatusAsync(HttpStatusCode.NoContent);
        }

        await PatientMeAsync(laptopOnSecond, patient, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task C2_while_a_host_cannot_hear_sessions_end_it_checks_every_request_in_the_database_and_refuses_an_end_at_once_again_when_it_hears_again()
    {
        var clinic = await App.OpenClinicAsync();
        var patient = await App.AddPatientAsync(clinic);
        using var client = await App.AnonymousClientAsync();
        await client.SignInAsync(fixture.Smtp, patient);
        using var later = await App.AnonymousClientAsync();
        await later.SignInAsync(fixture.Smtp, patient);
        using var onSecond = client.CopyTo(_second.BaseAddress);
        await PatientMeAsync(onSecond, patient, HttpStatusCode.OK);

        var lostBefore = LostConnections(_second);
        await App.ExecuteAsync(
            """
            select pg_terminate_backend(pid) from pg_stat_activity
            where datname = current_database() and pid <> pg_backend_pid() and (query like 'listen "%' or query = 'select ''listening''')
            """);
        await Eventually.HoldsAsync(
            () => Task.FromResult(LostConnections(_second) > lostBefore), "The second host never noticed its listening connection drop.");

        // Nothing tells the second host about this end while it is not listening.
        var session = await App.QuerySingleAsync<Guid>(
            "select id from identity.patient_sessions where patient_id = @Id and ended_at is null order by created_at limit 1", new { patient.Id });
        await App.ExecuteAsync("update identity.patient_sessions set ended_at = now(), end_reason = 'signed_out' where id = @session", new { session });
        await PatientMeAsync(onSecond, patient, HttpStatusCode.Unauthorized);

        await Eventually.HoldsAsync(
            async () => await App.QuerySingleAsync<long>(
                "select count(*) from pg_stat_activity where datname = current_database() and (query like 'listen \"%' or query = 'select ''listening''')") >= 2,
            "The hosts never listened again.");
        using var again = later.CopyTo(_second.BaseAddress);
        await PatientMeAsync(again, patient, HttpStatusCode.OK);
        await PatientMeAsync(again, patient, HttpStatusCode.OK);
        using (var signedOut = await later.PostJsonAsync($"/api/clinics/{patient.Clinic.Slug}/portal/sign-out", new { }))
        {
            await signedOut.ShouldHaveStatusAsync(HttpStatusCode.NoContent);
        }

        await PatientMeAsync(again, patient, HttpStatusCode.Unauthorized);
    }

    private static int LostConnections(PortalApp host) =>
        host.Logs.Entries.Count(e => e.Message.StartsWith("Lost the database notification connection", StringComparison.Ordinal));

    private static async Task StaffMeAsync(PortalClient client, TestClinic clinic, HttpStatusCode expected, string? because = null)
    {
        using var response = await client.GetAsync($"/api/clinics/{clinic.Slug}/staff/me");
        response.StatusCode.ShouldBe(expected, because);
    }

    private static async Task PatientMeAsync(PortalClient client, TestPatient patient, HttpStatusCode expected)
    {
        using var response = await client.GetAsync(MeUrl(patient.Clinic));
        response.StatusCode.ShouldBe(expected);
    }
}
