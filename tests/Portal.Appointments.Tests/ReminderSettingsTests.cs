using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using static Portal.Appointments.Tests.AppointmentsApi;

namespace Portal.Appointments.Tests;

public sealed class ReminderSettingsTests(MessagingAppFixture fixture) : IClassFixture<MessagingAppFixture>
{
    private PortalApp App => fixture.App;

    private static string Url(TestClinic clinic) => SetupUrl(clinic) + "/reminder-settings";

    [Fact]
    public async Task Managers_read_the_default_reminders_and_set_their_own()
    {
        var clinic = await App.OpenClinicAsync();
        using var admin = await App.SignedInAsync(clinic, clinic.Admin);
        var defaults = await admin.GetJsonAsync<JsonElement>(Url(clinic));
        defaults.GetProperty("offsetsMinutes").EnumerateArray().Select(o => o.GetInt32()).ShouldBe([2880, 120]);
        defaults.GetProperty("nameAppointmentType").GetBoolean().ShouldBeFalse();
        defaults.GetProperty("isDefault").GetBoolean().ShouldBeTrue();

        using (var saved = await admin.PutJsonAsync(Url(clinic), new { offsetsMinutes = new[] { 60, 1440 }, nameAppointmentType = true }))
        {
            await saved.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        var mine = await admin.GetJsonAsync<JsonElement>(Url(clinic));
        mine.GetProperty("offsetsMinutes").EnumerateArray().Select(o => o.GetInt32()).ShouldBe([1440, 60]);
        mine.GetProperty("nameAppointmentType").GetBoolean().ShouldBeTrue();
        mine.GetProperty("isDefault").GetBoolean().ShouldBeFalse();

        using (var none = await admin.PutJsonAsync(Url(clinic), new { offsetsMinutes = Array.Empty<int>(), nameAppointmentType = false }))
        {
            await none.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        (await admin.GetJsonAsync<JsonElement>(Url(clinic))).GetProperty("offsetsMinutes").GetArrayLength().ShouldBe(0);
        (await App.QuerySingleAsync<long>(
            "select count(*) from platform.audit_log where clinic_id = @id and action = 'appointments.reminder_settings.saved'", new { id = clinic.Id })).ShouldBe(2);
    }

    [Fact]
    public async Task R6_bad_reminder_settings_get_a_400_problem_and_change_nothing()
    {
        var clinic = await App.OpenClinicAsync();
        using var admin = await App.SignedInAsync(clinic, clinic.Admin);
        var valid = JsonNode.Parse("""{"offsetsMinutes": [2880, 120], "nameAppointmentType": true}""")!;
        var cases = BadJson.Mutations(valid).Concat(
        [
            ("too many", """{"offsetsMinutes": [15, 30, 60, 120, 240, 480], "nameAppointmentType": false}"""),
            ("twice the same", """{"offsetsMinutes": [60, 60], "nameAppointmentType": false}"""),
            ("too near", """{"offsetsMinutes": [14], "nameAppointmentType": false}"""),
            ("too far", """{"offsetsMinutes": [20161], "nameAppointmentType": false}"""),
            ("negative", """{"offsetsMinutes": [-60], "nameAppointmentType": false}"""),
            ("no list", """{"offsetsMinutes": null, "nameAppointmentType": false}"""),
            ("fractional", """{"offsetsMinutes": [60.5], "nameAppointmentType": false}"""),
            ("huge", """{"offsetsMinutes": [99999999999], "nameAppointmentType": false}"""),
        ]);
        foreach (var (what, json) in cases)
        {
            using var response = await admin.SendRawJsonAsync(HttpMethod.Put, Url(clinic), json);
            await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
            (await admin.GetJsonAsync<JsonElement>(Url(clinic))).GetProperty("isDefault").GetBoolean().ShouldBeTrue(what);
        }
    }

    [Fact]
    public async Task A2_only_the_clinics_managers_see_or_change_its_reminders_not_its_staff_nor_another_clinic_nor_a_patient()
    {
        var clinic = await App.OpenClinicAsync();
        var other = await App.OpenClinicAsync();
        var body = new { offsetsMinutes = new[] { 60 }, nameAppointmentType = true };
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        using var otherOwner = await App.SignedInAsync(other, other.Owner);
        using var patient = await App.SignedInPatientAsync(fixture.Smtp, await App.AddPatientAsync(clinic));
        // Staff who are not managers, and another clinic's owner, are known but refused; a patient has no staff session at all.
        foreach (var (client, status) in new[] { (staff, HttpStatusCode.Forbidden), (otherOwner, HttpStatusCode.Forbidden), (patient, HttpStatusCode.Unauthorized) })
        {
            using (var read = await client.GetAsync(Url(clinic)))
            {
                await read.ShouldBeProblemAsync(status);
            }

            using (var write = await client.PutJsonAsync(Url(clinic), body))
            {
                await write.ShouldBeProblemAsync(status);
            }
        }

        using var anonymous = await App.AnonymousClientAsync();
        using (var read = await anonymous.GetAsync(Url(clinic)))
        {
            await read.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        }

        using var owner = await App.SignedInAsync(clinic, clinic.Owner);
        (await owner.GetJsonAsync<JsonElement>(Url(clinic))).GetProperty("isDefault").GetBoolean().ShouldBeTrue();
    }
}
