using System.Net;
using System.Text.Json.Nodes;
using static Portal.Appointments.Tests.AppointmentsApi;
using static Portal.Appointments.Tests.StaffAppointmentsApi;

namespace Portal.Appointments.Tests;

public sealed class StaffStatusTests(MessagingAppFixture fixture) : IClassFixture<MessagingAppFixture>
{
    private static readonly string[] Statuses = ["requested", "booked", "confirmed", "arrived", "in_room", "completed", "cancelled", "no_show", "rescheduled", "declined"];

    private static readonly string[] Settable = ["confirmed", "arrived", "in_room", "completed", "no_show"];

    /// <summary>The visit's progress as a clinic runs it; everything else is refused.</summary>
    private static readonly HashSet<(string From, string To)> Allowed =
    [
        ("booked", "confirmed"), ("booked", "arrived"), ("booked", "no_show"),
        ("confirmed", "arrived"), ("confirmed", "no_show"),
        ("arrived", "in_room"), ("arrived", "completed"),
        ("in_room", "completed"),
    ];

    private PortalApp App => fixture.App;

    [Fact]
    public async Task Each_status_move_along_the_visit_is_allowed_and_every_other_is_409_and_changes_nothing()
    {
        var setup = await App.BookableClinicAsync();
        using var staff = await App.SignedInAsync(setup.Clinic, setup.Clinic.Staff);
        var id = await staff.StaffBookAsync(setup, (await App.AddPatientAsync(setup.Clinic)).Id, At(setup.Day, 9));

        foreach (var from in Statuses)
        {
            foreach (var to in Settable)
            {
                await App.SetStatusAsync(id, from);
                using var response = await staff.ActAsync(setup.Clinic, id, "status", new JsonObject { ["status"] = to });
                if (Allowed.Contains((from, to)))
                {
                    await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
                    (await response.ReadJsonAsync()).GetProperty("status").GetString().ShouldBe(to);
                    (await App.RowAsync(id)).Status.ShouldBe(to, $"{from} -> {to}");
                }
                else
                {
                    await response.ShouldBeProblemAsync(HttpStatusCode.Conflict, "status_move_not_allowed");
                    (await App.RowAsync(id)).Status.ShouldBe(from, $"{from} -> {to}");
                }
            }
        }

        (await App.AuditAsync(setup.Clinic.Id, id)).Count(a => a == ("appointments.appointment.status_changed", "staff")).ShouldBe(Allowed.Count);
        (await App.RowAsync(id)).Sequence.ShouldBe(0);
    }

    [Fact]
    public async Task Cancelling_booking_or_declining_are_not_status_moves_of_this_route()
    {
        var setup = await App.BookableClinicAsync();
        using var staff = await App.SignedInAsync(setup.Clinic, setup.Clinic.Staff);
        var id = await staff.StaffBookAsync(setup, (await App.AddPatientAsync(setup.Clinic)).Id, At(setup.Day, 9));

        foreach (var status in new[] { "cancelled", "booked", "declined", "rescheduled", "requested", "Arrived", "" })
        {
            using var response = await staff.ActAsync(setup.Clinic, id, "status", new JsonObject { ["status"] = status });
            await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        }

        (await App.RowAsync(id)).Status.ShouldBe("booked");
    }
}
