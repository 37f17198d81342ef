using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Portal.Shared.Auditing;
using Portal.Shared.Database;

namespace Portal.Shared.Tests;

public sealed class AuditLogTests(PortalAppFixture fixture) : IClassFixture<PortalAppFixture>
{
    [Theory]
    [InlineData("update platform.audit_log set action = 'rewritten'")]
    [InlineData("delete from platform.audit_log")]
    [InlineData("truncate platform.audit_log")]
    public async Task A5_the_audit_log_refuses_to_be_rewritten_or_erased(string sql)
    {
        var app = fixture.App;
        await app.InScopeAsync(async services =>
        {
            var db = services.GetRequiredService<IDbSession>();
            await services.GetRequiredService<IAuditLog>().RecordAsync(
                new AuditEvent("test.recorded", null, "thing", "1", new { note = "kept" }), CancellationToken.None);
            return await db.ExecuteScalarAsync<int>("select 1", null, CancellationToken.None);
        });
        var before = await app.QuerySingleAsync<long>("select count(*) from platform.audit_log");

        var refusal = await Should.ThrowAsync<PostgresException>(() => app.ExecuteAsync(sql));

        refusal.SqlState.ShouldBe("42501");
        (await app.QuerySingleAsync<long>("select count(*) from platform.audit_log")).ShouldBe(before);
        (await app.QuerySingleAsync<long>("select count(*) from platform.audit_log where action = 'rewritten'")).ShouldBe(0);
    }

    [Fact]
    public async Task A5_reads_recorded_at_the_same_time_each_land_once_and_before_their_caller_goes_on()
    {
        var app = fixture.App;
        var action = $"test.read.{Guid.NewGuid():N}";
        var seenByCaller = new int[200];

        // Outside any transaction, as a read records: the entries share statements, and each caller waits for its own.
        await Task.WhenAll(Enumerable.Range(0, seenByCaller.Length).Select(i => Task.Run(() => app.InScopeAsync(async services =>
        {
            await services.GetRequiredService<IAuditLog>().RecordAsync(
                new AuditEvent(action, null, "thing", i.ToString(System.Globalization.CultureInfo.InvariantCulture), new { read = i }),
                CancellationToken.None);
            seenByCaller[i] = await services.GetRequiredService<IDbSession>().ExecuteScalarAsync<int>(
                "select count(*)::integer from platform.audit_log where action = @action and target_id = @id and (details->>'read')::integer = @i",
                new { action, id = i.ToString(System.Globalization.CultureInfo.InvariantCulture), i },
                CancellationToken.None);
            return 0;
        }))));

        seenByCaller.ShouldAllBe(count => count == 1);
        (await app.QuerySingleAsync<long>("select count(*) from platform.audit_log where action = @action", new { action })).ShouldBe(seenByCaller.Length);
        (await app.QuerySingleAsync<long>("select count(distinct target_id) from platform.audit_log where action = @action", new { action }))
            .ShouldBe(seenByCaller.Length);
    }
}
