using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Portal.Notifications.Tests;

public sealed class QuietHoursTests(NotificationHost host) : IClassFixture<NotificationHost>
{
    private static readonly TimeZoneInfo Toronto = TimeZoneInfo.FindSystemTimeZoneById("America/Toronto");

    private PortalApp App => host.App;

    [Fact]
    public async Task A_routine_sms_in_the_clinics_quiet_hours_is_held_until_they_end_while_a_passcode_goes_at_once()
    {
        var clinic = await App.CreateClinicAsync();
        MoveClockToLocal(TimeSpan.FromHours(23));
        var phone = "+1613557" + Random.Shared.Next(1000, 9999);
        var routine = await App.EnqueueAsync(Notifications.Reminder(clinic.Id, NotificationChannels.EmailAndSms, phone: phone));
        var passcode = await App.EnqueueAsync(new NotificationRequest(
            TestTemplates.Passcode, clinic.Id, NotificationChannels.Sms, null, phone, "en", new Dictionary<string, string> { ["code"] = "482913" }, "passcode:" + Guid.NewGuid()));

        await host.Twilio.WaitForAsync(m => m.To == phone && m.Body == "Your code is 482913", Notifications.Patience);
        var held = await App.WaitForAsync(routine, row => row.Channel == "email" ? row.State == "sent" : row.State == "held");

        var sms = held.Single(row => row.Channel == "sms");
        var localRelease = TimeZoneInfo.ConvertTime(sms.NotBefore, Toronto);
        localRelease.TimeOfDay.ShouldBe(TimeSpan.FromHours(8));
        localRelease.Date.ShouldBe(TimeZoneInfo.ConvertTime(App.Clock.GetUtcNow(), Toronto).Date.AddDays(1));
        sms.AttemptCount.ShouldBe(0);
        host.Twilio.Messages.Count(m => m.To == phone).ShouldBe(1);

        MoveClockToLocal(TimeSpan.FromHours(8) + TimeSpan.FromMinutes(1), nextDay: true);
        await App.WaitForAsync(routine, row => row.State == "sent");
        host.Twilio.Messages.Count(m => m.To == phone).ShouldBe(2);
    }

    [Fact]
    public async Task A_clinic_sets_its_own_quiet_hours_and_they_apply()
    {
        var clinic = await App.CreateClinicAsync();
        using var admin = App.CreateClient();
        await admin.SignInAsync(clinic, clinic.Admin);
        var path = $"/api/clinics/{clinic.Slug}/settings/sms-quiet-hours";
        var defaults = await admin.GetJsonAsync<System.Text.Json.JsonElement>(path);
        defaults.GetProperty("startsAt").GetString().ShouldBe("21:00");
        defaults.GetProperty("isDefault").GetBoolean().ShouldBeTrue();

        using (var saved = await admin.PutJsonAsync(path, new { startsAt = "12:00", endsAt = "13:30" }))
        {
            await saved.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        using (var invalid = await admin.PutJsonAsync(path, new { startsAt = "25:00", endsAt = "08:00" }))
        {
            await invalid.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        }

        MoveClockToLocal(TimeSpan.FromHours(12.5));
        var phone = "+1613558" + Random.Shared.Next(1000, 9999);
        var ids = await App.EnqueueAsync(Notifications.Reminder(clinic.Id, NotificationChannels.Sms, phone: phone));
        var held = await App.WaitForAsync(ids, row => row.State == "held");
        TimeZoneInfo.ConvertTime(held[0].NotBefore, Toronto).TimeOfDay.ShouldBe(new TimeSpan(13, 30, 0));
        (await App.QuerySingleAsync<long>(
            "select count(*) from platform.audit_log where clinic_id = @id and action = 'notifications.quiet_hours.saved'", new { id = clinic.Id })).ShouldBe(1);
    }

    [Fact]
    public async Task R6_quiet_hours_of_the_wrong_shape_get_a_400_problem_and_change_nothing()
    {
        var clinic = await App.CreateClinicAsync();
        using var admin = App.CreateClient();
        await admin.SignInAsync(clinic, clinic.Admin);
        var path = $"/api/clinics/{clinic.Slug}/settings/sms-quiet-hours";

        foreach (var (what, json) in BadJson.Mutations(JsonNode.Parse("{\"startsAt\": \"12:00\", \"endsAt\": \"13:30\"}")!))
        {
            using var response = await admin.SendRawJsonAsync(HttpMethod.Put, path, json);
            await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
            (await admin.GetJsonAsync<JsonElement>(path)).GetProperty("isDefault").GetBoolean().ShouldBeTrue(what);
        }

        App.Logs.Errors.ShouldBeEmpty();
    }

    /// <summary>Moves the test clock forward to the given time of day in Toronto (today, or the day after).</summary>
    private void MoveClockToLocal(TimeSpan timeOfDay, bool nextDay = false)
    {
        var now = App.Clock.GetUtcNow();
        var local = TimeZoneInfo.ConvertTime(now, Toronto);
        var targetLocal = local.Date.AddDays(nextDay ? 1 : 0) + timeOfDay;
        var target = new DateTimeOffset(targetLocal, Toronto.GetUtcOffset(targetLocal));
        while (target <= now)
        {
            target = target.AddDays(1);
        }

        App.Clock.Advance(target - now);
    }
}
