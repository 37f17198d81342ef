using Portal.Registration.Contracts;
using Portal.Shared.Database;

namespace Portal.Billing.Invoices;

/// <param name="Position">1 for the first line.</param>
/// <param name="TaxRateBasisPoints">The line's tax rate: 1300 is 13 %, 0 when no tax applies.</param>
/// <param name="TotalCents">Quantity × unit price, plus tax.</param>
internal sealed record InvoiceLineView(
    int Position, Guid ServiceId, string DescriptionEn, string DescriptionFr, int Quantity, long UnitPriceCents, int TaxRateBasisPoints,
    long TaxCents, long TotalCents);

/// <summary>Money given back on a paid invoice, through Portal or in Stripe's dashboard.</summary>
internal sealed record InvoiceRefundView(string Id, long AmountCents, DateTimeOffset CreatedAt);

/// <summary>An invoice as the clinic's staff see it.</summary>
/// <param name="PatientName">The patient's name as the chart shows it; null if the chart is gone.</param>
/// <param name="Number">The clinic's invoice number, given when it is issued; null for a draft (and a voided draft).</param>
/// <param name="Status">draft, issued, paid, partially_refunded, refunded or void.</param>
/// <param name="Currency">ISO 4217, lower case (cad).</param>
internal sealed record InvoiceView(
    Guid Id, Guid PatientId, string? PatientName, int? Number, string Status, string Currency, long SubtotalCents, long TaxCents, long TotalCents, long RefundedCents,
    string? Note, DateTimeOffset CreatedAt, DateTimeOffset? IssuedAt, DateTimeOffset? PaidAt, DateTimeOffset? VoidedAt, IReadOnlyList<InvoiceLineView> Lines,
    IReadOnlyList<InvoiceRefundView> Refunds);

/// <summary>One of the patient's bills.</summary>
/// <param name="Status">issued (to pay), paid, partially_refunded or refunded.</param>
/// <param name="CanPay">Whether Pay may be offered: issued, with something to pay.</param>
internal sealed record MyBill(
    Guid Id, int Number, string Status, string Currency, long SubtotalCents, long TaxCents, long TotalCents, long RefundedCents,
    DateTimeOffset IssuedAt, DateTimeOffset? PaidAt, bool CanPay, IReadOnlyList<InvoiceLineView> Lines);

internal sealed record InvoiceRow(
    Guid Id, Guid ClinicId, Guid PatientId, int? Number, string Status, string Currency, long SubtotalCents, long TaxCents, long TotalCents,
    long RefundedCents, string? Note, DateTimeOffset CreatedAt, DateTimeOffset? IssuedAt, DateTimeOffset? PaidAt, DateTimeOffset? VoidedAt,
    string? PaymentIntent);

internal sealed record InvoiceLineRow(
    Guid InvoiceId, int Position, Guid ServiceId, string DescriptionEn, string DescriptionFr, int Quantity, long UnitPriceCents, int TaxRateBp,
    long TaxCents, long TotalCents)
{
    public InvoiceLineView ToView() => new(Position, ServiceId, DescriptionEn, DescriptionFr, Quantity, UnitPriceCents, TaxRateBp, TaxCents, TotalCents);
}

/// <summary>Invoices and their lines, always within one clinic.</summary>
internal sealed class InvoiceStore(IDbSession db, IPatientDirectory patients)
{
    private const string Columns =
        "id, clinic_id, patient_id, number, status, currency, subtotal_cents, tax_cents, total_cents, refunded_cents, note, created_at, " +
        "issued_at, paid_at, voided_at, payment_intent";

    public Task<InvoiceRow?> FindAsync(Guid clinicId, Guid id, bool forUpdate, CancellationToken cancellationToken) =>
        db.QuerySingleOrDefaultAsync<InvoiceRow>(
            $"select {Columns} from billing.invoices where clinic_id = @clinicId and id = @id" + (forUpdate ? " for update" : ""),
            new { clinicId, id },
            cancellationToken);

    /// <summary>The invoice of this patient, if it is one a patient may see.</summary>
    public Task<InvoiceRow?> FindForPatientAsync(Guid clinicId, Guid patientId, Guid id, bool forUpdate, CancellationToken cancellationToken) =>
        db.QuerySingleOrDefaultAsync<InvoiceRow>(
            $"select {Columns} from billing.invoices where clinic_id = @clinicId and id = @id and patient_id = @patientId and status = any(@shown)" +
            (forUpdate ? " for update" : ""),
            new { clinicId, id, patientId, shown = InvoiceStatuses.ShownToPatients },
            cancellationToken);

    public async Task<IReadOnlyList<InvoiceRow>> ListAsync(
        Guid clinicId, Guid? patientId, string? status, int limit, CancellationToken cancellationToken) =>
        await db.QueryAsync<InvoiceRow>(
            $"""
            select {Columns} from billing.invoices
            where clinic_id = @clinicId and (@patientId::uuid is null or patient_id = @patientId) and (@status::text is null or status = @status)
            order by created_at desc, id desc
            limit @limit
            """,
            new { clinicId, patientId, status, limit },
            cancellationToken);

    public async Task<ILookup<Guid, InvoiceLineView>> LinesAsync(IReadOnlyCollection<Guid> invoiceIds, CancellationToken cancellationToken)
    {
        if (invoiceIds.Count == 0)
        {
            return Array.Empty<InvoiceLineView>().ToLookup(_ => Guid.Empty);
        }

        var rows = await db.QueryAsync<InvoiceLineRow>(
            """
            select invoice_id, position, service_id, description_en, description_fr, quantity, unit_price_cents, tax_rate_bp, tax_cents, total_cents
            from billing.invoice_lines where invoice_id = any(@ids) order by invoice_id, position
            """,
            new { ids = invoiceIds.ToArray() },
            cancellationToken);
        return rows.ToLookup(r => r.InvoiceId, r => r.ToView());
    }

    public async Task<InvoiceView> ViewAsync(InvoiceRow row, CancellationToken cancellationToken) =>
        (await ViewsAsync([row], cancellationToken))[0];

    /// <summary>Invoices of one clinic as staff see them, with their lines, refunds and patients' names.</summary>
    public async Task<IReadOnlyList<InvoiceView>> ViewsAsync(IReadOnlyList<InvoiceRow> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return [];
        }

        var ids = rows.Select(r => r.Id).ToArray();
        var lines = await LinesAsync(ids, cancellationToken);
        var refunds = (await db.QueryAsync<RefundRow>(
                "select invoice_id, id, amount_cents, created_at from billing.refunds where invoice_id = any(@ids) order by created_at, id",
                new { ids },
                cancellationToken))
            .ToLookup(r => r.InvoiceId, r => new InvoiceRefundView(r.Id, r.AmountCents, r.CreatedAt));
        var names = await patients.GetDisplayNamesAsync(rows[0].ClinicId, rows.Select(r => r.PatientId).Distinct().ToArray(), cancellationToken);
        return rows.Select(r => ToView(r, names.GetValueOrDefault(r.PatientId), lines[r.Id].ToList(), refunds[r.Id].ToList())).ToList();
    }

    /// <summary>The patient's bills a patient may see, newest first, with their lines: one statement.</summary>
    public Task<IReadOnlyList<MyBill>> BillsForPatientAsync(Guid clinicId, Guid patientId, CancellationToken cancellationToken) =>
        PatientBillsAsync(clinicId, patientId, null, cancellationToken);

    /// <summary>One of the patient's bills with its lines, if it is one a patient may see: one statement.</summary>
    public async Task<MyBill?> BillForPatientAsync(Guid clinicId, Guid patientId, Guid id, CancellationToken cancellationToken) =>
        (await PatientBillsAsync(clinicId, patientId, id, cancellationToken)).SingleOrDefault();

    // The bills first (at most 200), then their lines joined to them, in the bills' order: each bill's columns come once per
    // line, and a bill without lines once, with null line columns.
    private async Task<IReadOnlyList<MyBill>> PatientBillsAsync(Guid clinicId, Guid patientId, Guid? id, CancellationToken cancellationToken)
    {
        var rows = await db.QueryAsync<BillLineRow>(
            $"""
            with bills as (
                select {Columns} from billing.invoices
                where clinic_id = @clinicId and patient_id = @patientId and status = any(@shown){(id is null ? "" : " and id = @id")}
                order by issued_at desc, id desc
                limit 200)
            select b.*, l.position as line_position, l.service_id as line_service_id, l.description_en as line_description_en,
                   l.description_fr as line_description_fr, l.quantity as line_quantity, l.unit_price_cents as line_unit_price_cents,
                   l.tax_rate_bp as line_tax_rate_bp, l.tax_cents as line_tax_cents, l.total_cents as line_total_cents
            from bills b
            left join billing.invoice_lines l on l.invoice_id = b.id
            order by b.issued_at desc, b.id desc, l.position
            """,
            new { clinicId, patientId, id, shown = InvoiceStatuses.ShownToPatients },
            cancellationToken);
        var bills = new List<MyBill>();
        for (var i = 0; i < rows.Count;)
        {
            var first = rows[i];
            var lines = new List<InvoiceLineView>();
            for (; i < rows.Count && rows[i].Id == first.Id; i++)
            {
                if (rows[i].Line() is { } line)
                {
                    lines.Add(line);
                }
            }

            bills.Add(ToBill(first.Invoice(), lines));
        }

        return bills;
    }

    private static InvoiceView ToView(InvoiceRow r, string? patientName, IReadOnlyList<InvoiceLineView> lines, IReadOnlyList<InvoiceRefundView> refunds) =>
        new(r.Id, r.PatientId, patientName, r.Number, r.Status, r.Currency, r.SubtotalCents, r.TaxCents, r.TotalCents, r.RefundedCents, r.Note, r.CreatedAt,
            r.IssuedAt, r.PaidAt, r.VoidedAt, lines, refunds);

    private static MyBill ToBill(InvoiceRow r, IReadOnlyList<InvoiceLineView> lines) =>
        new(r.Id, r.Number!.Value, r.Status, r.Currency, r.SubtotalCents, r.TaxCents, r.TotalCents, r.RefundedCents, r.IssuedAt!.Value, r.PaidAt,
            r.Status == InvoiceStatuses.Issued && r.TotalCents > 0, lines);

    private sealed record BillLineRow(
        Guid Id, Guid ClinicId, Guid PatientId, int? Number, string Status, string Currency, long SubtotalCents, long TaxCents, long TotalCents,
        long RefundedCents, string? Note, DateTimeOffset CreatedAt, DateTimeOffset? IssuedAt, DateTimeOffset? PaidAt, DateTimeOffset? VoidedAt,
        string? PaymentIntent, int? LinePosition, Guid? LineServiceId, string? LineDescriptionEn, string? LineDescriptionFr, int? LineQuantity,
        long? LineUnitPriceCents, int? LineTaxRateBp, long? LineTaxCents, long? LineTotalCents)
    {
        public InvoiceRow Invoice() => new(
            Id, ClinicId, PatientId, Number, Status, Currency, SubtotalCents, TaxCents, TotalCents, RefundedCents, Note, CreatedAt, IssuedAt, PaidAt,
            VoidedAt, PaymentIntent);

        public InvoiceLineView? Line() => LinePosition is { } position
            ? new(position, LineServiceId!.Value, LineDescriptionEn!, LineDescriptionFr!, LineQuantity!.Value, LineUnitPriceCents!.Value,
                LineTaxRateBp!.Value, LineTaxCents!.Value, LineTotalCents!.Value)
            : null;
    }

    private sealed record RefundRow(Guid InvoiceId, string Id, long AmountCents, DateTimeOffset CreatedAt);
}
