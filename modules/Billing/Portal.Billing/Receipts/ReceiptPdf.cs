using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;

namespace Portal.Billing.Receipts;

/// <summary>Lays a receipt out on Letter pages with PDFsharp (MIT; ADR 29): heading, the bill's facts, its lines, totals and refunds.</summary>
internal static class ReceiptPdf
{
    private static readonly Lock FontsLock = new();
    private static bool _fontsSet;

    private const double Margin = 54;
    private const double LineHeight = 15;

    /// <summary>
    /// PDFsharp's font resolver is process-wide and may be set only before its first use: the first receipt sets it, once.
    /// Returns false when no font is on the machine (receipts cannot be made, and say so to whoever asked).
    /// </summary>
    public static bool EnsureFonts(string? regularPath, string? boldPath)
    {
        lock (FontsLock)
        {
            if (!_fontsSet)
            {
                if (GlobalFontSettings.FontResolver is null)
                {
                    if (ReceiptFonts.Load(regularPath, boldPath) is not { } fonts)
                    {
                        return false;
                    }

                    GlobalFontSettings.FontResolver = fonts;
                }

                _fontsSet = true;
            }

            return true;
        }
    }

    public static byte[] Render(ReceiptContent receipt)
    {
        using var document = new PdfDocument();
        document.Info.Title = receipt.Title;
        document.Info.Author = receipt.ClinicName;
        document.Info.Subject = receipt.Title;
        document.Info.Creator = "Portal";
        document.Language = receipt.French ? "fr-CA" : "en-CA";

        var regular = new XFont(ReceiptFonts.Family, 10, XFontStyleEx.Regular);
        var bold = new XFont(ReceiptFonts.Family, 10, XFontStyleEx.Bold);
        var heading = new XFont(ReceiptFonts.Family, 16, XFontStyleEx.Bold);

        var page = document.AddPage();
        page.Width = XUnit.FromPoint(612);
        page.Height = XUnit.FromPoint(792);
        var gfx = XGraphics.FromPdfPage(page);
        var width = page.Width.Point - 2 * Margin;
        var y = Margin;

        void NewPageIfFull()
        {
            if (y > page.Height.Point - Margin - LineHeight)
            {
                gfx.Dispose();
                page = document.AddPage();
                page.Width = XUnit.FromPoint(612);
                page.Height = XUnit.FromPoint(792);
                gfx = XGraphics.FromPdfPage(page);
                y = Margin;
            }
        }

        void Text(string text, XFont font, double x, XStringFormat? format = null, double? right = null)
        {
            if (right is { } edge)
            {
                gfx.DrawString(text, font, XBrushes.Black, new XRect(x, y, edge - x, LineHeight), XStringFormats.TopRight);
            }
            else
            {
                gfx.DrawString(text, font, XBrushes.Black, new XRect(x, y, width - (x - Margin), LineHeight), format ?? XStringFormats.TopLeft);
            }
        }

        // Columns: description, quantity, unit price, tax, total (right-aligned figures).
        var right = Margin + width;
        double[] edges = [Margin + width * 0.52, Margin + width * 0.62, Margin + width * 0.76, Margin + width * 0.87, right];

        Text(receipt.ClinicName, heading, Margin);
        y += 24;
        Text(receipt.Title, bold, Margin);
        y += LineHeight * 1.5;
        Text(receipt.Fact("Billed to", "Facturé à", receipt.PatientName), regular, Margin);
        y += LineHeight;
        Text(receipt.Fact("Issued", "Date d'émission", receipt.Date(receipt.IssuedOn)), regular, Margin);
        y += LineHeight;
        Text(receipt.Fact("Paid", "Date de paiement", receipt.Date(receipt.PaidOn)), regular, Margin);
        y += LineHeight * 2;

        Text(receipt.Word("Service", "Service"), bold, Margin);
        Text(receipt.Word("Qty", "Qté"), bold, Margin, right: edges[1]);
        Text(receipt.Word("Unit price", "Prix unitaire"), bold, Margin, right: edges[2]);
        Text(receipt.Word("Tax", "Taxe"), bold, Margin, right: edges[3]);
        Text(receipt.Word("Total", "Total"), bold, Margin, right: edges[4]);
        y += LineHeight;
        gfx.DrawLine(XPens.Black, Margin, y, right, y);
        y += 4;
        foreach (var line in receipt.Lines)
        {
            NewPageIfFull();
            var description = receipt.French ? line.DescriptionFr : line.DescriptionEn;
            Text(Fit(gfx, description, regular, edges[0] - Margin - 6), regular, Margin);
            Text(line.Quantity.ToString(System.Globalization.CultureInfo.InvariantCulture), regular, Margin, right: edges[1]);
            Text(receipt.Money(line.UnitPriceCents), regular, Margin, right: edges[2]);
            Text(receipt.Money(line.TaxCents), regular, Margin, right: edges[3]);
            Text(receipt.Money(line.TotalCents), regular, Margin, right: edges[4]);
            y += LineHeight;
        }

        gfx.DrawLine(XPens.Black, Margin, y, right, y);
        y += 4;
        void Total(string label, long cents, XFont font, bool refund = false)
        {
            NewPageIfFull();
            Text(label, font, Margin + width * 0.40);
            Text((refund ? "− " : "") + receipt.Money(cents), font, Margin, right: edges[4]);
            y += LineHeight;
        }

        Total(receipt.Word("Subtotal", "Sous-total"), receipt.SubtotalCents, regular);
        Total(receipt.Word("Taxes", "Taxes"), receipt.TaxCents, regular);
        Total(receipt.Word("Total paid", "Total payé"), receipt.TotalCents, bold);
        if (receipt.Refunds.Count > 0)
        {
            y += LineHeight / 2;
            foreach (var (on, cents) in receipt.Refunds)
            {
                Total(receipt.Word($"Refund of {receipt.Date(on)}", $"Remboursement du {receipt.Date(on)}"), cents, regular, refund: true);
            }

            Total(receipt.Word("Net paid", "Net payé"), receipt.TotalCents - receipt.Refunds.Sum(r => r.AmountCents), bold);
        }

        y += LineHeight;
        NewPageIfFull();
        Text(receipt.Word("Paid online by card through Stripe. Thank you.", "Payé en ligne par carte avec Stripe. Merci."), regular, Margin);
        gfx.Dispose();

        using var output = new MemoryStream();
        document.Save(output, false);
        return output.ToArray();
    }

    /// <summary>The text, shortened with an ellipsis to fit the width.</summary>
    private static string Fit(XGraphics gfx, string text, XFont font, double width)
    {
        if (gfx.MeasureString(text, font).Width <= width)
        {
            return text;
        }

        var cut = text;
        while (cut.Length > 1 && gfx.MeasureString(cut + "…", font).Width > width)
        {
            cut = cut[..^1];
        }

        return cut.TrimEnd() + "…";
    }
}
