using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Portal.Settings.Contracts;
using Portal.Shared.Tenancy;

namespace Portal.Settings.Tests;

public sealed class SettingsCacheAcrossHostsTests : TwoHostsTests
{
    [Fact]
    public async Task A_save_on_one_host_is_seen_by_the_next_read_on_both_hosts_even_when_the_other_was_loading_the_old_settings_as_it_was_saved()
    {
        var clinic = await First.CreateClinicAsync();
        using var owner = await First.SignedInAsync(clinic, clinic.Owner);
        var before = await owner.CurrentBodyAsync(clinic);
        (await ReadAsync(First, clinic)).PasscodeTimeoutMinutes.ShouldBe(before.PasscodeTimeoutMinutes);
        (await Second.InScopeAsync(s => s.GetRequiredService<IClinicDirectory>().FindByIdAsync(clinic.Id, CancellationToken.None).AsTask())).ShouldNotBeNull();
        // The second host's entry for the clinic, as its settings cache keys it: once gone, that host has heard of the save.
        bool Kept() => Second.Keeps(key => Equals(key, "clinic-id:" + clinic.Id));
        Kept().ShouldBeTrue("the second host keeps the clinic it just read");

        using var hold = new HeldSettingsQuery();
        var heldRead = Task.Run(() => hold.RunHeldAsync(() => ReadAsync(Second, clinic)));
        await hold.Loaded.WaitAsync(TimeSpan.FromSeconds(30));

        // The second host's read has its answer from the database and has not cached it yet; the save lands now.
        await owner.SaveSettingsAsync(clinic, before with { PasscodeTimeoutMinutes = 12 * 60 });
        await Eventually.HoldsAsync(
            () => Task.FromResult(!Kept()),
            "The second host never heard that the clinic's settings changed.");
        hold.Release();

        (await heldRead).PasscodeTimeoutMinutes.ShouldBe(before.PasscodeTimeoutMinutes, "the held read began before the save");
        (await ReadAsync(First, clinic)).PasscodeTimeoutMinutes.ShouldBe(12 * 60);
        (await ReadAsync(Second, clinic)).PasscodeTimeoutMinutes.ShouldBe(12 * 60);
    }

    private static Task<PortalSettingsSnapshot> ReadAsync(PortalApp host, TestClinic clinic) =>
        host.InScopeAsync(async services =>
            (await services.GetRequiredService<IPortalSettings>().GetAsync(clinic.Id, CancellationToken.None)).ShouldNotBeNull());

    /// <summary>
    /// Holds a read of portal settings started through <see cref="RunHeldAsync{T}"/> just after PostgreSQL
    /// answered it, by watching Npgsql's own tracing: only that read's flow is held, nothing else in the process.
    /// </summary>
    private sealed class HeldSettingsQuery : IDisposable
    {
        private static readonly AsyncLocal<HeldSettingsQuery?> Current = new();

        private readonly ActivityListener _listener;
        private readonly ManualResetEventSlim _released = new();
        private readonly TaskCompletionSource _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public HeldSettingsQuery()
        {
            _listener = new ActivityListener
            {
                ShouldListenTo = source => source.Name == "Npgsql",
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = OnStopped,
            };
            ActivitySource.AddActivityListener(_listener);
        }

        public Task Loaded => _loaded.Task;

        public async Task<T> RunHeldAsync<T>(Func<Task<T>> read)
        {
            Current.Value = this;
            return await read();
        }

        public void Release() => _released.Set();

        public void Dispose()
        {
            _released.Set();
            _listener.Dispose();
            _released.Dispose();
        }

        private void OnStopped(Activity activity)
        {
            if (Current.Value != this || _loaded.Task.IsCompleted
                || !activity.TagObjects.Any(tag => tag.Value is string text && text.Contains("from settings.portal_settings", StringComparison.Ordinal)))
            {
                return;
            }

            _loaded.TrySetResult();
            _released.Wait(TimeSpan.FromSeconds(30));
        }
    }
}
