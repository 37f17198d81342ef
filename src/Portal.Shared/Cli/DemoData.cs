namespace Portal.Shared.Cli;

/// <summary>
/// Fills the embedded default with a demo clinic. Each module seeds its own part, in <see cref="Order"/>;
/// seeding twice changes nothing that is already there.
/// </summary>
public interface IDemoDataSeeder
{
    int Order { get; }

    Task SeedAsync(DemoSeedContext context, CancellationToken cancellationToken);
}

public sealed class DemoSeedContext(string clinicSlug, Uri publicUrl)
{
    public string ClinicSlug { get; } = clinicSlug;

    public Uri PublicUrl { get; } = publicUrl;

    /// <summary>Give existing demo accounts new passwords, because nobody has a record of the old ones.</summary>
    public bool ResetPasswords { get; init; }

    /// <summary>Lines for the credentials file (e.g. <c>.data/demo-credentials.txt</c>).</summary>
    public IList<string> Credentials { get; } = [];
}
