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

namespace Portal.Billing.Features.BillingSettings;

/// <param name="Currency">The currency of the price list and of new invoices: ISO 4217, lower case (cad).</param>
/// <param name="Currencies">The currencies the clinic may choose from.</param>
internal sealed record BillingSettingsView(string Currency, IReadOnlyList<string> Currencies);

/// <param name="Currency">One of the offered currencies, ISO 4217 (eur or EUR).</param>
internal sealed record SaveBillingSettingsCommand(string Currency) : ICommand<BillingSettingsView>;

internal sealed record GetBillingSettingsQuery : IQuery<BillingSettingsView>;

internal sealed class SaveBillingSettingsValidator : AbstractValidator<SaveBillingSettingsCommand>
{
    public SaveBillingSettingsValidator() =>
        RuleFor(x => x.Currency)
            .NotEmpty()
            .Must(currency => BillingCurrencies.IsSupported(currency?.ToLowerInvariant()))
            .WithErrorCode("unsupported_currency")
            .WithMessage($"Choose one of: {string.Join(", ", BillingCurrencies.Supported)}.");
}

internal sealed class GetBillingSettingsHandler(IDbSession db, ClinicContext clinic) : IRequestHandler<GetBillingSettingsQuery, Result<BillingSettingsView>>
{
    public async Task<Result<BillingSettingsView>> Handle(GetBillingSettingsQuery request, CancellationToken cancellationToken) =>
        new BillingSettingsView(await BillingCurrencies.OfClinicAsync(db, clinic.ClinicId, cancellationToken), BillingCurrencies.Supported);
}

/// <summary>
/// The clinic's billing currency. It applies to the price list and to invoices made from now on; an invoice keeps the currency it was
/// made in, and prices are not converted.
/// </summary>
internal sealed class SaveBillingSettingsHandler(IDbSession db, ClinicContext clinic, IActorContext actor, IAuditLog audit, TimeProvider clock)
    : IRequestHandler<SaveBillingSettingsCommand, Result<BillingSettingsView>>
{
    public async Task<Result<BillingSettingsView>> Handle(SaveBillingSettingsCommand request, CancellationToken cancellationToken)
    {
        var currency = request.Currency.ToLowerInvariant();
        var before = await BillingCurrencies.OfClinicAsync(db, clinic.ClinicId, cancellationToken);
        await db.ExecuteAsync(
            """
            insert into billing.clinic_settings (clinic_id, currency, updated_at, updated_by)
            values (@ClinicId, @currency, @now, @actorId)
            on conflict (clinic_id) do update set currency = excluded.currency, updated_at = excluded.updated_at, updated_by = excluded.updated_by
            """,
            new { clinic.ClinicId, currency, now = clock.GetUtcNow(), actorId = actor.Actor.Id },
            cancellationToken);
        if (before != currency)
        {
            await audit.RecordAsync(
                new AuditEvent("billing.currency.changed", clinic.ClinicId, "billing_settings", clinic.ClinicId.ToString(), new { from = before, to = currency }),
                cancellationToken);
        }

        return new BillingSettingsView(currency, BillingCurrencies.Supported);
    }
}

internal sealed class BillingSettingsEndpoints : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        app.MapStaffBilling("/settings")
            .MapGet("", async Task<Results<Ok<BillingSettingsView>, ErrorHttpResult>> (IMediator mediator, CancellationToken cancellationToken) =>
                (await mediator.Send(new GetBillingSettingsQuery(), cancellationToken)).ToHttp(TypedResults.Ok))
            .WithName("GetBillingSettings")
            .WithSummary("The clinic's billing currency and the currencies it may choose from.")
            .WithDescription("Any staff member of the clinic. CAD until the clinic chooses another.")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);

        app.MapBillingSetup("/settings")
            .MapPut("", async Task<Results<Ok<BillingSettingsView>, ErrorHttpResult>> (
                    SaveBillingSettingsCommand command, IMediator mediator, CancellationToken cancellationToken) =>
                (await mediator.Send(command, cancellationToken)).ToHttp(TypedResults.Ok))
            .WithName("SaveBillingSettings")
            .ValidatedAs<SaveBillingSettingsCommand>()
            .WithSummary("Chooses the clinic's billing currency, for the price list and the invoices made from now on.")
            .WithDescription("The clinic's owners and admins. Invoices already made keep their currency and prices are not converted. " +
                "A currency that is not offered (zero-decimal ones such as JPY are not) is 400 with the field error unsupported_currency.")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
    }
}
