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
}
