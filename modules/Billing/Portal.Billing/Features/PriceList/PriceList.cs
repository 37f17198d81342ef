using Carter;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Portal.Billing.Invoices;
using Portal.Shared.Auditing;
using Portal.Shared.Database;
using Portal.Shared.Mediation;
using Portal.Shared.OpenApi;
using Portal.Shared.Results;
using Portal.Shared.Tenancy;

namespace Portal.Billing.Features.PriceList;

/// <param name="Code">The clinic's own short code, unique in its price list (FORM-A, MISSED).</param>
/// <param name="UnitPriceCents">In cents of the clinic's currency.</param>
/// <param name="TaxRateBasisPoints">The tax on this service: 1300 is 13 %, 0 where no tax applies.</param>
/// <param name="Active">An inactive service stays on past invoices but cannot be put on a new one.</param>
internal sealed record ServiceView(Guid Id, string Code, string NameEn, string NameFr, long UnitPriceCents, int TaxRateBasisPoints, bool Active);

internal sealed record ServiceList(string Currency, IReadOnlyList<ServiceView> Items);

/// <param name="Code">The clinic's own short code, unique in its price list.</param>
/// <param name="UnitPriceCents">In cents of the clinic's currency, at most 1,000,000.00.</param>
/// <param name="TaxRateBasisPoints">1300 is 13 %, 0 where no tax applies; at most 10000.</param>
internal sealed record ServiceBody(string Code, string NameEn, string NameFr, long UnitPriceCents, int TaxRateBasisPoints, bool Active = true);

internal sealed record SaveServiceCommand(Guid? Id, ServiceBody Service) : ICommand<ServiceView>;

internal sealed record ListServicesQuery : IQuery<ServiceList>;

internal sealed class SaveServiceValidator : AbstractValidator<SaveServiceCommand>
{
    public SaveServiceValidator()
    {
        RuleFor(x => x.Service.Code).NotEmpty().MaximumLength(40).Matches("^[A-Za-z0-9][A-Za-z0-9_.-]*$")
            .WithMessage("Letters, digits, '-', '_' and '.' only.").OverridePropertyName("code");
        RuleFor(x => x.Service.NameEn).NotEmpty().MaximumLength(200).Must(s => !string.IsNullOrWhiteSpace(s)).OverridePropertyName("nameEn");
        RuleFor(x => x.Service.NameFr).NotEmpty().MaximumLength(200).Must(s => !string.IsNullOrWhiteSpace(s)).OverridePropertyName("nameFr");
        RuleFor(x => x.Service.UnitPriceCents).InclusiveBetween(0, 100_000_000).OverridePropertyName("unitPriceCents");
        RuleFor(x => x.Service.TaxRateBasisPoints).InclusiveBetween(0, 10_000).OverridePropertyName("taxRateBasisPoints");
    }
}

internal sealed class SaveServiceHandler(IDbSession db, ClinicContext clinic, IAuditLog audit, TimeProvider clock)
    : IRequestHandler<SaveServiceCommand, Result<ServiceView>>
{
    public async Task<Result<ServiceView>> Handle(SaveServiceCommand request, CancellationToken cancellationToken)
    {
        var body = request.Service;
        var now = clock.GetUtcNow();
        var view = new ServiceView(
            request.Id ?? Guid.CreateVersion7(now), body.Code.Trim(), body.NameEn.Trim(), body.NameFr.Trim(), body.UnitPriceCents, body.TaxRateBasisPoints, body.Active);
        var taken = await db.ExecuteScalarAsync<bool>(
            "select exists (select 1 from billing.services where clinic_id = @ClinicId and code = @Code and id <> @Id)",
            new { clinic.ClinicId, view.Code, view.Id },
            cancellationToken);
        if (taken)
        {
            return BillingErrors.CodeTaken;
        }

        var parameters = new { view.Id, clinic.ClinicId, view.Code, view.NameEn, view.NameFr, view.UnitPriceCents, view.TaxRateBasisPoints, view.Active, now };
        var changed = request.Id is null
            ? await db.ExecuteAsync(
                """
                insert into billing.services (id, clinic_id, code, name_en, name_fr, unit_price_cents, tax_rate_bp, active, created_at)
                values (@Id, @ClinicId, @Code, @NameEn, @NameFr, @UnitPriceCents, @TaxRateBasisPoints, @Active, @now)
                on conflict (clinic_id, code) do nothing
                """,
                parameters,
                cancellationToken)
            : await db.ExecuteAsync(
                """
                update billing.services set code = @Code, name_en = @NameEn, name_fr = @NameFr, unit_price_cents = @UnitPriceCents,
                    tax_rate_bp = @TaxRateBasisPoints, active = @Active
                where clinic_id = @ClinicId and id = @Id
                """,
                parameters,
                cancellationToken);
        if (changed == 0)
        {
            return request.Id is null ? BillingErrors.CodeTaken : BillingErrors.ServiceNotFound;
        }

        await audit.RecordAsync(
            new AuditEvent(request.Id is null ? "billing.service.created" : "billing.service.updated", clinic.ClinicId, "billing_service", view.Id.ToString(),
                new { view.Code, view.UnitPriceCents, view.TaxRateBasisPoints, view.Active }),
            cancellationToken);
        return view;
    }
}

internal sealed class ListServicesHandler(IDbSession db, ClinicContext clinic) : IRequestHandler<ListServicesQuery, Result<ServiceList>>
{
    public async Task<Result<ServiceList>> Handle(ListServicesQuery request, CancellationToken cancellationToken)
    {
        var items = await db.QueryAsync<ServiceView>(
            """
            select id, code, name_en, name_fr, unit_price_cents, tax_rate_bp as tax_rate_basis_points, active
            from billing.services where clinic_id = @ClinicId order by active desc, code
            """,
            new { clinic.ClinicId },
            cancellationToken);
        return new ServiceList(await BillingCurrencies.OfClinicAsync(db, clinic.ClinicId, cancellationToken), items);
    }
}

internal sealed class PriceListEndpoints : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        app.MapStaffBilling("/services")
            .MapGet("", async Task<Results<Ok<ServiceList>, ErrorHttpResult>> (IMediator mediator, CancellationToken cancellationToken) =>
                (await mediator.Send(new ListServicesQuery(), cancellationToken)).ToHttp(TypedResults.Ok))
            .WithName("ListBillingServices")
            .WithSummary("The clinic's price list of uninsured services, active ones first.")
            .WithDescription("Any staff member of the clinic. Prices are in cents (hundredths) of the clinic's currency (currency), which new invoices use.")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);

        var setup = app.MapBillingSetup("/services");
        setup.MapPost("", async Task<Results<Created<ServiceView>, ErrorHttpResult>> (
                    ServiceBody body, IMediator mediator, ClinicContext clinic, CancellationToken cancellationToken) =>
                (await mediator.Send(new SaveServiceCommand(null, body), cancellationToken))
                .ToHttp(view => TypedResults.Created(BillingRoutes.Service(clinic, view.Id), view)))
            .WithName("CreateBillingService")
            .ValidatedAs<SaveServiceCommand>()
            .WithSummary("Adds a service to the clinic's price list.")
            .WithDescription("The clinic's owners and admins. A code already in the price list is 409 service_code_taken.")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        setup.MapPut("/{id:guid}", async Task<Results<Ok<ServiceView>, ErrorHttpResult>> (
                    Guid id, ServiceBody body, IMediator mediator, CancellationToken cancellationToken) =>
                (await mediator.Send(new SaveServiceCommand(id, body), cancellationToken)).ToHttp(TypedResults.Ok))
            .WithName("UpdateBillingService")
            .ValidatedAs<SaveServiceCommand>()
            .WithSummary("Changes a service of the clinic's price list; invoices already made keep the price and names they were made with.")
            .WithDescription("The clinic's owners and admins. An unknown id is 404 service_not_found; a code another service has is 409 service_code_taken.")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
    }
}
