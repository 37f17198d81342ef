using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using static Portal.Appointments.Tests.AppointmentsApi;

namespace Portal.Appointments.Tests;

public sealed class CancelTests(MessagingAppFixture fixture) : IClassFixture<MessagingAppFixture>
{
    private PortalApp App => fixture.App;

    [Fact]
    public async Task A_patient_cancels_with_a_reason_the_time_is_free_again_and_a_second_cancel_is_refused()
    {
        var setup = await App.BookableClinicAsync();
        using var alice = await App.SignedInPatientAsync(fixture.Smtp, await App.AddPatientAsync(setup.Clinic, "Alice"));
        using var bob = await App.SignedInPatientAsync(fixture.Smtp, await App.AddPatientAsync(setup.Clinic, "Bob"));
        var nine = At(setup.Day, 9);
        var id = (await alice.BookAsync(setup, nine)).GetProperty("id").GetGuid();
        var cancelUrl = $"{MyAppointmentsUrl(setup.Clinic)}/{id}/cancel";

        using (var other = await bob.SendJsonAsync(HttpMethod.Post, cancelUrl, new JsonObject()))
        {
            await other.ShouldBeProblemAsync(HttpStatusCode.NotFound, "appointment_not_found");
        }

        using (var cancelled = await alice.SendJsonAsync(HttpMethod.Post, cancelUrl, new JsonObject { ["reason"] = "Feeling better" }))
        {
            await cancelled.ShouldHaveStatusAsync(HttpStatusCode.OK);
            (await cancelled.ReadJsonAsync()).GetProperty("status").GetString().ShouldBe("cancelled");
        }

        (await App.QuerySingleAsync<string>("select cancel_reason from appointments.appointments where id = @id", new { id })).ShouldBe("Feeling better");
        (await alice.GetJsonAsync<JsonElement>(MyAppointmentsUrl(setup.Clinic) + "?when=upcoming")).ItemIds().ShouldBeEmpty();
        (await alice.GetJsonAsync<JsonElement>(MyAppointmentsUrl(setup.Clinic) + "?when=past")).ItemIds().ShouldBe([id]);
        (await bob.BookAsync(setup, nine)).GetProperty("status").GetString().ShouldBe("booked");

        using (var again = await alice.SendJsonAsync(HttpMethod.Post, cancelUrl, new JsonObject()))
        {
            await again.ShouldBeProblemAsync(HttpStatusCode.Conflict, "cannot_cancel");
        }

        using (var blank = await alice.SendJsonAsync(HttpMethod.Post, cancelUrl, new JsonObject { ["reason"] = " " }))
        {
            await blank.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        }
    }
}
