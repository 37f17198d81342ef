using Carter;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Routing;
using Portal.Appointments.Scheduling;
using Portal.Shared.Database;
using Portal.Shared.Mediation;
using Portal.Shared.Results;
using Portal.Shared.Tenancy;
using Portal.Shared.Validation;

namespace Portal.Appointments.Features.Setup;

/// <param name="Mode">in_person (at a provider's location) or virtual.</param>
/// <param name="BookableOnline">Patients may book it themselves; otherwise only staff book it.</param>
internal sealed record AppointmentTypeView(
    Guid Id, string NameEn, string NameFr, int DurationMinutes, string Mode, bool BookableOnline, int BufferBeforeMinutes, int BufferAfterMinutes,
    IReadOnlyList<Guid> ProviderIds, bool Active);

internal sealed record AppointmentTypeList(IReadOnlyList<AppointmentTypeView> Items);

/// <param name="DurationMinutes">5 to 480.</param>
/// <param name="Mode">in_person or virtual.</param>
/// <param name="BufferBeforeMinutes">Time the provider keeps free before each appointment of this type, 0 to 240.</param>
/// <param name="BufferAfterMinutes">Time the provider keeps free after it, 0 to 240.</param>
/// <param name="ProviderIds">The providers who see patients for it (at most 200).</param>
internal sealed record AppointmentTypeBody(
    string NameEn, string NameFr, int DurationMinutes, string Mode, bool BookableOnline, IReadOnlyList<Guid> ProviderIds,
    int BufferBeforeMinutes = 0, int BufferAfterMinutes = 0, bool Active = true);

internal sealed record SaveAppointmentTypeCommand(Guid? Id, AppointmentTypeBody Type) : ICommand<AppointmentTypeView>, IChangesScheduleSetup;

internal sealed record ListAppointmentTypesQuery : IQuery<AppointmentTypeList>;

internal sealed class SaveAppointmentTypeValidator : AbstractValidator<SaveAppointmentTypeCommand>
{
    public SaveAppointmentTypeValidator()
    {
        RuleFor(x => x.Type.NameEn).NotEmpty().MaximumLength(200).OverridePropertyName("nameEn");
        RuleFor(x => x.Type.NameFr).NotEmpty().MaximumLength(200).OverridePropertyName("nameFr");
        RuleFor(x => x.Type.DurationMinutes).InclusiveBetween(5, 480).OverridePropertyName("durationMinutes");
        RuleFor(x => x.Type.Mode).IsOneOf(AppointmentModes.All).OverridePropertyName("mode");
        RuleFor(x => x.Type.BufferBeforeMinutes).InclusiveBetween(0, 240).OverridePropertyName("bufferBeforeMinutes");
        RuleFor(x => x.Type.BufferAfterMinutes).InclusiveBetween(0, 240).OverridePropertyName("bufferAfterMinutes");
        RuleFor(x => x.Type.ProviderIds).Must(ids => ids.Count <= 200 && ids.Distinct().Count() == ids.Count)
            .WithMessage("Name each provider once, at most 200.").OverridePropertyName("providerIds");
    }
}

internal sealed class SaveAppointmentTypeHandler(IDbSession db, ClinicContext clinic, TimeProvider clock)
    : IRequestHandler<SaveAppointmentTypeCommand, Result<AppointmentTypeView>>
{
    public async Task<Result<AppointmentTypeView>> Handle(SaveAppointmentTypeCommand request, CancellationToken cancellationToken)
    {
        var body = request.Type;
        var ids = body.ProviderIds.ToArray();
        var known = await db.QuerySingleAsync<int>(
            "select count(*)::int from appointments.providers where clinic_id = @ClinicId and id = any(@ids)", new { clinic.ClinicId, ids }, cancellationToken);
        if (known != ids.Length)
        {
            return AppointmentsErrors.UnknownProviders;
        }

        var view = new AppointmentTypeView(
            request.Id ?? Guid.CreateVersion7(clock.GetUtcNow()), body.NameEn.Trim(), body.NameFr.Trim(), body.DurationMinutes, body.Mode, body.BookableOnline,
            body.BufferBeforeMinutes, body.BufferAfterMinutes, ids, body.Active);
        var parameters = new
        {
            view.Id, clinic.ClinicId, view.NameEn, view.NameFr, view.DurationMinutes, view.Mode, view.BookableOnline, view.BufferBeforeMinutes,
            view.BufferAfterMinutes, view.Active, Now = clock.GetUtcNow(),
        };
        if (request.Id is null)
        {
            await db.ExecuteAsync(
                """
                insert into appointments.appointment_types
                    (id, clinic_id, name_en, name_fr, duration_minutes, mode, bookable_online, buffer_before_minutes, buffer_after_minutes, active, created_at)
                values (@Id, @ClinicId, @NameEn, @NameFr, @DurationMinutes, @Mode, @BookableOnline, @BufferBeforeMinutes, @BufferAfterMinutes, @Active, @Now)
                """,
                parameters,
                cancellationToken);
        }
        else if (await db.ExecuteAsync(
                     """
                     update appointments.appointment_types
                     set name_en = @NameEn, name_fr = @NameFr, duration_minutes = @DurationMinutes, mode = @Mode, bookable_online = @BookableOnline,
                         buffer_before_minutes = @BufferBeforeMinutes, buffer_after_minutes = @BufferAfterMinutes, active = @Active
                     where clinic_id = @ClinicId and id = @Id
                     """,
                     parameters,
                     cancellationToken) == 0)
        {
            return AppointmentsErrors.TypeNotFound;
        }

        await db.ExecuteAsync(
            """
            delete from appointments.type_providers where clinic_id = @ClinicId and type_id = @Id and provider_id <> all(@ids);
            insert into appointments.type_providers (clinic_id, type_id, provider_id)
            select @ClinicId, @Id, unnest(@ids) on conflict do nothing;
            """,
            new { clinic.ClinicId, view.Id, ids },
            cancellationToken);
        return view;
    }
}

internal sealed class ListAppointmentTypesHandler(IDbSession db, ClinicContext clinic) : IRequestHandler<ListAppointmentTypesQuery, Result<AppointmentTypeList>>
{
    // A class with settable members: Dapper does not pass PostgreSQL arrays to constructors.
    private sealed class TypeRow
    {
        public Guid Id { get; init; }

        public string NameEn { get; init; } = "";

        public string NameFr { get; init; } = "";

        public int DurationMinutes { get; init; }

        public string Mode { get; init; } = "";

        public bool BookableOnline { get; init; }

        public int BufferBeforeMinutes { get; init; }

        public int BufferAfterMinutes { get; init; }

        public Guid[] ProviderIds { get; init; } = [];

        public bool Active { get; init; }
    }

    public async Task<Result<AppointmentTypeList>> Handle(ListAppointmentTypesQuery request, CancellationToken cancellationToken) =>
        new AppointmentTypeList((await db.QueryAsync<TypeRow>(
                """
                select t.id, t.name_en, t.name_fr, t.duration_minutes, t.mode, t.bookable_online, t.buffer_before_minutes, t.buffer_after_minutes,
                       coalesce(array_agg(tp.provider_id order by tp.provider_id) filter (where tp.provider_id is not null), '{}') as provider_ids, t.active
                from appointments.appointment_types t
                left join appointments.type_providers tp on tp.clinic_id = t.clinic_id and tp.type_id = t.id
                where t.clinic_id = @ClinicId
                group by t.id
                order by t.active desc, t.name_en, t.id
                """,
                new { clinic.ClinicId },
                cancellationToken))
            .Select(t => new AppointmentTypeView(
                t.Id, t.NameEn, t.NameFr, t.DurationMinutes, t.Mode, t.BookableOnline, t.BufferBeforeMinutes, t.BufferAfterMinutes, t.ProviderIds, t.Active))
            .ToList());
}

internal sealed class AppointmentTypeEndpoints : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapSetupResource<AppointmentTypeBody, AppointmentTypeView, AppointmentTypeList, SaveAppointmentTypeCommand>(
            "/types",
            () => new ListAppointmentTypesQuery(),
            (id, body) => new SaveAppointmentTypeCommand(id, body),
            view => view.Id,
            new("ListAppointmentTypes", "The clinic's appointment types with their providers, active ones first."),
            new("CreateAppointmentType", "Adds an appointment type: English and French names, length, in person or virtual, bookable online or by staff only, buffers, providers.",
                "The clinic's owners and admins. providerIds must all be providers of this clinic (400 provider_not_found)."),
            new("UpdateAppointmentType", "Changes an appointment type; booked appointments keep the length and buffers they were booked with."));
}
