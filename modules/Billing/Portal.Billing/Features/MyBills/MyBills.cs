using Carter;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Portal.Billing.Invoices;
using Portal.Shared.Auditing;
using Portal.Shared.Mediation;
using Portal.Shared.OpenApi;
using Portal.Shared.Results;
using Portal.Shared.Tenancy;

namespace Portal.Billing.Features.MyBills;

internal sealed record MyBillList(IReadOnlyList<MyBill> Items);

internal sealed record ListMyBillsQuery(Guid PatientId) : IQuery<MyBillList>;

internal sealed record GetMyBillQuery(Guid PatientId, Guid Id) : IQuery<MyBill>;

internal sealed class ListMyBillsHandler(ClinicContext clinic, PatientBilling billing, InvoiceStore store) : IRequestHandler<ListMyBillsQuery, Result<MyBillList>>
{
    public async Task<Result<MyBillList>> Handle(ListMyBillsQuery request, CancellationToken cancellationToken)
    {
        if (await billing.OpenAsync(clinic.ClinicId, cancellationToken) is null)
        {
            return BillingErrors.BillingOff;
        }

        return new MyBillList(await store.BillsForPatientAsync(clinic.ClinicId, request.PatientId, cancellationToken));
    }
}

internal sealed class GetMyBillHandler(ClinicContext clinic, PatientBilling billing, InvoiceStore store) : IRequestHandler<GetMyBillQuery, Result<MyBill>>
{
    public async Task<Result<MyBill>> Handle(GetMyBillQuery request, CancellationToken cancellationToken)
    {
        if (await billing.OpenAsync(clinic.ClinicId, cancellationToken) is null)
        {
            return BillingErrors.BillingOff;
        }

        return await store.BillForPatientAsync(clinic.ClinicId, request.PatientId, request.Id, cancellationToken) is { } bill
            ? bill
            : BillingErrors.BillNotFound;
    }
}

internal sealed class MyBillEndpoints : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        var group = app.MapMyBills();
        group.MapGet("", async Task<Results<Ok<MyBillList>, ErrorHttpResult>> (IActorContext actor, IMediator mediator, CancellationToken cancellationToken) =>
                (await mediator.Send(new ListMyBillsQuery(actor.Actor.Id!.Value), cancellationToken)).ToHttp(TypedResults.Ok))
            .WithName("ListMyBills")
            .WithSummary("The signed-in patient's bills, to pay and paid, newest first, with their lines and totals in cents.")
            .WithDescription("The signed-in patient of the clinic, while the clinic offers billing (S5: portal billing on and Stripe keys entered); " +
                "otherwise 404 billing_off. Drafts and voided bills are not shown.")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        group.MapGet("/{id:guid}", async Task<Results<Ok<MyBill>, ErrorHttpResult>> (
                    Guid id, IActorContext actor, IMediator mediator, CancellationToken cancellationToken) =>
                (await mediator.Send(new GetMyBillQuery(actor.Actor.Id!.Value, id), cancellationToken)).ToHttp(TypedResults.Ok))
            .WithName("GetMyBill")
            .WithSummary("One of the signed-in patient's bills, as the server knows it now (after paying, its status shows whether the payment arrived).")
            .WithDescription("Another patient's bill, a draft, a voided bill or an unknown id is 404 bill_not_found; billing off (S5) is 404 billing_off.")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
    }
}
