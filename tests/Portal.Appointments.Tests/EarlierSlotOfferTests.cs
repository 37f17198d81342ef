using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Portal.Appointments.EarlierSlots;
using Portal.TestKit.Peers;
using static Portal.Appointments.Tests.AppointmentsApi;

namespace Portal.Appointments.Tests;

/// <summary>Earlier-slot offers (X5): a freed time goes to the first patient asking, in turn, and only one accept wins.</summary>
public sealed class EarlierSlotOfferTests(MessagingAppFixture fixture) : IClassFixture<MessagingAppFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private PortalApp App => fixture.App;

    private SmtpSink Smtp => fixture.Smtp;

    private static string EarlierSlotUrl(BookableClinic setup, Guid id, string action = "") => MyAppointmentUrl(setup, id, "/earlier-slot" + action);

    private static JsonObject Answer(Guid offerId) => new() { ["offerId"] = offerId };

    private static async Task AskAsync(PortalClient patient, BookableClinic setup, Guid id)
    {
        using var response = await patient.SendAsync(HttpMethod.Post, EarlierSlotUrl(setup, id));
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        (await response.ReadJsonAsync()).GetProperty("wantsEarlierSlot").GetBoolean().ShouldBeTrue();
    }

    private static async Task<JsonElement> ViewAsync(PortalClient patient, BookableClinic setup, Guid id) =>
        await patient.GetJsonAsync<JsonElement>(MyAppointmentUrl(setup, id));

    /// <summary>The offer the patient sees on the appointment, or null.</summary>
    private static async Task<(Guid Id, DateTimeOffset StartsAt)?> OfferAsync(PortalClient patient, BookableClinic setup, Guid id)
    {
        var offer = (await ViewAsync(patient, setup, id)).GetProperty("earlierSlotOffer");
        return offer.ValueKind == JsonValueKind.Null ? null : (offer.GetProperty("id").GetGuid(), offer.GetProperty("startsAt").GetDateTimeOffset());
    }

    private static async Task CancelAsync(PortalClient patient, BookableClinic setup, Guid id)
    {
        using var response = await patient.SendJsonAsync(HttpMethod.Post, MyAppointmentUrl(setup, id, "/cancel"), new JsonObject());
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
    }

    private Task<long> OffersQueuedAsync(string recipient) =>
        App.QuerySingleAsync<long>(
            "select count(*) from notifications.outbox where template_key = 'appointments.earlier_slot_offered' and recipient = @recipient", new { recipient });

    private Task<bool> RunOfferJobAsync() =>
        App.InScopeAsync(async services =>
        {
            await services.GetRequiredService<EarlierSlotOfferJob>().RunAsync(CancellationToken.None);
            return true;
        });

    private async Task<(NoticePatient Patient, PortalClient Client, Guid Id)> BookedAsync(BookableClinic setup, DateTimeOffset at)
    {
        var patient = await App.AddNoticePatientAsync(setup.Clinic);
        var client = await App.SignedInPatientAsync(Smtp, patient.Patient);
        return (patient, client, (await client.BookAsync(setup, at)).GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task An_earlier_slot_freed_by_a_cancellation_is_offered_to_the_first_asker_only_by_their_channel_once_and_without_health_details()
    {
        var setup = await App.BookableClinicAsync();
        var (first, firstClient, firstId) = await BookedAsync(setup, At(setup.Day.AddDays(2), 10));
        var (second, secondClient, secondId) = await BookedAsync(setup, At(setup.Day.AddDays(1), 10));
        var (_, leaving, leavingId) = await BookedAsync(setup, At(setup.Day, 9));
        using (firstClient)
        using (secondClient)
        using (leaving)
        {
            await AskAsync(firstClient, setup, firstId);
            await AskAsync(secondClient, setup, secondId);
            await AskAsync(firstClient, setup, firstId);
            (await OfferAsync(firstClient, setup, firstId)).ShouldBeNull();

            await CancelAsync(leaving, setup, leavingId);

            var offer = (await OfferAsync(firstClient, setup, firstId)).ShouldNotBeNull();
            offer.StartsAt.ShouldBe(At(setup.Day, 9));
            (await OfferAsync(secondClient, setup, secondId)).ShouldBeNull();
            (await OffersQueuedAsync(first.Email)).ShouldBe(1);
            (await OffersQueuedAsync(second.Email)).ShouldBe(0);
            var email = await Smtp.WaitForAsync(m => m.Recipients.Contains(first.Email) && m.Subject == $"An earlier time is free at {setup.Clinic.Name}", Patience);
            email.TextBody!.ShouldContain("9:00");
            email.TextBody!.ShouldContain("Provider 0, MD");
            email.TextBody!.ShouldContain($"{App.BaseAddress.ToString().TrimEnd('/')}/{setup.Clinic.Slug}/appointments/{firstId}");
            // The clinic has not allowed notices to name the type: nothing says what the visit is for.
            email.TextBody!.ShouldNotContain("Follow-up");
            email.HtmlBody!.ShouldNotContain("Follow-up");
            // The job finds nothing to do while the offer stands, and never queues it again.
            await RunOfferJobAsync();
            (await OffersQueuedAsync(first.Email)).ShouldBe(1);
        }
    }

    [Fact]
    public async Task Accepting_moves_the_appointment_into_the_offered_time_in_one_step_and_its_old_time_goes_to_the_next_asker()
    {
        var setup = await App.BookableClinicAsync();
        var (_, first, firstId) = await BookedAsync(setup, At(setup.Day.AddDays(1), 10));
        var (_, second, secondId) = await BookedAsync(setup, At(setup.Day.AddDays(2), 10));
        var (_, leaving, leavingId) = await BookedAsync(setup, At(setup.Day, 9));
        using (first)
        using (second)
        using (leaving)
        {
            await AskAsync(first, setup, firstId);
            await AskAsync(second, setup, secondId);
            await CancelAsync(leaving, setup, leavingId);
            var offer = (await OfferAsync(first, setup, firstId)).ShouldNotBeNull();

            using var accepted = await first.SendJsonAsync(HttpMethod.Post, EarlierSlotUrl(setup, firstId, "/accept"), Answer(offer.Id));

            await accepted.ShouldHaveStatusAsync(HttpStatusCode.OK);
            var view = await accepted.ReadJsonAsync();
            view.GetProperty("startsAt").GetDateTimeOffset().ShouldBe(At(setup.Day, 9));
            view.GetProperty("wantsEarlierSlot").GetBoolean().ShouldBeFalse();
            view.GetProperty("earlierSlotOffer").ValueKind.ShouldBe(JsonValueKind.Null);
            (await App.QuerySingleAsync<int>("select sequence from appointments.appointments where id = @firstId", new { firstId })).ShouldBe(1);
            (await App.QuerySingleAsync<long>(
                "select count(*) from notifications.outbox where deduplication_key = @key", new { key = $"appointments.rescheduled:{firstId}:1" }))
                .ShouldBeGreaterThan(0);
            (await App.QuerySingleAsync<long>(
                "select count(*) from platform.audit_log where action = 'appointments.earlier_slot.accepted' and target_id = @id", new { id = firstId.ToString() }))
                .ShouldBe(1);

            // The first asker's old time is free and earlier than the second's appointment: it is offered to them.
            (await OfferAsync(second, setup, secondId)).ShouldNotBeNull().StartsAt.ShouldBe(At(setup.Day.AddDays(1), 10));

            using var again = await first.SendJsonAsync(HttpMethod.Post, EarlierSlotUrl(setup, firstId, "/accept"), Answer(offer.Id));
            await again.ShouldBeProblemAsync(HttpStatusCode.Conflict, "offer_answered");
        }
    }

    [Fact]
    public async Task An_expired_offer_passes_to_the_next_asker_and_can_no_longer_be_accepted()
    {
        var setup = await App.BookableClinicAsync();
        var (firstPatient, first, firstId) = await BookedAsync(setup, At(setup.Day.AddDays(1), 10));
        var (second, secondClient, secondId) = await BookedAsync(setup, At(setup.Day.AddDays(2), 10));
        var (_, leaving, leavingId) = await BookedAsync(setup, At(setup.Day, 9));
        (Guid Id, DateTimeOffset StartsAt) offer;
        using (first)
        using (secondClient)
        using (leaving)
        {
            await AskAsync(first, setup, firstId);
            await AskAsync(secondClient, setup, secondId);
            await CancelAsync(leaving, setup, leavingId);
            offer = (await OfferAsync(first, setup, firstId)).ShouldNotBeNull();
            (await OffersQueuedAsync(second.Email)).ShouldBe(0);
        }

        // Past the offer's 30 minutes (sessions idle that long end too: both sign in again).
        App.Clock.Advance(TimeSpan.FromMinutes(31));
        using var firstAgain = await App.SignedInPatientAsync(Smtp, firstPatient.Patient);
        using var secondAgain = await App.SignedInPatientAsync(Smtp, second.Patient);
        (await OfferAsync(firstAgain, setup, firstId)).ShouldBeNull();
        await RunOfferJobAsync();

        (await OfferAsync(secondAgain, setup, secondId)).ShouldNotBeNull().StartsAt.ShouldBe(At(setup.Day, 9));
        (await OffersQueuedAsync(second.Email)).ShouldBe(1);
        using (var late = await firstAgain.SendJsonAsync(HttpMethod.Post, EarlierSlotUrl(setup, firstId, "/accept"), Answer(offer.Id)))
        {
            await late.ShouldBeProblemAsync(HttpStatusCode.Conflict, "offer_expired");
        }

        (await ViewAsync(firstAgain, setup, firstId)).GetProperty("startsAt").GetDateTimeOffset().ShouldBe(At(setup.Day.AddDays(1), 10));
        (await ViewAsync(firstAgain, setup, firstId)).GetProperty("wantsEarlierSlot").GetBoolean().ShouldBeTrue();
        await RunOfferJobAsync();
        (await OffersQueuedAsync(second.Email)).ShouldBe(1);
    }

    [Fact]
    public async Task A_declined_offer_goes_at_once_to_the_next_asker_and_one_who_stops_asking_is_passed_over()
    {
        var setup = await App.BookableClinicAsync();
        var (_, first, firstId) = await BookedAsync(setup, At(setup.Day.AddDays(1), 10));
        var (_, quitter, quitterId) = await BookedAsync(setup, At(setup.Day.AddDays(2), 10));
        var (_, third, thirdId) = await BookedAsync(setup, At(setup.Day.AddDays(3), 10));
        var (_, leaving, leavingId) = await BookedAsync(setup, At(setup.Day, 9));
        using (first)
        using (quitter)
        using (third)
        using (leaving)
        {
            await AskAsync(first, setup, firstId);
            await AskAsync(quitter, setup, quitterId);
            await AskAsync(third, setup, thirdId);
            using (var stop = await quitter.SendAsync(HttpMethod.Delete, EarlierSlotUrl(setup, quitterId)))
            {
                await stop.ShouldHaveStatusAsync(HttpStatusCode.OK);
                (await stop.ReadJsonAsync()).GetProperty("wantsEarlierSlot").GetBoolean().ShouldBeFalse();
            }

            await CancelAsync(leaving, setup, leavingId);
            var offer = (await OfferAsync(first, setup, firstId)).ShouldNotBeNull();

            using (var declined = await first.SendJsonAsync(HttpMethod.Post, EarlierSlotUrl(setup, firstId, "/decline"), Answer(offer.Id)))
            {
                await declined.ShouldHaveStatusAsync(HttpStatusCode.OK);
                var view = await declined.ReadJsonAsync();
                view.GetProperty("startsAt").GetDateTimeOffset().ShouldBe(At(setup.Day.AddDays(1), 10));
                view.GetProperty("wantsEarlierSlot").GetBoolean().ShouldBeTrue();
            }

            (await OfferAsync(quitter, setup, quitterId)).ShouldBeNull();
            (await OfferAsync(third, setup, thirdId)).ShouldNotBeNull().StartsAt.ShouldBe(At(setup.Day, 9));
            using var accept = await first.SendJsonAsync(HttpMethod.Post, EarlierSlotUrl(setup, firstId, "/accept"), Answer(offer.Id));
            await accept.ShouldBeProblemAsync(HttpStatusCode.Conflict, "offer_answered");
        }
    }

    [Fact]
    public async Task A_time_freed_by_a_move_or_by_a_declined_request_is_offered_too()
    {
        var setup = await App.BookableClinicAsync();
        var (_, asker, askerId) = await BookedAsync(setup, At(setup.Day.AddDays(2), 10));
        var (_, mover, moverId) = await BookedAsync(setup, At(setup.Day, 9));
        using (asker)
        using (mover)
        {
            await AskAsync(asker, setup, askerId);
            using (var moved = await mover.RescheduleAsync(setup, moverId, At(setup.Day.AddDays(3), 9)))
            {
                await moved.ShouldHaveStatusAsync(HttpStatusCode.OK);
            }

            var offer = (await OfferAsync(asker, setup, askerId)).ShouldNotBeNull();
            offer.StartsAt.ShouldBe(At(setup.Day, 9));
            using (var declined = await asker.SendJsonAsync(HttpMethod.Post, EarlierSlotUrl(setup, askerId, "/decline"), Answer(offer.Id)))
            {
                await declined.ShouldHaveStatusAsync(HttpStatusCode.OK);
            }

            // The clinic now approves online bookings first; staff decline a request for 10:00 that day.
            await App.SetRulesAsync(setup, RulesBody(mode: "request"));
            var (_, requester, requestId) = await BookedAsync(setup, At(setup.Day, 10));
            using (requester)
            using (var staff = await App.SignedInAsync(setup.Clinic, setup.Clinic.Staff))
            using (var decline = await staff.SendJsonAsync(HttpMethod.Post, $"{SetupUrl(setup.Clinic)}/{requestId}/decline", new JsonObject()))
            {
                await decline.ShouldHaveStatusAsync(HttpStatusCode.OK);
            }

            (await OfferAsync(asker, setup, askerId)).ShouldNotBeNull().StartsAt.ShouldBe(At(setup.Day, 10));
        }
    }

    [Fact]
    public async Task Only_one_accept_of_an_earlier_slot_wins_when_it_races_with_a_second_accept_and_eighteen_bookings()
    {
        var setup = await App.BookableClinicAsync();
        var (_, asker, askerId) = await BookedAsync(setup, At(setup.Day.AddDays(1), 10));
        var (_, leaving, leavingId) = await BookedAsync(setup, At(setup.Day, 9));
        var bookers = new List<PortalClient>();
        for (var i = 0; i < 18; i++)
        {
            bookers.Add(await App.SignedInPatientAsync(Smtp, await App.AddPatientAsync(setup.Clinic, $"Racer{i}")));
        }

        await AskAsync(asker, setup, askerId);
        await CancelAsync(leaving, setup, leavingId);
        var offer = (await OfferAsync(asker, setup, askerId)).ShouldNotBeNull();
        var nine = At(setup.Day, 9);

        using var start = new ManualResetEventSlim();
        var racers = bookers
            .Select(p => Task.Run(async () =>
            {
                start.Wait();
                return await p.SendJsonAsync(HttpMethod.Post, MyAppointmentsUrl(setup.Clinic), Booking(setup.TypeId, setup.ProviderIds[0], nine));
            }))
            .Concat(Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
            {
                start.Wait();
                return await asker.SendJsonAsync(HttpMethod.Post, EarlierSlotUrl(setup, askerId, "/accept"), Answer(offer.Id));
            })))
            .ToList();
        start.Set();
        var responses = await Task.WhenAll(racers);

        responses.Count(r => r.IsSuccessStatusCode).ShouldBe(1);
        foreach (var response in responses.Where(r => !r.IsSuccessStatusCode))
        {
            var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Conflict);
            problem.Code.ShouldBeOneOf("slot_taken", "offer_answered");
        }

        (await App.QuerySingleAsync<long>(
            "select count(*) from appointments.appointments where clinic_id = @Id and starts_at = @nine and status = 'booked'",
            new { setup.Clinic.Id, nine = nine.ToUniversalTime() }))
            .ShouldBe(1);
        // Whoever won, the asker holds exactly one time: the old one if the accept lost, the offered one if it won.
        var askerAt = (await ViewAsync(asker, setup, askerId)).GetProperty("startsAt").GetDateTimeOffset();
        var acceptWon = responses[^2].IsSuccessStatusCode || responses[^1].IsSuccessStatusCode;
        askerAt.ShouldBe(acceptWon ? nine : At(setup.Day.AddDays(1), 10));
        (await App.QuerySingleAsync<long>(
            "select count(*) from appointments.appointments where patient_id = @patient and status = 'booked'",
            new { patient = await App.QuerySingleAsync<Guid>("select patient_id from appointments.appointments where id = @askerId", new { askerId }) }))
            .ShouldBe(1);
        foreach (var response in responses)
        {
            response.Dispose();
        }

        foreach (var client in bookers.Append(asker).Append(leaving))
        {
            client.Dispose();
        }
    }

    [Fact]
    public async Task A_time_the_clinic_closed_or_one_inside_the_minimum_notice_is_not_offered()
    {
        var setup = await App.BookableClinicAsync();
        var (_, asker, askerId) = await BookedAsync(setup, At(setup.Day.AddDays(1), 10));
        var (_, leaving, leavingId) = await BookedAsync(setup, At(setup.Day, 9));
        var (_, leavingToo, leavingTooId) = await BookedAsync(setup, At(setup.Day, 10));
        using (asker)
        using (leaving)
        using (leavingToo)
        {
            await AskAsync(asker, setup, askerId);
            // The provider is away that morning; then the clinic cancels the appointment.
            using (var admin = await App.SignedInAsync(setup.Clinic, setup.Clinic.Admin))
            {
                using var away = await admin.SendJsonAsync(HttpMethod.Post, $"{SetupUrl(setup.Clinic)}/providers/{setup.ProviderIds[0]}/exceptions", new JsonObject
                {
                    ["kind"] = "unavailable", ["startsOn"] = setup.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    ["endsOn"] = setup.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ["start"] = "09:00:00", ["end"] = "09:30:00",
                });
                await away.ShouldHaveStatusAsync(HttpStatusCode.Created);
            }

            await CancelAsync(leaving, setup, leavingId);
            (await OfferAsync(asker, setup, askerId)).ShouldBeNull();

            var notice = (int)Math.Ceiling((At(setup.Day, 10, 30) - App.Clock.GetUtcNow()).TotalMinutes);
            await App.SetRulesAsync(setup, RulesBody(notice: notice, window: 60));
            await CancelAsync(leavingToo, setup, leavingTooId);
            (await OfferAsync(asker, setup, askerId)).ShouldBeNull();
        }
    }

    [Fact]
    public async Task A1_another_patients_appointment_or_offer_is_404_on_every_earlier_slot_route_and_nothing_changes()
    {
        var setup = await App.BookableClinicAsync();
        var (_, alice, aliceId) = await BookedAsync(setup, At(setup.Day.AddDays(1), 10));
        var (_, bob, bobId) = await BookedAsync(setup, At(setup.Day.AddDays(1), 11));
        var (_, leaving, leavingId) = await BookedAsync(setup, At(setup.Day, 9));
        var away = await App.BookableClinicAsync();
        var (_, visitor, visitorId) = await BookedAsync(away, At(away.Day.AddDays(1), 10));
        using (alice)
        using (bob)
        using (leaving)
        using (visitor)
        {
            await AskAsync(alice, setup, aliceId);
            await CancelAsync(leaving, setup, leavingId);
            var offer = (await OfferAsync(alice, setup, aliceId)).ShouldNotBeNull();
            var before = await App.SnapshotAsync(setup.Clinic.Id);

            foreach (var (method, path, body, code) in new (HttpMethod, string, JsonNode?, string)[]
                     {
                         (HttpMethod.Post, EarlierSlotUrl(setup, aliceId), null, "appointment_not_found"),
                         (HttpMethod.Delete, EarlierSlotUrl(setup, aliceId), null, "appointment_not_found"),
                         (HttpMethod.Post, EarlierSlotUrl(setup, aliceId, "/accept"), Answer(offer.Id), "appointment_not_found"),
                         (HttpMethod.Post, EarlierSlotUrl(setup, aliceId, "/decline"), Answer(offer.Id), "appointment_not_found"),
                         (HttpMethod.Post, EarlierSlotUrl(setup, bobId, "/accept"), Answer(offer.Id), "offer_not_found"),
                         (HttpMethod.Post, EarlierSlotUrl(setup, bobId, "/decline"), Answer(offer.Id), "offer_not_found"),
                     })
            {
                using var response = body is null ? await bob.SendAsync(method, path) : await bob.SendJsonAsync(method, path, body);
                await response.ShouldBeProblemAsync(HttpStatusCode.NotFound, code);
            }

            // A2: a patient of another clinic is no one at this clinic's address, and at their own the ids name nothing.
            foreach (var (method, path, body) in new (HttpMethod, string, JsonNode?)[]
                     {
                         (HttpMethod.Post, EarlierSlotUrl(setup, aliceId), null),
                         (HttpMethod.Post, EarlierSlotUrl(setup, aliceId, "/accept"), Answer(offer.Id)),
                     })
            {
                using var response = body is null ? await visitor.SendAsync(method, path) : await visitor.SendJsonAsync(method, path, body);
                await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "not_signed_in");
            }

            foreach (var (method, path, body, code) in new (HttpMethod, string, JsonNode?, string)[]
                     {
                         (HttpMethod.Post, EarlierSlotUrl(away, aliceId), null, "appointment_not_found"),
                         (HttpMethod.Post, EarlierSlotUrl(away, aliceId, "/accept"), Answer(offer.Id), "appointment_not_found"),
                         (HttpMethod.Post, EarlierSlotUrl(away, visitorId, "/accept"), Answer(offer.Id), "offer_not_found"),
                     })
            {
                using var response = body is null ? await visitor.SendAsync(method, path) : await visitor.SendJsonAsync(method, path, body);
                await response.ShouldBeProblemAsync(HttpStatusCode.NotFound, code);
            }

            (await App.SnapshotAsync(setup.Clinic.Id)).ShouldBe(before);
            (await OfferAsync(alice, setup, aliceId)).ShouldNotBeNull().Id.ShouldBe(offer.Id);
        }
    }

    [Fact]
    public async Task R6_bad_input_to_every_earlier_slot_route_is_a_4xx_problem_and_changes_nothing()
    {
        var setup = await App.BookableClinicAsync();
        var (_, alice, aliceId) = await BookedAsync(setup, At(setup.Day.AddDays(1), 10));
        var (_, leaving, leavingId) = await BookedAsync(setup, At(setup.Day, 9));
        using (alice)
        using (leaving)
        {
            await AskAsync(alice, setup, aliceId);
            await CancelAsync(leaving, setup, leavingId);
            var offer = (await OfferAsync(alice, setup, aliceId)).ShouldNotBeNull();
            var before = await App.SnapshotAsync(setup.Clinic.Id);
            var cases = new List<(HttpMethod Method, string Path, string Json)>();
            foreach (var action in new[] { "/accept", "/decline" })
            {
                var path = EarlierSlotUrl(setup, aliceId, action);
                cases.AddRange(BadJson.Mutations(Answer(offer.Id)).Select(m => (HttpMethod.Post, path, m.Json)));
                cases.AddRange(new[]
                {
                    "{", "[]", "", "null", "{}", """{"offerId":"nope"}""", """{"offerId":null}""", """{"offerId":"00000000-0000-0000-0000-000000000000"}""",
                    $$"""{"offerId":"{{Guid.NewGuid()}}"}""",
                }.Select(json => (HttpMethod.Post, path, json)));
                cases.Add((HttpMethod.Post, EarlierSlotUrl(setup, Guid.NewGuid(), action), Answer(offer.Id).ToJsonString()));
                cases.Add((HttpMethod.Post, $"{MyAppointmentsUrl(setup.Clinic)}/not-an-id/earlier-slot{action}", Answer(offer.Id).ToJsonString()));
            }

            foreach (var (method, path, json) in cases)
            {
                using var response = await alice.SendRawJsonAsync(method, path, json);
                ((int)response.StatusCode).ShouldBeInRange(400, 499, $"{method} {path} {json}: {await response.Content.ReadAsStringAsync()}");
                response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json", $"{method} {path} {json}");
            }

            foreach (var method in new[] { HttpMethod.Post, HttpMethod.Delete })
            {
                using var response = await alice.SendAsync(method, EarlierSlotUrl(setup, Guid.NewGuid()));
                await response.ShouldBeProblemAsync(HttpStatusCode.NotFound, "appointment_not_found");
            }

            // A cancelled appointment cannot ask.
            using (var cancelled = await leaving.SendAsync(HttpMethod.Post, EarlierSlotUrl(setup, leavingId)))
            {
                await cancelled.ShouldBeProblemAsync(HttpStatusCode.Conflict, "cannot_change");
            }

            (await App.SnapshotAsync(setup.Clinic.Id)).ShouldBe(before);
        }
    }
}
