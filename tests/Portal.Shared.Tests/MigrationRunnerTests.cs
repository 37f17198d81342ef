using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Portal.Host;
using Portal.Shared.Database;

namespace Portal.Shared.Tests;

public sealed class MigrationRunnerTests : IAsyncLifetime
{
    private string _connectionString = "";
    private NpgsqlDataSource _dataSource = null!;

    public async Task InitializeAsync()
    {
        _connectionString = await TestDatabases.CreateEmptyAsync();
        _dataSource = NpgsqlDataSource.Create(_connectionString);
    }

    public async Task DisposeAsync()
    {
        await _dataSource.DisposeAsync();
        await TestDatabases.DropAsync(_connectionString);
    }

    [Fact]
    public async Task Every_module_script_is_applied_once_and_a_second_run_applies_nothing()
    {
        var expected = PortalHost.Modules.Sum(m => MigrationRunner.Discover(m).Count);

        (await Runner().MigrateAsync(CancellationToken.None)).ShouldBe(expected);
        (await Runner().MigrateAsync(CancellationToken.None)).ShouldBe(0);

        await using var command = _dataSource.CreateCommand("select count(*) from platform.schema_migrations");
        ((long)(await command.ExecuteScalarAsync())!).ShouldBe(expected);
    }

    [Fact]
    public async Task Hosts_starting_together_apply_each_script_exactly_once()
    {
        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => Runner().MigrateAsync(CancellationToken.None))));

        runs.Sum().ShouldBe(PortalHost.Modules.Sum(m => MigrationRunner.Discover(m).Count));
        runs.Count(applied => applied > 0).ShouldBe(1);
    }

    [Fact]
    public async Task A_script_changed_after_it_was_applied_stops_the_run()
    {
        await Runner().MigrateAsync(CancellationToken.None);
        await using (var tamper = _dataSource.CreateCommand(
            "update platform.schema_migrations set checksum = 'edited' where module = 'Settings' and version = 1"))
        {
            await tamper.ExecuteNonQueryAsync();
        }

        var failure = await Should.ThrowAsync<InvalidOperationException>(() => Runner().MigrateAsync(CancellationToken.None));
        failure.Message.ShouldContain("Settings 0001");
    }

    [Fact]
    public void Each_module_owns_its_schema_and_numbers_its_scripts_from_one()
    {
        foreach (var module in PortalHost.Modules)
        {
            var scripts = MigrationRunner.Discover(module);
            scripts.ShouldNotBeEmpty($"{module.Name} has no migrations");
            scripts.Select(s => s.Version).ShouldBe(Enumerable.Range(1, scripts.Count), $"{module.Name} skips a number");
        }
    }

    private MigrationRunner Runner() => new(_dataSource, PortalHost.Modules, NullLogger<MigrationRunner>.Instance);
}
