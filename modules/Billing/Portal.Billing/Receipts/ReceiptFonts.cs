using PdfSharp.Fonts;

namespace Portal.Billing.Receipts;

/// <summary>
/// The one typeface receipts are set in, read from TrueType files on the machine: PDFsharp has no fonts of its own off Windows.
/// Liberation Sans (Debian's fonts-liberation), else DejaVu Sans (fonts-dejavu-core), else the files named by
/// <c>Billing:Receipts:FontPath</c> and <c>BoldFontPath</c>. The font is embedded (subset) in each receipt, so readers need nothing.
/// </summary>
internal sealed class ReceiptFonts : IFontResolver
{
    public const string Family = "PortalReceipt";

    private static readonly (string Regular, string Bold)[] Candidates =
    [
        ("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf", "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf"),
        ("/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf", "/usr/share/fonts/truetype/liberation2/LiberationSans-Bold.ttf"),
        ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
        ("C:\\Windows\\Fonts\\arial.ttf", "C:\\Windows\\Fonts\\arialbd.ttf"),
    ];

    private readonly byte[] _regular;
    private readonly byte[] _bold;

    private ReceiptFonts(byte[] regular, byte[] bold)
    {
        _regular = regular;
        _bold = bold;
    }

    /// <summary>The fonts from the configured files, or the first pair found on the machine; null when there are none.</summary>
    public static ReceiptFonts? Load(string? regularPath, string? boldPath)
    {
        if (!string.IsNullOrWhiteSpace(regularPath))
        {
            var bold = string.IsNullOrWhiteSpace(boldPath) ? regularPath : boldPath;
            return new ReceiptFonts(File.ReadAllBytes(regularPath), File.ReadAllBytes(bold));
        }

        foreach (var (regular, bold) in Candidates)
        {
            if (File.Exists(regular))
            {
                return new ReceiptFonts(File.ReadAllBytes(regular), File.ReadAllBytes(File.Exists(bold) ? bold : regular));
            }
        }

        return null;
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        string.Equals(familyName, Family, StringComparison.OrdinalIgnoreCase) ? new FontResolverInfo(bold ? "receipt-bold" : "receipt-regular") : null;

    public byte[]? GetFont(string faceName) => faceName switch
    {
        "receipt-bold" => _bold,
        "receipt-regular" => _regular,
        _ => null,
    };
}
