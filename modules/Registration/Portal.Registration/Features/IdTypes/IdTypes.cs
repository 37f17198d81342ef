using Carter;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Portal.Registration.IdTypes;
using Portal.Registration.Patients;
using Portal.Settings.Contracts;
using Portal.Shared.Auditing;
using Portal.Shared.Database;
using Portal.Shared.Mediation;
using Portal.Shared.OpenApi;
using Portal.Shared.Results;
using Portal.Shared.Security;
using Portal.Shared.Tenancy;

namespace Portal.Registration.Features.IdTypes;

/// <summary>A provincial health card as the forms offer it; pages name the province themselves.</summary>
/// <param name="VersionCode"><c>optional</c> where the card has a version code (Ontario), else <c>none</c>.</param>
internal sealed record HealthCardTypeView(string Code, string VersionCode, string Example);

internal sealed record IdTypesView(IReadOnlyList<HealthCardTypeView> HealthCards, IReadOnlyList<ClinicIdType> ClinicTypes, bool ExtraSearchableIdsEnabled);

internal sealed record ListIdTypesQuery : IQuery<IdTypesView>;

internal sealed class ListIdTypesHandler(IdTypeCatalog catalog, ClinicContext clinic, IPortalSettings settings)
    : IRequestHandler<ListIdTypesQuery, Result<IdTypesView>>
{
    public async Task<Result<IdTypesView>> Handle(ListIdTypesQuery request, CancellationToken cancellationToken)
    {
        var cards = HealthCards.All
            .Select(card => new HealthCardTypeView(card.Code, card.VersionCode == VersionCodeRule.Optional ? "optional" : "none", card.Example))
            .ToList();
        var portal = await settings.GetAsync(clinic.ClinicId, cancellationToken);
        return new IdTypesView(cards, await catalog.ClinicTypesAsync(clinic.ClinicId, cancellationToken), portal?.ExtraSearchableIdsEnabled ?? false);
    }
}

/// <summary>Adds one of the clinic's own ID types (e.g. a hospital's record number).</summary>
internal sealed record CreateIdTypeCommand(string Code, string NameEn, string NameFr, bool Searchable) : ICommand<ClinicIdType>;

/// <summary>Renames one of the clinic's ID types, or changes whether patients may sign in with it.</summary>
internal sealed record UpdateIdTypeCommand(string Code, string NameEn, string NameFr, bool Searchable) : ICommand<ClinicIdType>;

[ValidatedAs(typeof(UpdateIdTypeCommand))]
internal sealed record UpdateIdTypeBody(string NameEn, string NameFr, bool Searchable);

internal sealed class CreateIdTypeValidator : AbstractValidator<CreateIdTypeCommand>
{
    public CreateIdTypeValidator()
    {
        RuleFor(x => PatientRules.NormalizeIdType(x.Code))
            .Must(PatientRules.IsIdTypeCode)
            .WithMessage("A code has 2 to 16 letters, digits or hyphens, starting with a letter or digit.")
            .WithErrorCode("invalid")
            .Must(code => !HealthCards.IsProvince(code))
            .WithMessage("Province and territory codes name health cards.")
            .WithErrorCode("invalid")
            .OverridePropertyName("code");
        RuleFor(x => x.NameEn).NotEmpty().MaximumLength(100);
        RuleFor(x => x.NameFr).NotEmpty().MaximumLength(100);
    }
}

internal sealed class UpdateIdTypeValidator : AbstractValidator<UpdateIdTypeCommand>
{
    public UpdateIdTypeValidator()
    {
        RuleFor(x => x.NameEn).NotEmpty().MaximumLength(100);
        RuleFor(x => x.NameFr).NotEmpty().MaximumLength(100);
    }
}

internal sealed class CreateIdTypeHandler(IDbSession db, ClinicContext clinic, IAuditLog audit, TimeProvider clock)
    : IRequestHandler<CreateIdTypeCommand, Result<ClinicIdType>>
{
    public async Task<Result<ClinicIdType>> Handle(CreateIdTypeCommand request, CancellationToken cancellationToken)
    {
        var type = new ClinicIdType(PatientRules.NormalizeIdType(request.Code), request.NameEn.Trim(), request.NameFr.Trim(), request.Searchable);
        var inserted = await db.ExecuteAsync(
            """
            insert into registration.id_types (clinic_id, code, name_en, name_fr, searchable, created_at, updated_at)
            values (@ClinicId, @Code, @NameEn, @NameFr, @Searchable, @Now, @Now)
            on conflict (clinic_id, code) do nothing
            """,
            new { clinic.ClinicId, type.Code, type.NameEn, type.NameFr, type.Searchable, Now = clock.GetUtcNow() },
            cancellationToken);
        if (inserted == 0)
        {
            return Error.Conflict("id_type_exists", "This clinic already has an ID type with this code.");
        }

        await audit.RecordAsync(new AuditEvent("registration.id_type.created", clinic.ClinicId, "id_type", type.Code, type), cancellationToken);
        return type;
    }
}

internal sealed class UpdateIdTypeHandler(IDbSession db, ClinicContext clinic, IdTypeCatalog catalog, IAuditLog audit, TimeProvider clock)
    : IRequestHandler<UpdateIdTypeCommand, Result<ClinicIdType>>
{
    public async Task<Result<ClinicIdType>> Handle(UpdateIdTypeCommand request, CancellationToken cancellationToken)
    {
        var code = PatientRules.NormalizeIdType(request.Code);
        var before = PatientRules.IsIdTypeCode(code) ? await catalog.FindAsync(clinic.ClinicId, code, cancellationToken) : null;
        if (before is null)
        {
            return Error.NotFound("id_type_not_found", "This clinic has no ID type with this code.");
        }

        var after = new ClinicIdType(code, request.NameEn.Trim(), request.NameFr.Trim(), request.Searchable);
        if (after != before)
        {
            await db.ExecuteAsync(
                """
                update registration.id_types set name_en = @NameEn, name_fr = @NameFr, searchable = @Searchable, updated_at = @Now
                where clinic_id = @ClinicId and code = @Code
                """,
                new { clinic.ClinicId, after.Code, after.NameEn, after.NameFr, after.Searchable, Now = clock.GetUtcNow() },
                cancellationToken);
            await audit.RecordAsync(
                new AuditEvent("registration.id_type.updated", clinic.ClinicId, "id_type", code, new { from = before, to = after }), cancellationToken);
        }

        return after;
    }
}

internal sealed class IdTypesEndpoints : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        var group = app.MapClinicGroup("/registration/id-types").WithTags("Registration");
        group.MapGet("/", async Task<Results<Ok<IdTypesView>, ErrorHttpResult>> (IMediator mediator, CancellationToken cancellationToken) =>
                (await mediator.Send(new ListIdTypesQuery(), cancellationToken)).ToHttp(TypedResults.Ok))
            .RequireAuthorization(Policies.ClinicMember)
            .WithName("ListIdTypes")
            .WithSummary("The provincial health cards and the clinic's own ID types, and whether patients may sign in with the latter (S6).")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden);
        group.MapPost("/", async Task<Results<Created<ClinicIdType>, ErrorHttpResult>> (
                    CreateIdTypeCommand command, IMediator mediator, ClinicContext clinic, CancellationToken cancellationToken) =>
                (await mediator.Send(command, cancellationToken))
                .ToHttp(type => TypedResults.Created($"/api/clinics/{clinic.Clinic.Slug}/registration/id-types/{type.Code}", type)))
            .RequireAuthorization(Policies.ClinicManager)
            .WithName("CreateIdType")
            .WithSummary("Adds one of the clinic's own ID types. Owners and admins only.")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status409Conflict);
        group.MapPut("/{code}", async Task<Results<Ok<ClinicIdType>, ErrorHttpResult>> (
                    string code, UpdateIdTypeBody body, IMediator mediator, CancellationToken cancellationToken) =>
                (await mediator.Send(new UpdateIdTypeCommand(code, body.NameEn, body.NameFr, body.Searchable), cancellationToken)).ToHttp(TypedResults.Ok))
            .RequireAuthorization(Policies.ClinicManager)
            .WithName("UpdateIdType")
            .WithSummary("Renames one of the clinic's ID types or changes whether patients may sign in with it. Owners and admins only.")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
    }
}
