using Carter;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Portal.Billing.Invoices;
using Portal.Billing.Receipts;
using Portal.Shared.Auditing;
using Portal.Shared.Mediation;
using Portal.Shared.Results;
using Portal.Shared.Tenancy;

namespace Portal.Billing.Features.Receipts;

internal sealed record GetMyReceiptQuery(Guid PatientId, Guid Id) : IQuery<ReceiptFile>;

internal sealed record GetInvoiceReceiptQuery(Guid Id) : IQuery<ReceiptFile>;

internal sealed class GetMyReceiptHandler(ClinicContext clinic, PatientBilling billing, InvoiceStore store, BillingReceipts receipts, IAuditLog audit)
    : IRequestHandler<GetMyReceiptQuery, Result<ReceiptFile>>
{
    public async Task<Result<ReceiptFile>> Handle(GetMyReceiptQuery request, CancellationToken cancellationToken)
    {
        if (await billing.OpenAsync(clinic.ClinicId, cancellationToken) is null)
        {
            return BillingErrors.BillingOff;
        }

        if (await store.FindForPatientAsync(clinic.ClinicId, request.PatientId, request.Id, false, cancellationToken) is not { } row)
        {
            return BillingErrors.BillNotFound;
        }

        var receipt = await receipts.RenderAsync(row, cancellationToken);
        if (receipt.IsSuccess)
        {
            await audit.RecordAsync(new AuditEvent("billing.receipt.downloaded", clinic.ClinicId, "invoice", row.Id.ToString(), new { by = "patient" }), cancellationToken);
        }

        return receipt;
    }
}

internal sealed class GetInvoiceReceiptHandler(ClinicContext clinic, InvoiceStore store, BillingReceipts receipts, IAuditLog audit)
    : IRequestHandler<GetInvoiceReceiptQuery, Result<ReceiptFile>>
{
    public async Task<Result<ReceiptFile>> Handle(GetInvoiceReceiptQuery request, CancellationToken cancellationToken)
    {
        if (await store.FindAsync(clinic.ClinicId, request.Id, false, cancellationToken) is not { } row)
        {
            return BillingErrors.InvoiceNotFound;
        }

        var receipt = await receipts.RenderAsync(row, cancellationToken);
        if (receipt.IsSuccess)
        {
            await audit.RecordAsync(
                new AuditEvent("billing.receipt.downloaded", clinic.ClinicId, "invoice", row.Id.ToString(), new { by = "staff", row.PatientId }), cancellationToken);
        }

        return receipt;
    }
}

/// <summary>A paid bill's receipt as a PDF download, for its patient and for the clinic's staff.</summary>
internal sealed class ReceiptEndpoints : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        app.MapMyBills()
            .MapGet("/{id:guid}/receipt", async Task<Results<FileContentHttpResult, ErrorHttpResult>> (
                    Guid id, IActorContext actor, IMediator mediator, HttpContext context, CancellationToken cancellationToken) =>
                Send(await mediator.Send(new GetMyReceiptQuery(actor.Actor.Id!.Value, id), cancellationToken), context))
            .WithName("GetMyReceipt")
            .WithSummary("The receipt of one of the signed-in patient's paid bills, a PDF in the patient's language, downloaded.")
            .WithDescription("Another patient's bill, one not paid, a draft, a voided bill or an unknown id is 404 (bill_not_found or " +
                "receipt_not_found); billing off (S5) is 404 billing_off. It shows the lines, taxes, total, the date paid and any refunds.")
            .Produces(StatusCodes.Status200OK, contentType: "application/pdf")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        app.MapStaffBilling("/invoices")
            .MapGet("/{id:guid}/receipt", async Task<Results<FileContentHttpResult, ErrorHttpResult>> (
                    Guid id, IMediator mediator, HttpContext context, CancellationToken cancellationToken) =>
                Send(await mediator.Send(new GetInvoiceReceiptQuery(id), cancellationToken), context))
            .WithName("GetInvoiceReceipt")
            .WithSummary("The receipt of a paid (or refunded) invoice, the PDF its patient gets, in the patient's language.")
            .WithDescription("Any staff member of the clinic. An invoice not paid is 404 receipt_not_found; an unknown id 404 invoice_not_found.")
            .Produces(StatusCodes.Status200OK, contentType: "application/pdf")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
    }

    private static Results<FileContentHttpResult, ErrorHttpResult> Send(Result<ReceiptFile> result, HttpContext context)
    {
        if (!result.IsSuccess)
        {
            return result.Error!.ToHttp();
        }

        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.CacheControl = "private, no-store";
        headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
        return TypedResults.File(result.Value.Content, "application/pdf", result.Value.FileName);
    }
}
