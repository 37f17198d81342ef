using Microsoft.Extensions.Logging;
using Portal.Billing.Receipts;
using Portal.Shared.Database;
using Portal.Shared.Jobs;
using Portal.Shared.Results;

namespace Portal.Billing.Jobs;

/// <summary>
/// Makes the receipts of bills just paid: the PDF put in the patient's chart and the email naming the clinic and the amount.
/// A payment only records that its receipt is due (<c>billing.receipts_due</c>), so that a webhook is answered without
/// rendering a PDF and writing a file; each receipt is made and its row deleted in one transaction, rows locked with
/// <c>skip locked</c>, so two runs at once, or two hosts, never make one twice.
/// </summary>
[RecurringJob("billing.receipts", "every 00:00:05", Description = "Puts the receipts of bills just paid in their patients' charts and emails them.")]
internal sealed class MakeReceiptsJob(IDbSession db, BillingReceipts receipts, ILogger<MakeReceiptsJob> logger) : IRecurringJob
{
    /// <summary>The most receipts one run makes; the next run goes on.</summary>
    public const int BatchSize = 2000;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var made = 0;
        while (made < BatchSize && !cancellationToken.IsCancellationRequested)
        {
            var result = await db.InTransactionAsync(
                async () =>
                {
                    var due = await db.QuerySingleOrDefaultAsync<DueReceipt>(
                        "select invoice_id, clinic_id from billing.receipts_due order by due_at limit 1 for update skip locked",
                        null,
                        cancellationToken);
                    if (due is null)
                    {
                        return Result<bool>.Success(false);
                    }

                    await receipts.PaidAsync(due.ClinicId, due.InvoiceId, cancellationToken);
                    await db.ExecuteAsync("delete from billing.receipts_due where invoice_id = @InvoiceId", new { due.InvoiceId }, cancellationToken);
                    return Result<bool>.Success(true);
                },
                cancellationToken);
            if (!result.Value)
            {
                break;
            }

            made++;
        }

        if (made > 0)
        {
            logger.LogInformation("Made {Count} receipts of bills just paid", made);
        }
    }

    private sealed record DueReceipt(Guid InvoiceId, Guid ClinicId);
}
