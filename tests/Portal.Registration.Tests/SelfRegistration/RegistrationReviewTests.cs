using System.Text.Json;
using System.Net;
using System.Text.Json.Nodes;
using static Portal.Registration.Tests.SelfRegistration.SelfRegistrationApi;
using static Portal.TestKit.RegistrationApi;

namespace Portal.Registration.Tests.SelfRegistration;

/// <summary>Staff's review queue: accept, accept into an existing chart, reject with a reason; audited, told to the person.</summary>
public sealed class RegistrationReviewTests(MessagingAppFixture fixture) : IClassFixture<MessagingAppFixture>
{
    private PortalApp App => fixture.App;

    [Fact]
    public async Task A_pending_registration_cannot_sign_in_until_staff_accept_it_and_then_can()
    {
        using var review = await App.PendingReviewAsync(fixture);
        var (clinic, person, staff) = (review.Clinic, review.Person, review.Staff);
        (await App.CanSignInAsync(fixture.Smtp, clinic, person.HealthNumber, person.Email)).ShouldBeFalse();

        using var accepted = await review.ReviewAsync("accept", new { });

        await accepted.ShouldHaveStatusAsync(HttpStatusCode.OK);
        (await accepted.ReadJsonAsync()).GetProperty("status").GetString().ShouldBe("accepted");
        var told = await fixture.Smtp.WaitForAsync(m => m.Recipients.Contains(person.Email) && m.Subject!.Contains("accepted"), TimeSpan.FromSeconds(20));
        told.TextBody!.ShouldContain($"/{clinic.Slug}/");
        (await App.CanSignInAsync(fixture.Smtp, clinic, person.HealthNumber, person.Email)).ShouldBeTrue();
        (await staff.QueueAsync(clinic)).GetProperty("items").GetArrayLength().ShouldBe(0);
        (await App.CountAsync(
            "select count(*) from platform.audit_log where clinic_id = @id and action = 'registration.self_registration.accepted'", new { id = clinic.Id }))
            .ShouldBe(1);
    }

    [Fact]
    public async Task A_chart_waiting_for_review_cannot_be_made_active_by_editing_it_only_through_the_queue()
    {
        using var review = await App.PendingReviewAsync(fixture, c => c.Admin);
        var (clinic, person, admin) = (review.Clinic, review.Person, review.Staff);
        var patientId = review.Registration.GetProperty("patientId").GetGuid();
        var edit = EditBody(await admin.GetJsonAsync<JsonElement>(PatientUrl(clinic, patientId)));
        edit["active"].ShouldNotBeNull().GetValue<bool>().ShouldBeFalse();
        edit["active"] = true;

        using (var refused = await admin.SendJsonAsync(HttpMethod.Put, PatientUrl(clinic, patientId), edit))
        {
            (await refused.ShouldBeProblemAsync(HttpStatusCode.Conflict, "registration_awaits_review")).FieldCodes!.Keys.ShouldBe(["active"]);
        }

        (await admin.GetJsonAsync<JsonElement>(PatientUrl(clinic, patientId))).GetProperty("active").GetBoolean().ShouldBeFalse();
        (await App.CanSignInAsync(fixture.Smtp, clinic, person.HealthNumber, person.Email)).ShouldBeFalse();
        using (var accepted = await review.ReviewAsync("accept", new { }))
        {
            await accepted.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        var renamed = EditBody(await admin.GetJsonAsync<JsonElement>(PatientUrl(clinic, patientId)));
        renamed["preferredName"] = "Ada";
        using var saved = await admin.SendJsonAsync(HttpMethod.Put, PatientUrl(clinic, patientId), renamed);
        await saved.ShouldHaveStatusAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Accept_and_merge_adds_the_proven_contact_to_the_existing_chart_and_the_person_signs_in_to_it()
    {
        var clinic = await App.OpenRegistrationClinicAsync();
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        var existingCard = TestCards.Ontario();
        var existing = RegistrationApi.NewPatient(existingCard, givenName: "Élise", familyName: "Gagnon");
        existing["dateOfBirth"] = "1990-05-17";
        existing["portalAccess"] = true;
        var chart = await staff.CreatePatientAsync(clinic, existing);
        var chartId = chart.GetProperty("id").GetGuid();
        using var client = await App.AnonymousClientAsync();
        // The person registered with another ID the chart lacks, so no match was found by identifier.
        using (var manager = await App.SignedInAsync(clinic, clinic.Owner))
        {
            await manager.AddIdTypeAsync(clinic, "HRN", searchable: true);
            await manager.SetPortalSettingAsync(clinic, "extraSearchableIdsEnabled", true);
        }

        var form = Form();
        form["identifier"] = new JsonObject { ["type"] = "HRN", ["number"] = "HR12345", ["versionCode"] = null };
        var person = await client.RegisterAsync(fixture, clinic, form);
        var pending = (await staff.QueueAsync(clinic)).GetProperty("items").EnumerateArray()
            .Single(i => i.GetProperty("emails")[0].GetString() == person.Email);
        pending.GetProperty("possibleMatches").EnumerateArray().Select(m => m.GetProperty("patientId").GetGuid()).ShouldContain(chartId);

        using var merged = await staff.PostJsonAsync(ReviewUrl(clinic, pending.GetProperty("id").GetGuid(), "merge"), new { patientId = chartId });

        await merged.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var outcome = await merged.ReadJsonAsync();
        outcome.GetProperty("status").GetString().ShouldBe("merged");
        outcome.GetProperty("patientId").GetGuid().ShouldBe(chartId);
        var after = await staff.GetJsonAsync<System.Text.Json.JsonElement>(RegistrationApi.PatientUrl(clinic, chartId));
        after.GetProperty("emails").EnumerateArray().Select(e => e.GetString()).ShouldContain(person.Email);
        after.GetProperty("identifiers").EnumerateArray().Select(i => i.GetProperty("type").GetString()).ShouldBe(["ON", "HRN"]);
        (await App.QuerySingleAsync<bool>("select active from registration.patients where id = @id", new { id = pending.GetProperty("patientId").GetGuid() }))
            .ShouldBeFalse();
        (await App.CanSignInAsync(fixture.Smtp, clinic, existingCard, person.Email)).ShouldBeTrue();
    }

    [Fact]
    public async Task Reject_keeps_the_reason_for_the_clinic_leaves_the_chart_unable_to_sign_in_and_tells_the_person_to_call()
    {
        using var review = await App.PendingReviewAsync(fixture);
        var (clinic, person, staff) = (review.Clinic, review.Person, review.Staff);

        using var rejected = await review.ReviewAsync("reject", new { reason = "Not a patient of this clinic's area." });

        await rejected.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var told = await fixture.Smtp.WaitForAsync(m => m.Recipients.Contains(person.Email) && m.TextBody!.Contains("call the clinic"), TimeSpan.FromSeconds(20));
        told.TextBody!.ShouldNotContain("area");
        var listed = (await staff.QueueAsync(clinic, "rejected")).GetProperty("items")[0];
        listed.GetProperty("rejectReason").GetString().ShouldBe("Not a patient of this clinic's area.");
        (await App.CanSignInAsync(fixture.Smtp, clinic, person.HealthNumber, person.Email)).ShouldBeFalse();
        using var twice = await review.ReviewAsync("accept", new { });
        await twice.ShouldBeProblemAsync(HttpStatusCode.Conflict, "registration_reviewed");
    }

    [Fact]
    public async Task A2_another_clinics_staff_find_no_registration_to_review()
    {
        using var review = await App.PendingReviewAsync(fixture);
        var other = await App.OpenRegistrationClinicAsync();
        using var outsider = await App.SignedInAsync(other, other.Staff);

        (await outsider.QueueAsync(other)).GetProperty("items").GetArrayLength().ShouldBe(0);
        using var accepted = await outsider.PostJsonAsync(ReviewUrl(other, review.Id, "accept"), new { });

        await accepted.ShouldBeProblemAsync(HttpStatusCode.NotFound, "registration_not_found");
        using var anonymous = await review.Client.GetAsync(QueueUrl(review.Clinic));
        anonymous.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_merge_into_the_registrations_own_chart_or_an_unknown_one_is_refused()
    {
        using var review = await App.PendingReviewAsync(fixture);

        using var own = await review.ReviewAsync("merge", new { patientId = review.Registration.GetProperty("patientId").GetGuid() });
        using var unknown = await review.ReviewAsync("merge", new { patientId = Guid.NewGuid() });

        await own.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "merge_target_not_found");
        await unknown.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "merge_target_not_found");
        (await review.Staff.PendingAsync(review.Clinic, review.Person.HealthNumber)).GetProperty("status").GetString().ShouldBe("pending_review");
    }
}
