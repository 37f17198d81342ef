using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portal.Shared.Auditing;
using Portal.Shared.Database;

namespace Portal.Shared.Cli;

/// <summary>
/// <c>Portal.Host demo seed</c>: runs every module's demo seeder, each in its own transaction, and
/// writes the demo accounts' credentials to a file. Running it again adds only what is missing.
/// </summary>
internal sealed class DemoSeedCliCommand(IServiceProvider services, IOptions<PortalOptions> options) : ICliCommand
{
    public string Name => "demo seed";

    public string Usage => "demo seed [--clinic demo] [--credentials-file PATH]";

    public async Task<int> RunAsync(CliArguments arguments, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(output);
        var credentialsFile = arguments.Optional("credentials-file");
        var context = new DemoSeedContext(arguments.Optional("clinic") ?? "demo", options.Value.PublicUrl)
        {
            // Without the file nobody knows the demo passwords any more, so they are made anew.
            ResetPasswords = credentialsFile is null || !File.Exists(credentialsFile),
        };

        var seeders = services.GetServices<IDemoDataSeeder>().OrderBy(s => s.Order).Select(s => s.GetType()).ToList();
        foreach (var seederType in seeders)
        {
            await using var scope = services.CreateAsyncScope();
            var seeder = scope.ServiceProvider.GetServices<IDemoDataSeeder>().Single(s => s.GetType() == seederType);
            scope.ServiceProvider.GetRequiredService<FallbackActor>().Actor = Actor.System("demo seed");
            var db = scope.ServiceProvider.GetRequiredService<IDbSession>();
            await db.BeginTransactionAsync(cancellationToken);
            await seeder.SeedAsync(context, cancellationToken);
            await db.CommitAsync(cancellationToken);
        }

        if (context.Credentials.Count > 0)
        {
            var lines = context.Credentials.Prepend($"Demo accounts for {options.Value.PublicUrl} (generated; keep this file private)").ToList();
            if (credentialsFile is not null)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(credentialsFile))!);
                await File.AppendAllLinesAsync(credentialsFile, context.ResetPasswords ? lines : context.Credentials, cancellationToken);
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(credentialsFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                }
            }
            else
            {
                foreach (var line in lines)
                {
                    await output.WriteLineAsync(line);
                }
            }
        }

        await output.WriteLineAsync($"Demo data for '{context.ClinicSlug}' is in place.");
        return 0;
    }
}
