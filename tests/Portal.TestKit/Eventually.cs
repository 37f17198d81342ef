namespace Portal.TestKit;

/// <summary>
/// Waits for something a host does in the background (a job, a dispatch, a cache refresh) by
/// asking again until the answer is the expected one, and fails with what was last seen.
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultPatience = TimeSpan.FromSeconds(30);

    /// <summary>Calls <paramref name="probe"/> until <paramref name="done"/> holds for its answer, and returns that answer.</summary>
    public static async Task<T> ReturnsAsync<T>(
        Func<Task<T>> probe, Func<T, bool> done, Func<T, string> failure, TimeSpan? within = null, TimeSpan? every = null)
    {
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(done);
        ArgumentNullException.ThrowIfNull(failure);
        var deadline = DateTime.UtcNow + (within ?? DefaultPatience);
        while (true)
        {
            var answer = await probe();
            if (done(answer))
            {
                return answer;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException(failure(answer));
            }

            await Task.Delay(every ?? TimeSpan.FromMilliseconds(100));
        }
    }

    /// <summary>Calls <paramref name="condition"/> until it holds.</summary>
    public static Task HoldsAsync(Func<Task<bool>> condition, string failure, TimeSpan? within = null, TimeSpan? every = null) =>
        ReturnsAsync(condition, holds => holds, _ => failure, within, every);
}
