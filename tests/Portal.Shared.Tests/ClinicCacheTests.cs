using Microsoft.Extensions.Caching.Memory;
using Portal.Shared.Caching;

namespace Portal.Shared.Tests;

public sealed class ClinicCacheTests
{
    private static readonly Guid Clinic = Guid.NewGuid();

    [Fact]
    public async Task Requests_that_miss_an_entry_together_share_one_load_and_the_answer_is_kept()
    {
        using var cache = new TestCache();
        var loads = 0;
        var release = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        Task<string> Load(CancellationToken _)
        {
            Interlocked.Increment(ref loads);
            return release.Task;
        }

        var waiting = Enumerable.Range(0, 20).Select(_ => cache.GetOrLoadAsync(Clinic, "key", Load, CancellationToken.None).AsTask()).ToList();
        release.SetResult("answer");

        (await Task.WhenAll(waiting)).ShouldAllBe(answer => answer == "answer");
        loads.ShouldBe(1);
        (await cache.GetOrLoadAsync(Clinic, "key", Load, CancellationToken.None)).ShouldBe("answer");
        loads.ShouldBe(1);
    }

    [Fact]
    public async Task A_request_after_an_invalidation_does_not_join_a_load_begun_before_it_nor_is_that_load_kept()
    {
        using var cache = new TestCache();
        var before = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var early = cache.GetOrLoadAsync(Clinic, "key", _ => before.Task, CancellationToken.None).AsTask();

        cache.Invalidate(Clinic);
        var late = cache.GetOrLoadAsync(Clinic, "key", _ => Task.FromResult("after the change"), CancellationToken.None).AsTask();
        before.SetResult("before the change");

        (await early).ShouldBe("before the change");
        (await late).ShouldBe("after the change");
        (await cache.GetOrLoadAsync(Clinic, "key", _ => Task.FromResult("loaded again"), CancellationToken.None)).ShouldBe("after the change");
    }

    [Fact]
    public async Task Many_entries_are_loaded_together_only_where_missing_what_the_load_did_not_find_is_asked_again_and_an_invalidation_drops_them()
    {
        using var cache = new TestCache();
        var asked = new List<IReadOnlyCollection<int>>();
        Task<IReadOnlyDictionary<int, string>> Load(IReadOnlyCollection<int> keys, CancellationToken _)
        {
            asked.Add(keys.ToList());
            return Task.FromResult<IReadOnlyDictionary<int, string>>(keys.Where(k => k != 3).ToDictionary(k => k, k => $"#{k}"));
        }

        (await cache.GetOrLoadManyAsync(Clinic, "names", [1, 2, 3], Load, CancellationToken.None)).ShouldBe(
            new Dictionary<int, string> { [1] = "#1", [2] = "#2" }, ignoreOrder: true);
        (await cache.GetOrLoadManyAsync(Clinic, "names", [2, 3, 4], Load, CancellationToken.None)).Keys.ShouldBe([2, 4], ignoreOrder: true);
        (await cache.GetOrLoadManyAsync(Clinic, "names", [1, 2, 4], Load, CancellationToken.None)).Count.ShouldBe(3);
        (await cache.GetOrLoadManyAsync(Guid.NewGuid(), "names", [1], Load, CancellationToken.None)).Count.ShouldBe(1);
        asked.ShouldBe([[1, 2, 3], [3, 4], [1]]);

        cache.Invalidate(Clinic);
        await cache.GetOrLoadManyAsync(Clinic, "names", [1, 2], Load, CancellationToken.None);
        asked[^1].ShouldBe([1, 2]);
    }

    [Fact]
    public async Task Many_entries_loaded_while_the_clinic_was_invalidated_are_returned_but_not_kept()
    {
        using var cache = new TestCache();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var loads = 0;
        async Task<IReadOnlyDictionary<int, string>> Load(IReadOnlyCollection<int> keys, CancellationToken _)
        {
            if (Interlocked.Increment(ref loads) == 1)
            {
                await release.Task;
            }

            return keys.ToDictionary(k => k, k => $"#{k}@{loads}");
        }

        var early = cache.GetOrLoadManyAsync(Clinic, "names", [1], Load, CancellationToken.None).AsTask();
        cache.Invalidate(Clinic);
        release.SetResult();

        (await early)[1].ShouldBe("#1@1");
        (await cache.GetOrLoadManyAsync(Clinic, "names", [1], Load, CancellationToken.None))[1].ShouldBe("#1@2");
        (await cache.GetOrLoadManyAsync(Clinic, "names", [1], Load, CancellationToken.None))[1].ShouldBe("#1@2");
    }

    [Fact]
    public async Task A_request_waiting_on_a_load_whose_request_went_away_loads_for_itself()
    {
        using var cache = new TestCache();
        using var gone = new CancellationTokenSource();
        async Task<string> Endless(CancellationToken ct)
        {
            await Task.Delay(Timeout.Infinite, ct);
            return "never";
        }

        var first = cache.GetOrLoadAsync(Clinic, "key", Endless, gone.Token).AsTask();
        var second = cache.GetOrLoadAsync(Clinic, "key", _ => Task.FromResult("its own"), CancellationToken.None).AsTask();

        await gone.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(first);
        (await second).ShouldBe("its own");
    }

    private sealed class TestCache() : ClinicCache(new MemoryCache(new MemoryCacheOptions()), TimeSpan.FromMinutes(1));
}
