using System.Net;
using static Portal.Registration.Tests.SelfRegistration.SelfRegistrationApi;

namespace Portal.Registration.Tests.SelfRegistration;

/// <summary>R7 on the review queue: staff limits follow the account across hosts, since a clinic's staff share one address.</summary>
public sealed class RegistrationReviewRateLimitTests(MessagingAppFixture fixture) : IClassFixture<MessagingAppFixture>
{
    private PortalApp App => fixture.App;

    [Fact]
    public async Task R7_review_decisions_are_limited_per_staff_account_across_two_hosts_and_a_refused_decision_changes_nothing()
    {
        using var review = await App.PendingReviewAsync(fixture);
        await using var first = await App.StartSecondHostAsync(configure: Limit);
        await using var second = await App.StartSecondHostAsync(configure: Limit);
        using var atFirst = review.Staff.CopyTo(first.BaseAddress);
        using var atSecond = review.Staff.CopyTo(second.BaseAddress);
        await App.ExecuteAsync("delete from platform.rate_limit_counters where key like 'account-%'");
        var url = ReviewUrl(review.Clinic, review.Id, "reject");

        foreach (var at in new[] { atFirst, atSecond })
        {
            using var blank = await at.PostJsonAsync(url, new { reason = " " });
            await blank.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        }

        using var refused = await atFirst.PostJsonAsync(url, new { reason = "Not a patient of this clinic" });

        await refused.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        (await atSecond.PendingAsync(review.Clinic, review.Person.HealthNumber)).GetProperty("status").GetString().ShouldBe("pending_review");
        // The clinic's other staff, behind the same address, are not held back by one account's count.
        using var admin = await App.SignedInAsync(review.Clinic, review.Clinic.Admin);
        using var adminAtSecond = admin.CopyTo(second.BaseAddress);
        using var accepted = await adminAtSecond.PostJsonAsync(ReviewUrl(review.Clinic, review.Id, "accept"), new { });
        await accepted.ShouldHaveStatusAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task R7_reads_of_the_review_queue_are_limited_per_staff_account_across_two_hosts()
    {
        using var review = await App.PendingReviewAsync(fixture);
        await using var first = await App.StartSecondHostAsync(configure: Limit);
        await using var second = await App.StartSecondHostAsync(configure: Limit);
        using var atFirst = review.Staff.CopyTo(first.BaseAddress);
        using var atSecond = review.Staff.CopyTo(second.BaseAddress);
        await App.ExecuteAsync("delete from platform.rate_limit_counters where key like 'account-%'");

        var statuses = new List<HttpStatusCode>();
        foreach (var at in new[] { atFirst, atSecond, atFirst, atSecond })
        {
            using var read = await at.GetAsync(QueueUrl(review.Clinic));
            statuses.Add(read.StatusCode);
        }

        statuses.ShouldBe([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests]);
    }

    private static void Limit(PortalAppOptions options)
    {
        options.Settings["Portal:RateLimits:AccountChangesPerMinute"] = "2";
        options.Settings["Portal:RateLimits:AccountReadsPerMinute"] = "3";
        options.Settings["Portal:Jobs:Enabled"] = "false";
    }
}
