using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using static Portal.Appointments.Tests.AppointmentsApi;
using static Portal.Appointments.Tests.StaffAppointmentsApi;

namespace Portal.Appointments.Tests;

public sealed class StaffBookingTests(MessagingAppFixture fixture) : IClassFixture<MessagingAppFixture>
{
    private PortalApp App => fixture.App;

    [Fact]
    public async Task Staff_book_a_free_slot_of_a_staff_only_type_for_a_patient_and_the_slot_is_no_longer_offered()
    {
        var setup = await App.BookableClinicAsync();
        var patient = await App.AddPatientAsync(setup.Clinic, "Alice");
        using var admin = await App.SignedInAsync(setup.Clinic, setup.Clinic.Admin);
        using var staff = await App.SignedInAsync(setup.Clinic, setup.Clinic.Staff);
        var staffOnly = (await admin.CreatedAsync(SetupUrl(setup.Clinic) + "/types", TypeBody(setup.ProviderIds, minutes: 60, online: false))).GetProperty("id").GetGuid();
        var body = StaffBooking(patient.Id, staffOnly, setup.ProviderIds[0], At(setup.Day, 10));
        body["staffNote"] = "Bring the previous results";

        using var response = await staff.SendJsonAsync(HttpMethod.Post, SetupUrl(setup.Clinic), body);

        await response.ShouldHaveStatusAsync(HttpStatusCode.Created);
        var booked = await response.ReadJsonAsync();
        var id = booked.GetProperty("id").GetGuid();
        response.Headers.Location!.ToString().ShouldBe($"{SetupUrl(setup.Clinic)}/{id}");
        booked.GetProperty("status").GetString().ShouldBe("booked");
        booked.GetProperty("bookedBy").GetString().ShouldBe("staff");
        booked.GetProperty("patient").GetProperty("id").GetGuid().ShouldBe(patient.Id);
        booked.GetProperty("patient").GetProperty("displayName").GetString()!.ShouldStartWith("Alice");
        booked.GetProperty("endsAt").GetDateTimeOffset().ShouldBe(At(setup.Day, 11));
        var row = await App.QuerySingleAsync<(Guid PatientId, string BookedBy, string StaffNote, Guid TypeId)>(
            "select patient_id, booked_by, staff_note, type_id from appointments.appointments where id = @id", new { id });
        row.ShouldBe((patient.Id, "staff", "Bring the previous results", staffOnly));
        (await App.AuditAsync(setup.Clinic.Id, id)).ShouldBe([("appointments.appointment.booked", "staff")]);
        var free = await staff.FreeStartsAsync(setup, setup.Day);
        free.ShouldNotContain(At(setup.Day, 10));
        free.ShouldNotContain(At(setup.Day, 10, 30));
        free.ShouldContain(At(setup.Day, 9, 30));
    }

    [Fact]
    public async Task Staff_book_outside_the_free_times_only_with_anyTime_and_a_location_and_never_over_another_appointment()
    {
        var setup = await App.BookableClinicAsync();
        var patient = await App.AddPatientAsync(setup.Clinic);
        using var staff = await App.SignedInAsync(setup.Clinic, setup.Clinic.Staff);
        var evening = At(setup.Day, 18, 15);
        var url = SetupUrl(setup.Clinic);

        using (var response = await staff.SendJsonAsync(HttpMethod.Post, url, StaffBooking(patient.Id, setup.TypeId, setup.ProviderIds[0], evening)))
        {
            await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "slot_not_offered");
        }

        using (var response = await staff.SendJsonAsync(HttpMethod.Post, url, StaffBooking(patient.Id, setup.TypeId, setup.ProviderIds[0], evening, anyTime: true)))
        {
            await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "location_required");
        }

        using (var response = await staff.SendJsonAsync(
                   HttpMethod.Post, url, StaffBooking(patient.Id, setup.TypeId, setup.ProviderIds[0], evening, anyTime: true, locationId: Guid.NewGuid())))
        {
            await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "location_not_found");
        }

        (await App.CountAsync("appointments", setup.Clinic.Id)).ShouldBe(0);
        using (var response = await staff.SendJsonAsync(
                   HttpMethod.Post, url, StaffBooking(patient.Id, setup.TypeId, setup.ProviderIds[0], evening, anyTime: true, locationId: setup.LocationId)))
        {
            await response.ShouldHaveStatusAsync(HttpStatusCode.Created);
            var booked = await response.ReadJsonAsync();
            booked.GetProperty("startsAt").GetDateTimeOffset().ShouldBe(evening);
            booked.GetProperty("location").GetProperty("id").GetGuid().ShouldBe(setup.LocationId);
        }

        using (var response = await staff.SendJsonAsync(
                   HttpMethod.Post, url, StaffBooking(patient.Id, setup.TypeId, setup.ProviderIds[0], At(setup.Day, 18, 30), anyTime: true, locationId: setup.LocationId)))
        {
            var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Conflict, "slot_taken");
            problem.Detail!.ShouldContain("that time was just taken");
        }

        (await App.CountAsync("appointments", setup.Clinic.Id)).ShouldBe(1);
    }

    [Fact]
    public async Task An_unknown_patient_or_one_of_another_clinic_is_404_and_nothing_is_booked()
    {
        var setup = await App.BookableClinicAsync();
        var other = await App.OpenClinicAsync();
        var stranger = await App.AddPatientAsync(other, "Stranger");
        using var staff = await App.SignedInAsync(setup.Clinic, setup.Clinic.Staff);

        foreach (var patientId in new[] { stranger.Id, Guid.NewGuid() })
        {
            using var response = await staff.SendJsonAsync(HttpMethod.Post, SetupUrl(setup.Clinic), StaffBooking(patientId, setup.TypeId, setup.ProviderIds[0], At(setup.Day, 9)));
            await response.ShouldBeProblemAsync(HttpStatusCode.NotFound, "patient_not_found");
        }

        (await App.CountAsync("appointments", setup.Clinic.Id)).ShouldBe(0);
    }

    [Fact]
    public async Task R5_twenty_simultaneous_staff_bookings_of_one_slot_give_exactly_one_201_and_nineteen_409()
    {
        var setup = await App.BookableClinicAsync();
        var patients = new List<Guid>();
        var clients = new List<PortalClient>();
        for (var i = 0; i < 20; i++)
        {
            patients.Add((await App.AddPatientAsync(setup.Clinic, $"Racer{i}")).Id);
            clients.Add(await App.SignedInAsync(setup.Clinic, setup.Clinic.Staff));
        }

        var ten = At(setup.Day, 10);
        using var start = new ManualResetEventSlim();
        var responses = await Task.WhenAll(clients.Select((c, i) => Task.Run(async () =>
        {
            start.Wait();
            return await c.SendJsonAsync(HttpMethod.Post, SetupUrl(setup.Clinic), StaffBooking(patients[i], setup.TypeId, setup.ProviderIds[0], ten));
        })).ToList().Also(_ => start.Set()));

        responses.Count(r => r.StatusCode == HttpStatusCode.Created).ShouldBe(1);
        foreach (var lost in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
        {
            await lost.ShouldBeProblemAsync(HttpStatusCode.Conflict, "slot_taken");
        }

        (await App.CountAsync("appointments", setup.Clinic.Id)).ShouldBe(1);
        foreach (var disposable in responses.Cast<IDisposable>().Concat(clients))
        {
            disposable.Dispose();
        }
    }
}
