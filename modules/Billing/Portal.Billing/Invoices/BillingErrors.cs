using Portal.Shared.Results;

namespace Portal.Billing.Invoices;

internal static class BillingErrors
{
    public static readonly Error ServiceNotFound = Error.NotFound("service_not_found", "There is no such service in the price list.");

    public static readonly Error CodeTaken = Error.Conflict("service_code_taken", "Another service of the price list has this code.");

    public static readonly Error InvoiceNotFound = Error.NotFound("invoice_not_found", "There is no such invoice.");

    public static readonly Error BillNotFound = Error.NotFound("bill_not_found", "There is no such bill.");

    public static readonly Error BillingOff = Error.NotFound("billing_off", "This clinic does not offer online bills.");

    public static readonly Error UnknownPatient = Error.Field("patientId", "patient_not_found", "Choose a patient of this clinic.");

    public static readonly Error UnknownService = Error.Field("lines", "service_not_found", "Each line names an active service of the clinic's price list.");

    public static readonly Error NotDraft = Error.Conflict("not_draft", "Only a draft invoice can be issued.");

    public static readonly Error CannotVoid = Error.Conflict("cannot_void", "Only a draft or an issued, unpaid invoice can be voided.");

    public static readonly Error NotPayable = Error.Conflict("not_payable", "This bill cannot be paid now: it is paid, refunded or void.");

    public static readonly Error NothingToPay = Error.Conflict("nothing_to_pay", "This bill's total is zero: there is nothing to pay.");

    public static readonly Error NotRefundable = Error.Conflict("not_refundable", "Only a paid invoice can be refunded.");

    public static readonly Error RefundTooLarge = Error.Field("amountCents", "refund_too_large", "The refund is more than what is left of the payment.");

    public static readonly Error StripeUnavailable = Error.Conflict("stripe_unavailable", "Stripe did not answer. Nothing was charged; please try again in a moment.");
}
