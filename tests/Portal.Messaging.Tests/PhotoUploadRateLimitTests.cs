using System.Net;
using System.Text.Json;
using static Portal.Messaging.Tests.MessagingApi;
using static Portal.Messaging.Tests.PhotoUploadApi;

namespace Portal.Messaging.Tests;

public sealed class PhotoUploadRateLimitTests(MessagingAppFixture fixture) : IClassFixture<MessagingAppFixture>
{
    private PortalApp App => fixture.App;

    [Fact]
    public async Task R7_the_per_address_limit_on_sending_photos_holds_across_two_hosts_and_a_refused_send_changes_nothing()
    {
        var clinic = await App.OpenClinicAsync();
        var patient = await App.AddPatientAsync(clinic);
        var (conversationId, requestId) = await App.RequestPhotosAsync(patient, photosMax: 1);
        using var signedIn = await App.SignedInPatientAsync(fixture.Smtp, patient);
        await using var first = await App.StartSecondHostAsync(configure: LimitUploads);
        await using var second = await App.StartSecondHostAsync(configure: LimitUploads);
        using var atFirst = signedIn.CopyTo(first.BaseAddress);
        using var atSecond = signedIn.CopyTo(second.BaseAddress);
        await App.ExecuteAsync("delete from platform.rate_limit_counters where key like 'uploads:%'");
        var empty = new PhotoPart([]);

        using (var one = await atFirst.SendPhotosAsync(clinic, conversationId, requestId, empty))
        {
            await one.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "empty_upload");
        }

        using (var two = await atSecond.SendPhotosAsync(clinic, conversationId, requestId, empty))
        {
            await two.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "empty_upload");
        }

        using var refused = await atFirst.SendPhotosAsync(clinic, conversationId, requestId, new PhotoPart(TestPhotos.Jpeg()));

        await refused.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        refused.Headers.RetryAfter.ShouldNotBeNull().Delta.ShouldNotBeNull().ShouldBeInRange(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
        (await App.ChartDocumentsAsync(patient)).ShouldBeEmpty();
        (await App.CountAsync("messages", clinic.Id)).ShouldBe(1);
        var mine = await signedIn.GetJsonAsync<JsonElement>(MyConversationUrl(clinic, conversationId));
        mine.GetProperty("messages")[0].GetProperty("uploadRequest").GetProperty("state").GetString().ShouldBe("open");

        App.Clock.Advance(TimeSpan.FromSeconds(61));
        using var later = await atSecond.SendPhotosAsync(clinic, conversationId, requestId, new PhotoPart(TestPhotos.Jpeg()));
        await later.ShouldHaveStatusAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task R7_upload_requests_are_limited_per_staff_account_across_two_hosts_and_a_refused_request_sends_nothing()
    {
        var clinic = await App.OpenClinicAsync();
        var patient = await App.AddPatientAsync(clinic);
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        await using var first = await App.StartSecondHostAsync(configure: LimitAccounts);
        await using var second = await App.StartSecondHostAsync(configure: LimitAccounts);
        using var atFirst = staff.CopyTo(first.BaseAddress);
        using var atSecond = staff.CopyTo(second.BaseAddress);
        await App.ExecuteAsync("delete from platform.rate_limit_counters where key like 'account-%'");
        var request = NewUploadRequest(patient.Id, App.Clock.GetUtcNow().AddDays(7));

        foreach (var at in new[] { atFirst, atSecond })
        {
            using var sent = await at.SendJsonAsync(HttpMethod.Post, UploadRequestsUrl(clinic), request);
            await sent.ShouldHaveStatusAsync(HttpStatusCode.Created);
        }

        const string Queued = "select count(*) from notifications.outbox where clinic_id = @Id";
        var queuedBefore = await App.QuerySingleAsync<long>(Queued, new { clinic.Id });
        using var refused = await atFirst.SendJsonAsync(HttpMethod.Post, UploadRequestsUrl(clinic), request);

        await refused.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        (await App.CountAsync("messages", clinic.Id)).ShouldBe(2);
        (await App.QuerySingleAsync<long>(Queued, new { clinic.Id })).ShouldBe(queuedBefore);
    }

    [Fact]
    public async Task R7_thumbnail_reads_are_limited_per_account_across_two_hosts_for_patients_and_staff()
    {
        var clinic = await App.OpenClinicAsync();
        var patient = await App.AddPatientAsync(clinic);
        var (conversationId, _) = await App.RequestPhotosAsync(patient);
        using var signedIn = await App.SignedInPatientAsync(fixture.Smtp, patient);
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        await using var first = await App.StartSecondHostAsync(configure: LimitAccounts);
        await using var second = await App.StartSecondHostAsync(configure: LimitAccounts);
        await App.ExecuteAsync("delete from platform.rate_limit_counters where key like 'account-%'");
        var staffThumbnail = $"/api/clinics/{clinic.Slug}/patients/{patient.Id}/documents/{Guid.CreateVersion7()}/thumbnail";
        var patientThumbnail = MyThumbnailUrl(clinic, conversationId, Guid.CreateVersion7());

        foreach (var (client, url) in new[] { (signedIn, patientThumbnail), (staff, staffThumbnail) })
        {
            using var atFirst = client.CopyTo(first.BaseAddress);
            using var atSecond = client.CopyTo(second.BaseAddress);
            var statuses = new List<HttpStatusCode>();
            foreach (var at in new[] { atFirst, atSecond, atFirst })
            {
                using var read = await at.GetAsync(url);
                statuses.Add(read.StatusCode);
            }

            statuses.ShouldBe([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.TooManyRequests], url);
        }
    }

    private static void LimitAccounts(PortalAppOptions options)
    {
        options.Settings["Portal:RateLimits:AccountChangesPerMinute"] = "2";
        options.Settings["Portal:RateLimits:AccountReadsPerMinute"] = "2";
        options.Settings["Portal:Jobs:Enabled"] = "false";
    }

    private static void LimitUploads(PortalAppOptions options)
    {
        options.Settings["Portal:RateLimits:UploadsPerMinute"] = "2";
        options.Settings["Portal:Jobs:Enabled"] = "false";
    }
}
