using Portal.Shared.Auditing;
using Portal.Shared.Cli;
using Portal.Shared.Database;

namespace Portal.Host;

/// <summary>Finds the command the arguments name and runs it in its own scope, as the command-line actor.</summary>
internal static class CommandLine
{
    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output, CancellationToken cancellationToken)
    {
        if (args[0] is "help" or "--help" or "-h")
        {
            await PrintUsageAsync(services, output);
            return 0;
        }

        if (args[0] == "migrate")
        {
            var applied = await services.GetRequiredService<MigrationRunner>().MigrateAsync(cancellationToken);
            await output.WriteLineAsync($"Database is up to date ({applied} migration(s) applied).");
            return 0;
        }

        await using var scope = services.CreateAsyncScope();
        var commands = scope.ServiceProvider.GetServices<ICliCommand>().ToList();
        var command = commands.FirstOrDefault(c => MatchesName(c, args));
        if (command is null)
        {
            await output.WriteLineAsync($"Unknown command '{string.Join(' ', args.Take(2))}'.");
            await PrintUsageAsync(services, output);
            return 2;
        }

        scope.ServiceProvider.GetRequiredService<FallbackActor>().Actor = Actor.System($"command line ({Environment.UserName})");
        try
        {
            var arguments = CliArguments.For(command, args.Skip(command.Name.Split(' ').Length));
            return await command.RunAsync(arguments, output, cancellationToken);
        }
        catch (CliUsageException usage)
        {
            await output.WriteLineAsync(usage.Message);
            await output.WriteLineAsync($"Usage: Portal.Host {command.Usage}");
            return 2;
        }
    }

    private static bool MatchesName(ICliCommand command, string[] args)
    {
        var words = command.Name.Split(' ');
        return args.Length >= words.Length && words.SequenceEqual(args.Take(words.Length), StringComparer.Ordinal);
    }

    private static async Task PrintUsageAsync(IServiceProvider services, TextWriter output)
    {
        await using var scope = services.CreateAsyncScope();
        await output.WriteLineAsync("Usage: Portal.Host [serve | migrate | COMMAND]");
        await output.WriteLineAsync("  serve (or nothing)  run the web host");
        await output.WriteLineAsync("  migrate             apply pending database migrations");
        foreach (var command in scope.ServiceProvider.GetServices<ICliCommand>().OrderBy(c => c.Name, StringComparer.Ordinal))
        {
            await output.WriteLineAsync($"  {command.Usage}");
        }
    }
}
