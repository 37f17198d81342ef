using Carter;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Portal.Billing.Invoices;
using Portal.Registration.Contracts;
using Portal.Shared.Auditing;
using Portal.Shared.Database;
using Portal.Shared.Mediation;
using Portal.Shared.OpenApi;
using Portal.Shared.Results;
using Portal.Shared.Tenancy;

namespace Portal.Billing.Features.StaffInvoices;

/// <param name="ServiceId">An active service of the clinic's price list: its price, tax rate and names are copied onto the line.</param>
/// <param name="Quantity">1 to 1000.</param>
internal sealed record InvoiceLineBody(Guid ServiceId, int Quantity = 1);

/// <summary>A draft invoice: a patient and lines from the price list. Prices, taxes and totals are worked out by the server.</summary>
/// <param name="Lines">1 to 100 lines.</param>
/// <param name="Note">For the clinic only, at most 1000 characters.</param>
internal sealed record CreateInvoiceCommand(Guid PatientId, IReadOnlyList<InvoiceLineBody> Lines, string? Note = null) : ICommand<InvoiceView>;

internal sealed record InvoiceList(IReadOnlyList<InvoiceView> Items);

internal sealed record ListInvoicesQuery(Guid? PatientId, string? Status) : IQuery<InvoiceList>;

internal sealed record GetInvoiceQuery(Guid Id) : IQuery<InvoiceView>;

internal sealed record IssueInvoiceCommand(Guid Id) : ICommand<InvoiceView>;

internal sealed record VoidInvoiceCommand(Guid Id) : ICommand<InvoiceView>;

internal sealed class CreateInvoiceValidator : AbstractValidator<CreateInvoiceCommand>
{
    public CreateInvoiceValidator()
    {
        RuleFor(x => x.PatientId).NotEmpty();
        RuleFor(x => x.Lines).NotEmpty().Must(l => l.Count <= 100).WithMessage("At most 100 lines.");
        RuleForEach(x => x.Lines).ChildRules(line =>
        {
            line.RuleFor(l => l.ServiceId).NotEmpty();
            line.RuleFor(l => l.Quantity).InclusiveBetween(1, 1000);
        });
        RuleFor(x => x.Note).MaximumLength(1000).Must(n => n is null || n.Trim().Length > 0).WithMessage("Leave the note out rather than blank.");
    }
}

internal sealed class ListInvoicesValidator : AbstractValidator<ListInvoicesQuery>
{
    private static readonly string[] Statuses =
        [InvoiceStatuses.Draft, InvoiceStatuses.Issued, InvoiceStatuses.Paid, InvoiceStatuses.PartiallyRefunded, InvoiceStatuses.Refunded, InvoiceStatuses.Void];

    public ListInvoicesValidator() =>
        RuleFor(x => x.Status).Must(s => s is null || Statuses.Contains(s)).WithMessage("Not an invoice status.");
}

internal sealed class CreateInvoiceHandler(
    IDbSession db, ClinicContext clinic, IActorContext actor, IPatientDirectory patients, InvoiceStore store, IAuditLog audit, TimeProvider clock)
    : IRequestHandler<CreateInvoiceCommand, Result<InvoiceView>>
{
    public async Task<Result<InvoiceView>> Handle(CreateInvoiceCommand request, CancellationToken cancellationToken)
    {
        if (await patients.GetContactDetailsAsync(clinic.ClinicId, request.PatientId, cancellationToken) is null)
        {
            return BillingErrors.UnknownPatient;
        }

        var ids = request.Lines.Select(l => l.ServiceId).Distinct().ToArray();
        var services = (await db.QueryAsync<PricedService>(
                "select id, name_en, name_fr, unit_price_cents, tax_rate_bp from billing.services where clinic_id = @ClinicId and id = any(@ids) and active",
                new { clinic.ClinicId, ids },
                cancellationToken))
            .ToDictionary(s => s.Id);
        if (services.Count != ids.Length)
        {
            return BillingErrors.UnknownService;
        }

        var now = clock.GetUtcNow();
        var id = Guid.CreateVersion7(now);
        var lines = request.Lines.Select((line, index) =>
        {
            var service = services[line.ServiceId];
            var amount = service.UnitPriceCents * line.Quantity;
            var tax = Money.Tax(amount, service.TaxRateBp);
            return new InvoiceLineRow(id, index + 1, service.Id, service.NameEn, service.NameFr, line.Quantity, service.UnitPriceCents, service.TaxRateBp, tax, amount + tax);
        }).ToList();
        var subtotal = lines.Sum(l => l.UnitPriceCents * l.Quantity);
        var tax = lines.Sum(l => l.TaxCents);
        // In the clinic's currency of the moment, which the invoice keeps whatever the clinic chooses later.
        var currency = await BillingCurrencies.OfClinicAsync(db, clinic.ClinicId, cancellationToken);
        var row = new InvoiceRow(
            id, clinic.ClinicId, request.PatientId, null, InvoiceStatuses.Draft, currency, subtotal, tax, subtotal + tax, 0,
            request.Note?.Trim(), now, null, null, null, null);
        await db.ExecuteAsync(
            """
            insert into billing.invoices (id, clinic_id, patient_id, status, currency, subtotal_cents, tax_cents, total_cents, note, created_by, created_at)
            values (@Id, @ClinicId, @PatientId, @Status, @Currency, @SubtotalCents, @TaxCents, @TotalCents, @Note, @createdBy, @CreatedAt)
            """,
            new { row.Id, row.ClinicId, row.PatientId, row.Status, row.Currency, row.SubtotalCents, row.TaxCents, row.TotalCents, row.Note, createdBy = actor.Actor.Id, row.CreatedAt },
            cancellationToken);
        await db.ExecuteAsync(
            """
            insert into billing.invoice_lines
                (invoice_id, position, service_id, description_en, description_fr, quantity, unit_price_cents, tax_rate_bp, tax_cents, total_cents)
            values (@InvoiceId, @Position, @ServiceId, @DescriptionEn, @DescriptionFr, @Quantity, @UnitPriceCents, @TaxRateBp, @TaxCents, @TotalCents)
            """,
            lines,
            cancellationToken);
        await audit.RecordAsync(
            new AuditEvent("billing.invoice.created", clinic.ClinicId, "invoice", id.ToString(), new { request.PatientId, row.TotalCents, lines = lines.Count }),
            cancellationToken);
        return await store.ViewAsync(row, cancellationToken);
    }

    private sealed record PricedService(Guid Id, string NameEn, string NameFr, long UnitPriceCents, int TaxRateBp);
}

internal sealed class ListInvoicesHandler(ClinicContext clinic, InvoiceStore store) : IRequestHandler<ListInvoicesQuery, Result<InvoiceList>>
{
    public async Task<Result<InvoiceList>> Handle(ListInvoicesQuery request, CancellationToken cancellationToken) =>
        new InvoiceList(await store.ViewsAsync(await store.ListAsync(clinic.ClinicId, request.PatientId, request.Status, 200, cancellationToken), cancellationToken));
}

internal sealed class GetInvoiceHandler(ClinicContext clinic, InvoiceStore store) : IRequestHandler<GetInvoiceQuery, Result<InvoiceView>>
{
    public async Task<Result<InvoiceView>> Handle(GetInvoiceQuery request, CancellationToken cancellationToken) =>
        await store.FindAsync(clinic.ClinicId, request.Id, false, cancellationToken) is { } row
            ? await store.ViewAsync(row, cancellationToken)
            : BillingErrors.InvoiceNotFound;
}

/// <summary>
/// Issues a draft: takes the clinic's next invoice number and tells the patient, in one transaction. The clinic's counter row
/// is locked until the commit, so two issues at once take turns and a failed one gives its number back: numbers have no gaps.
/// </summary>
internal sealed class IssueInvoiceHandler(
    IDbSession db, ClinicContext clinic, InvoiceStore store, InvoiceNotices notices, IAuditLog audit, TimeProvider clock)
    : IRequestHandler<IssueInvoiceCommand, Result<InvoiceView>>
{
    public async Task<Result<InvoiceView>> Handle(IssueInvoiceCommand request, CancellationToken cancellationToken)
    {
        var row = await store.FindAsync(clinic.ClinicId, request.Id, true, cancellationToken);
        if (row is null)
        {
            return BillingErrors.InvoiceNotFound;
        }

        if (row.Status != InvoiceStatuses.Draft)
        {
            return BillingErrors.NotDraft;
        }

        var number = await db.QuerySingleAsync<int>(
            """
            insert into billing.invoice_counters (clinic_id, last_number) values (@ClinicId, 1)
            on conflict (clinic_id) do update set last_number = billing.invoice_counters.last_number + 1
            returning last_number
            """,
            new { clinic.ClinicId },
            cancellationToken);
        var now = clock.GetUtcNow();
        await db.ExecuteAsync(
            "update billing.invoices set status = 'issued', number = @number, issued_at = @now where clinic_id = @ClinicId and id = @Id",
            new { number, now, clinic.ClinicId, row.Id },
            cancellationToken);
        var issued = row with { Status = InvoiceStatuses.Issued, Number = number, IssuedAt = now };
        var sent = await notices.BillIssuedAsync(issued, cancellationToken);
        if (!sent.IsSuccess)
        {
            return sent.Error!;
        }

        await audit.RecordAsync(
            new AuditEvent("billing.invoice.issued", clinic.ClinicId, "invoice", row.Id.ToString(), new { number, row.PatientId, row.TotalCents, conversationId = sent.Value }),
            cancellationToken);
        return await store.ViewAsync(issued, cancellationToken);
    }
}

internal sealed class VoidInvoiceHandler(IDbSession db, ClinicContext clinic, InvoiceStore store, IAuditLog audit, TimeProvider clock)
    : IRequestHandler<VoidInvoiceCommand, Result<InvoiceView>>
{
    public async Task<Result<InvoiceView>> Handle(VoidInvoiceCommand request, CancellationToken cancellationToken)
    {
        var row = await store.FindAsync(clinic.ClinicId, request.Id, true, cancellationToken);
        if (row is null)
        {
            return BillingErrors.InvoiceNotFound;
        }

        if (row.Status is not (InvoiceStatuses.Draft or InvoiceStatuses.Issued))
        {
            return BillingErrors.CannotVoid;
        }

        // A payment under way would find a void bill: its session is expired when the webhook or the reconciliation sees it paid.
        var now = clock.GetUtcNow();
        await db.ExecuteAsync(
            "update billing.invoices set status = 'void', voided_at = @now where clinic_id = @ClinicId and id = @Id",
            new { now, clinic.ClinicId, row.Id },
            cancellationToken);
        await audit.RecordAsync(
            new AuditEvent("billing.invoice.voided", clinic.ClinicId, "invoice", row.Id.ToString(), new { row.Number, row.PatientId }), cancellationToken);
        return await store.ViewAsync(row with { Status = InvoiceStatuses.Void, VoidedAt = now }, cancellationToken);
    }
}

internal sealed class StaffInvoiceEndpoints : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        var group = app.MapStaffBilling("/invoices");
        group.MapGet("", async Task<Results<Ok<InvoiceList>, ErrorHttpResult>> (
                    Guid? patientId, string? status, IMediator mediator, CancellationToken cancellationToken) =>
                (await mediator.Send(new ListInvoicesQuery(patientId, status), cancellationToken)).ToHttp(TypedResults.Ok))
            .WithName("ListInvoices")
            .WithSummary("The clinic's invoices, newest first (at most 200), optionally of one patient or in one status.")
            .WithDescription("Any staff member of the clinic. status is one of draft, issued, paid, partially_refunded, refunded, void.")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        group.MapPost("", async Task<Results<Created<InvoiceView>, ErrorHttpResult>> (
                    CreateInvoiceCommand command, IMediator mediator, ClinicContext clinic, CancellationToken cancellationToken) =>
                (await mediator.Send(command, cancellationToken)).ToHttp(view => TypedResults.Created(BillingRoutes.StaffInvoice(clinic, view.Id), view)))
            .WithName("CreateInvoice")
            .ValidatedAs<CreateInvoiceCommand>()
            .WithSummary("Makes a draft invoice for a patient from the clinic's price list.")
            .WithDescription("Any staff member of the clinic. Each line names an active service and a quantity; its price, tax and names come from the " +
                "price list, and the totals are worked out here, in the clinic's currency. A patient of another clinic is 400 patient_not_found; a service " +
                "that is not an active one of the clinic's is 400 service_not_found.")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        group.MapGet("/{id:guid}", async Task<Results<Ok<InvoiceView>, ErrorHttpResult>> (Guid id, IMediator mediator, CancellationToken cancellationToken) =>
                (await mediator.Send(new GetInvoiceQuery(id), cancellationToken)).ToHttp(TypedResults.Ok))
            .WithName("GetInvoice")
            .WithSummary("One of the clinic's invoices with its lines.")
            .WithDescription("Any staff member of the clinic; an id of no invoice of the clinic is 404 invoice_not_found.")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        group.MapPost("/{id:guid}/issue", async Task<Results<Ok<InvoiceView>, ErrorHttpResult>> (Guid id, IMediator mediator, CancellationToken cancellationToken) =>
                (await mediator.Send(new IssueInvoiceCommand(id), cancellationToken)).ToHttp(TypedResults.Ok))
            .WithName("IssueInvoice")
            .WithSummary("Issues a draft invoice: it takes the clinic's next number and the patient gets a secure message about it.")
            .WithDescription("Any staff member of the clinic. Numbers follow each other without gaps within a clinic. The message holds the number " +
                "and total; the email or SMS announcing it holds no amount. An invoice that is not a draft is 409 not_draft.")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        group.MapPost("/{id:guid}/void", async Task<Results<Ok<InvoiceView>, ErrorHttpResult>> (Guid id, IMediator mediator, CancellationToken cancellationToken) =>
                (await mediator.Send(new VoidInvoiceCommand(id), cancellationToken)).ToHttp(TypedResults.Ok))
            .WithName("VoidInvoice")
            .WithSummary("Voids a draft or an issued, unpaid invoice; it keeps its number, and the patient no longer sees it.")
            .WithDescription("Any staff member of the clinic. A paid or refunded invoice is 409 cannot_void (refund it instead).")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
    }
}
