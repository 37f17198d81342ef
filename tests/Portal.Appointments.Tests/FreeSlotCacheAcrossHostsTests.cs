using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;
using Portal.TestKit.Peers;
using static Portal.Appointments.Tests.AppointmentsApi;

namespace Portal.Appointments.Tests;

/// <summary>
/// Two hosts on one database, as behind a load balancer, each keeping the free slots it computed. The class owns its
/// database: one test turns triggers off for its own connection.
/// </summary>
public sealed class FreeSlotCacheAcrossHostsTests : IAsyncLifetime
{
    private SmtpSink _smtp = null!;
    private PortalApp _first = null!;
    private PortalApp _second = null!;

    public async Task InitializeAsync()
    {
        _smtp = await SmtpSink.StartAsync();
        _first = await PortalApp.StartAsync(new PortalAppOptions().WithSmtp(_smtp.Port));
        _second = await _first.StartSecondHostAsync(configure: options => options.WithSmtp(_smtp.Port));
    }

    public async Task DisposeAsync()
    {
        await _second.DisposeAsync();
        await _first.DisposeAsync();
        await _smtp.DisposeAsync();
    }

    [Fact]
    public async Task Free_slots_are_kept_per_host_until_the_database_notifies_a_change_to_the_clinic_s_appointments_whatever_made_it()
    {
        var setup = await _first.BookableClinicAsync();
        using var onFirst = await _first.SignedInAsync(setup.Clinic, setup.Clinic.Staff);
        using var onSecond = await _second.SignedInAsync(setup.Clinic, setup.Clinic.Staff);
        (await SlotsAsync(onFirst, setup)).ShouldContain(At(setup.Day, 9));
        (await SlotsAsync(onSecond, setup)).ShouldContain(At(setup.Day, 9));

        // A row written with triggers off for its connection sends no notification: both hosts keep what they computed.
        await InsertAppointmentAsync(setup, At(setup.Day, 9), notify: false);
        (await SlotsAsync(onFirst, setup)).ShouldContain(At(setup.Day, 9), "the first host computed the slots again without being told to");
        (await SlotsAsync(onSecond, setup)).ShouldContain(At(setup.Day, 9), "the second host computed the slots again without being told to");

        // Any ordinary write notifies, even one no Portal code made: both hosts drop the clinic's slots and see both rows.
        await InsertAppointmentAsync(setup, At(setup.Day, 9, 30), notify: true);
        foreach (var client in new[] { onFirst, onSecond })
        {
            await Eventually.HoldsAsync(
                async () => (await SlotsAsync(client, setup)) is var slots && !slots.Contains(At(setup.Day, 9)) && !slots.Contains(At(setup.Day, 9, 30)),
                "A host kept offering times a notified change had taken.");
        }
    }

    [Fact]
    public async Task Free_slots_a_booking_is_gone_from_the_next_answer_of_its_own_host_at_once_and_of_the_other_host_once_notified()
    {
        var setup = await _first.BookableClinicAsync();
        using var patient = await _first.NewPatientAsync(_smtp, setup.Clinic);
        using var onSecond = await _second.SignedInAsync(setup.Clinic, setup.Clinic.Staff);
        (await patient.MyFreeSlotsAsync(setup, setup.Day, setup.Day)).ShouldContain(At(setup.Day, 10));
        (await SlotsAsync(onSecond, setup)).ShouldContain(At(setup.Day, 10));

        await patient.BookAsync(setup, At(setup.Day, 10));

        (await patient.MyFreeSlotsAsync(setup, setup.Day, setup.Day)).ShouldNotContain(At(setup.Day, 10), "the booking host offered its own booking's time");
        await Eventually.HoldsAsync(
            async () => !(await SlotsAsync(onSecond, setup)).Contains(At(setup.Day, 10)), "The other host kept offering a booked time.");
    }

    [Fact]
    public async Task Free_slots_a_change_to_the_set_up_through_Portal_or_outside_it_reaches_every_host()
    {
        var setup = await _first.BookableClinicAsync();
        using var admin = await _first.SignedInAsync(setup.Clinic, setup.Clinic.Admin);
        using var onFirst = await _first.SignedInAsync(setup.Clinic, setup.Clinic.Staff);
        using var onSecond = await _second.SignedInAsync(setup.Clinic, setup.Clinic.Staff);
        (await SlotsAsync(onFirst, setup)).Count.ShouldBe(6);
        (await SlotsAsync(onSecond, setup)).Count.ShouldBe(6);

        var day = setup.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var dayOff = await admin.CreatedAsync(
            $"{SetupUrl(setup.Clinic)}/providers/{setup.ProviderIds[0]}/exceptions",
            new JsonObject { ["kind"] = "unavailable", ["startsOn"] = day, ["endsOn"] = day });
        (await SlotsAsync(onFirst, setup)).ShouldBeEmpty("the host that saved the day off offered it");
        await Eventually.HoldsAsync(async () => (await SlotsAsync(onSecond, setup)).Count == 0, "The other host kept offering a day off.");

        await _first.ExecuteAsync("delete from appointments.availability_exceptions where id = @id", new { id = dayOff.GetProperty("id").GetGuid() });
        foreach (var client in new[] { onFirst, onSecond })
        {
            await Eventually.HoldsAsync(async () => (await SlotsAsync(client, setup)).Count == 6, "A host never offered the day again.");
        }
    }

    private static async Task<IReadOnlyList<DateTimeOffset>> SlotsAsync(PortalClient staff, BookableClinic setup) =>
        (await staff.GetJsonAsync<JsonElement>(SetupUrl(setup.Clinic) + SlotsQuery(setup.TypeId, setup.Day, setup.Day)))
        .GetProperty("items").EnumerateArray().Select(s => s.GetProperty("startsAt").GetDateTimeOffset()).ToList();

    private async Task InsertAppointmentAsync(BookableClinic setup, DateTimeOffset startsAt, bool notify)
    {
        await using var connection = new NpgsqlConnection(_first.ConnectionString);
        await connection.OpenAsync();
        if (!notify)
        {
            await using var replica = new NpgsqlCommand("set session_replication_role = replica", connection);
            await replica.ExecuteNonQueryAsync();
        }

        await using var insert = new NpgsqlCommand(
            """
            insert into appointments.appointments
                (id, clinic_id, patient_id, provider_id, type_id, location_id, starts_at, ends_at, occupied, status, booked_by,
                 created_at, updated_at, status_changed_at)
            values (gen_random_uuid(), $1, gen_random_uuid(), $2, $3, $4, $5, $5 + interval '30 minutes', tstzrange($5, $5 + interval '30 minutes'),
                    'booked', 'staff', now(), now(), now())
            """,
            connection)
        {
            Parameters = { new() { Value = setup.Clinic.Id }, new() { Value = setup.ProviderIds[0] }, new() { Value = setup.TypeId }, new() { Value = setup.LocationId }, new() { Value = startsAt.ToUniversalTime() } },
        };
        (await insert.ExecuteNonQueryAsync()).ShouldBe(1);
    }
}
