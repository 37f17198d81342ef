using Carter;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Portal.Appointments.Scheduling;
using Portal.Shared.Mediation;
using Portal.Shared.OpenApi;
using Portal.Shared.Results;
using Portal.Shared.Tenancy;

namespace Portal.Appointments.Features.Slots;

/// <param name="LocationId">Where it takes place; null for a virtual appointment type.</param>
/// <param name="StartsAt">In the clinic's time zone, with the offset in force that day.</param>
internal sealed record FreeSlotView(Guid ProviderId, Guid? LocationId, DateTimeOffset StartsAt, DateTimeOffset EndsAt);

internal sealed record FreeSlotList(string TimeZone, IReadOnlyList<FreeSlotView> Items);

/// <param name="ProviderId">One provider of the type, or null for any of them.</param>
/// <param name="From">First day, in the clinic's calendar.</param>
/// <param name="To">Last day, at most 62 days after the first.</param>
/// <param name="ForPatient">Only types patients may book online.</param>
internal sealed record FindFreeSlotsQuery(Guid? TypeId, Guid? ProviderId, DateOnly? From, DateOnly? To, bool ForPatient = false) : IQuery<FreeSlotList>;

internal sealed class FindFreeSlotsValidator : AbstractValidator<FindFreeSlotsQuery>
{
    public FindFreeSlotsValidator()
    {
        RuleFor(x => x.TypeId).NotNull();
        RuleFor(x => x.From).NotNull();
        RuleFor(x => x.To).NotNull()
            .Must((x, to) => x.From is null || to is null || (to >= x.From && to.Value.DayNumber - x.From.Value.DayNumber < FreeSlots.MaxDays))
            .WithMessage($"The last day is on or after the first, fewer than {FreeSlots.MaxDays} days later.").WithErrorCode("range_invalid");
    }
}

/// <summary>
/// Free slots, computed once per search and kept until the clinic's appointments or set-up change (<see cref="FreeSlotCache"/>): a
/// search is its type, provider, days and the minute of its earliest start, and each answer is cut to its own earliest start.
/// </summary>
internal sealed class FindFreeSlotsHandler(ScheduleSetups setups, FreeSlots slots, FreeSlotCache cache, ClinicContext clinic, TimeProvider clock)
    : IRequestHandler<FindFreeSlotsQuery, Result<FreeSlotList>>
{
    public async Task<Result<FreeSlotList>> Handle(FindFreeSlotsQuery request, CancellationToken cancellationToken)
    {
        var setup = await setups.ForClinicAsync(clinic.ClinicId, cancellationToken);
        var typeSetup = setup.Type(request.TypeId!.Value);
        if (typeSetup is not { Type.Active: true } || (request.ForPatient && !typeSetup.Type.BookableOnline))
        {
            return AppointmentsErrors.UnknownType;
        }

        var zone = slots.Zone;
        var now = clock.GetUtcNow();
        var to = request.To!.Value;
        var notBefore = now;
        if (request.ForPatient)
        {
            // A patient is offered only what the clinic's booking rules let them book.
            var patientRules = setup.RulesFor(typeSetup);
            notBefore = patientRules.EarliestStart(now);
            to = DateOnly.FromDayNumber(Math.Min(to.DayNumber, patientRules.LastDay(zone, now).DayNumber));
        }

        // Searches within one minute share a list, computed from the minute's start and cut to the instant.
        var search = new SlotQuery(
            typeSetup.Type.Id, request.ProviderId, request.From!.Value, to, StartOfMinute(notBefore), request.ForPatient, clinic.Clinic.TimeZone);
        var list = await cache.GetOrLoadAsync(clinic.ClinicId, search, ct => FindAsync(typeSetup.Type, search, zone, ct), cancellationToken);
        return list.Items.Count == 0 || list.Items[0].StartsAt >= notBefore
            ? list
            : list with { Items = list.Items.Where(s => s.StartsAt >= notBefore).ToList() };
    }

    private async Task<FreeSlotList> FindAsync(AppointmentTypeRow type, SlotQuery search, TimeZoneInfo zone, CancellationToken cancellationToken)
    {
        var found = search.To < search.From
            ? []
            : await slots.FindAsync(type, search.ProviderId, search.From, search.To, ignoreTaken: false, search.NotBefore, except: null, cancellationToken);
        if (search.ForPatient && search.ProviderId is null)
        {
            found = SlotFinder.OnePerTime(found);
        }

        return new FreeSlotList(
            search.TimeZone,
            found.Select(s => new FreeSlotView(
                    s.ProviderId, type.IsVirtual ? null : s.LocationId, ClinicTime.InZone(zone, s.StartsAt), ClinicTime.InZone(zone, s.EndsAt)))
                .ToList());
    }

    private static DateTimeOffset StartOfMinute(DateTimeOffset instant) => instant.AddTicks(-(instant.UtcTicks % TimeSpan.TicksPerMinute));

    private sealed record SlotQuery(
        Guid TypeId, Guid? ProviderId, DateOnly From, DateOnly To, DateTimeOffset NotBefore, bool ForPatient, string TimeZone);
}

internal sealed class FindFreeSlotsEndpoints : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        app.MapStaffAppointments("/slots")
            .MapGet("/", async Task<Results<SharedOk<FreeSlotList>, ErrorHttpResult>> (
                    Guid? typeId, Guid? providerId, DateOnly? from, DateOnly? to, IMediator mediator, CancellationToken cancellationToken) =>
                (await mediator.Send(new FindFreeSlotsQuery(typeId, providerId, from, to), cancellationToken)).ToHttp(list => new SharedOk<FreeSlotList>(list)))
            .WithName("FindFreeSlots")
            .ValidatedAs<FindFreeSlotsQuery>()
            .WithSummary("Free slots of an appointment type, with one provider or any, on the clinic's days from and to (at most 62 days).")
            .WithDescription("Any staff member of the clinic; staff-only types included. Computed from availability less appointments and their buffers.")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden);

        app.MapMyAppointments()
            .MapGet("/slots", async Task<Results<SharedOk<FreeSlotList>, ErrorHttpResult>> (
                    Guid? typeId, Guid? providerId, DateOnly? from, DateOnly? to, IMediator mediator, CancellationToken cancellationToken) =>
                (await mediator.Send(new FindFreeSlotsQuery(typeId, providerId, from, to, ForPatient: true), cancellationToken)).ToHttp(list => new SharedOk<FreeSlotList>(list)))
            .WithName("FindMyFreeSlots")
            .ValidatedAs<FindFreeSlotsQuery>()
            .WithSummary("Free slots the signed-in patient may book: a type bookable online, with one provider or any, from and to (at most 62 days).")
            .WithDescription("The signed-in patient of the clinic. Times are in the clinic's time zone. Only times the clinic's booking rules let the " +
                "patient book: none inside the minimum notice, none after the last bookable day.")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden);
    }
}
