using Portal.Shared.Tenancy;

namespace Portal.Appointments.Scheduling;

/// <summary>The free slots of one appointment type at the clinic of the request, for one of its providers or any of them.</summary>
internal sealed class FreeSlots(ScheduleStore store, ScheduleSetups setups, ClinicContext clinic, TimeProvider clock)
{
    /// <summary>The most days one search covers.</summary>
    public const int MaxDays = 62;

    public TimeZoneInfo Zone => ClinicTime.Zone(clinic.Clinic.TimeZone);

    /// <summary>Free slots on the clinic's days <paramref name="from"/> to <paramref name="to"/>; an unknown provider of the type gives none.</summary>
    /// <param name="ignoreTaken">Leave in the slots other appointments hold: what the provider's hours offer at all.</param>
    public Task<IReadOnlyList<Slot>> FindAsync(
        AppointmentTypeRow type, Guid? providerId, DateOnly from, DateOnly to, bool ignoreTaken, CancellationToken cancellationToken) =>
        FindAsync(type, providerId, from, to, ignoreTaken, notBefore: null, except: null, cancellationToken);

    /// <param name="ignoreTaken">Leave in the slots other appointments hold: what the provider's hours offer at all.</param>
    /// <param name="notBefore">No slot starts earlier; now when not given.</param>
    /// <param name="except">An appointment whose own time counts as free (the one being moved).</param>
    public async Task<IReadOnlyList<Slot>> FindAsync(
        AppointmentTypeRow type, Guid? providerId, DateOnly from, DateOnly to, bool ignoreTaken, DateTimeOffset? notBefore, Guid? except,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(type);
        var setup = await setups.ForClinicAsync(clinic.ClinicId, cancellationToken);
        IReadOnlyList<Guid> providers = setup.Type(type.Id)?.Providers ?? [];
        if (providerId is { } only)
        {
            providers = providers.Contains(only) ? [only] : [];
        }

        if (providers.Count == 0)
        {
            return [];
        }

        var search = new SlotSearch(
            Zone, from, to, TimeSpan.FromMinutes(type.DurationMinutes), TimeSpan.FromMinutes(type.BufferBeforeMinutes),
            TimeSpan.FromMinutes(type.BufferAfterMinutes), notBefore ?? clock.GetUtcNow());
        return await FindAsync(clinic.ClinicId, setup, providers, search, ignoreTaken, except, cancellationToken);
    }

    /// <summary>Free slots of <paramref name="providers"/> at any clinic (a background job has no clinic of the request).</summary>
    /// <param name="except">An appointment whose own time counts as free (the one being moved).</param>
    public async Task<IReadOnlyList<Slot>> FindAsync(
        Guid clinicId, IReadOnlyList<Guid> providers, SlotSearch search, Guid? except, CancellationToken cancellationToken) =>
        await FindAsync(clinicId, await setups.ForClinicAsync(clinicId, cancellationToken), providers, search, ignoreTaken: false, except, cancellationToken);

    private async Task<IReadOnlyList<Slot>> FindAsync(
        Guid clinicId, ScheduleSetup setup, IReadOnlyList<Guid> providers, SlotSearch search, bool ignoreTaken, Guid? except,
        CancellationToken cancellationToken)
    {
        var busy = ignoreTaken ? [] : await store.BusyAsync(clinicId, providers, search, except, cancellationToken);
        return SlotFinder.Find(search, providers, setup.WeeklyOf(providers), setup.ChangesOf(providers, search.From, search.To), busy);
    }
}
