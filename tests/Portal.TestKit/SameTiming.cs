using System.Globalization;

namespace Portal.TestKit;

/// <summary>
/// Proves that two kinds of request an attacker could tell apart only by their timing (P7, A6)
/// take the same time: each round times them in turns, and the round holds when their 95th
/// percentiles differ by less than the margin.
/// </summary>
/// <remarks>
/// The tests share two cores with other test runs, so one round can lose to a pause that falls on
/// one side more than the other. A fresh round is measured then, up to <c>rounds</c> in all; a
/// real difference, such as a lookup made on one side only, shows in every round and fails.
/// </remarks>
public static class SameTiming
{
    /// <summary>
    /// Times <paramref name="first"/> and <paramref name="second"/> in turns, <paramref name="pairs"/>
    /// of each per round. Each is given a number that runs on across rounds, and returns the
    /// milliseconds it measured itself, so that the work around the request stays outside the measure.
    /// </summary>
    public static async Task WithinAsync(
        double marginMs,
        int pairs,
        (string Name, Func<int, Task<double>> Time) first,
        (string Name, Func<int, Task<double>> Time) second,
        int rounds = 3)
    {
        ArgumentNullException.ThrowIfNull(first.Time);
        ArgumentNullException.ThrowIfNull(second.Time);
        var seen = new List<string>();
        var number = 0;
        for (var round = 1; round <= rounds; round++)
        {
            var firstTimes = new List<double>(pairs);
            var secondTimes = new List<double>(pairs);
            for (var i = 0; i < pairs; i++, number++)
            {
                firstTimes.Add(await first.Time(number));
                secondTimes.Add(await second.Time(number));
            }

            var firstP95 = Percentile(firstTimes, 0.95);
            var secondP95 = Percentile(secondTimes, 0.95);
            seen.Add(string.Create(
                CultureInfo.InvariantCulture,
                $"round {round}: p95 {first.Name} {firstP95:F1} ms, {second.Name} {secondP95:F1} ms"));
            if (Math.Abs(firstP95 - secondP95) < marginMs)
            {
                return;
            }
        }

        throw new Shouldly.ShouldAssertException(
            $"The 95th percentiles differed by {marginMs} ms or more in every round: {string.Join("; ", seen)}");
    }

    /// <summary>The value at or below which <paramref name="p"/> of <paramref name="values"/> lie (nearest rank).</summary>
    public static double Percentile(IReadOnlyCollection<double> values, double p)
    {
        ArgumentNullException.ThrowIfNull(values);
        var sorted = values.Order().ToList();
        return sorted[(int)Math.Ceiling(p * sorted.Count) - 1];
    }
}
