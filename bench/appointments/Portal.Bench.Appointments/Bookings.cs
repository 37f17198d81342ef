using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Portal.TestKit;

namespace Portal.Bench.Appointments;

/// <summary>A free slot as the patient's slot list gives it.</summary>
internal sealed record Slot(Guid ProviderId, DateTimeOffset StartsAt);

/// <summary>What a round of bookings did: each answer's status and time, and the round's length.</summary>
internal sealed record BookingRound(IReadOnlyList<(HttpStatusCode Status, double Milliseconds)> Answers, TimeSpan Elapsed)
{
    public int Count(HttpStatusCode status) => Answers.Count(a => a.Status == status);

    public int Unexpected(params HttpStatusCode[] expected) => Answers.Count(a => !expected.Contains(a.Status));

    public double PerSecond => Count(HttpStatusCode.Created) / Elapsed.TotalSeconds;

    public double Percentile(int percent)
    {
        var sorted = Answers.Select(a => a.Milliseconds).Order().ToList();
        return sorted.Count == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(percent / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];
    }
}

/// <summary>Signed-in patients booking through the portal's own endpoint, as the New Appointment page does.</summary>
internal sealed class Bookings(IReadOnlyList<PortalClient> patients, string slug, Guid typeId)
{
    private string Url => $"/api/clinics/{slug}/portal/appointments";

    /// <summary>Each patient books its share of distinct slots one after another; all patients at once.</summary>
    public async Task<BookingRound> DistinctAsync(IReadOnlyList<Slot> slots)
    {
        var answers = new ConcurrentBag<(HttpStatusCode Status, double Milliseconds)>();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(patients.Select(async (patient, i) =>
        {
            for (var s = i; s < slots.Count; s += patients.Count)
            {
                answers.Add(await BookAsync(patient, slots[s]));
            }
        }));
        return new BookingRound([.. answers], clock.Elapsed);
    }

    /// <summary>Every patient tries the same few slots, in an order of its own, until one is theirs or none is left.</summary>
    public async Task<BookingRound> RaceAsync(IReadOnlyList<Slot> contested)
    {
        var answers = new ConcurrentBag<(HttpStatusCode Status, double Milliseconds)>();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var clock = Stopwatch.StartNew();
        var racers = patients.Select(async (patient, i) =>
        {
            var order = contested.ToArray();
            new Random(i).Shuffle(order);
            await start.Task;
            foreach (var slot in order)
            {
                var answer = await BookAsync(patient, slot);
                answers.Add(answer);
                if (answer.Status != HttpStatusCode.Conflict)
                {
                    break;
                }
            }
        }).ToList();
        start.SetResult();
        await Task.WhenAll(racers);
        return new BookingRound([.. answers], clock.Elapsed);
    }

    private async Task<(HttpStatusCode Status, double Milliseconds)> BookAsync(PortalClient patient, Slot slot)
    {
        var started = Stopwatch.GetTimestamp();
        using var response = await patient.PostJsonAsync(Url, new { typeId, providerId = slot.ProviderId, startsAt = slot.StartsAt });
        return (response.StatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }
}
