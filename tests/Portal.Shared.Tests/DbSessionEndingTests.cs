using Microsoft.Extensions.DependencyInjection;
using Portal.Shared.Auditing;
using Portal.Shared.Database;

namespace Portal.Shared.Tests;

public sealed class DbSessionEndingTests(PortalAppFixture fixture) : IClassFixture<PortalAppFixture>
{
    [Theory]
    [InlineData("commit", false)]
    [InlineData("rollback", true)]
    [InlineData("abandon", true)]
    [InlineData("refused", true)]
    public async Task Work_registered_to_undo_runs_only_when_the_transaction_does_not_commit(string ending, bool undone)
    {
        var (undoneCount, _) = await EndAsync(ending);
        undoneCount.ShouldBe(undone ? 1 : 0);
    }

    [Theory]
    [InlineData("commit", true)]
    [InlineData("rollback", false)]
    [InlineData("abandon", false)]
    [InlineData("refused", false)]
    public async Task Work_registered_for_after_the_commit_runs_once_and_only_when_the_transaction_commits(string ending, bool followed)
    {
        var (_, followedCount) = await EndAsync(ending);
        followedCount.ShouldBe(followed ? 1 : 0);
    }

    [Fact]
    public async Task Work_registered_for_after_one_commit_does_not_follow_the_next_transaction_of_the_scope()
    {
        var followed = 0;
        await fixture.App.InScopeAsync(async services =>
        {
            var db = services.GetRequiredService<IDbSession>();
            await db.BeginTransactionAsync(CancellationToken.None);
            db.OnCommit(() => followed++);
            await db.RollbackAsync(CancellationToken.None);
            await db.BeginTransactionAsync(CancellationToken.None);
            await db.CommitAsync(CancellationToken.None);
            return 0;
        });

        followed.ShouldBe(0);
    }

    /// <summary>Ends a transaction that registered one undo and one follow-up: commits it, rolls it back, leaves it, or has the server refuse its commit.</summary>
    private async Task<(int Undone, int Followed)> EndAsync(string ending)
    {
        int undone = 0, followed = 0;
        await fixture.App.InScopeAsync(async services =>
        {
            var db = services.GetRequiredService<IDbSession>();
            await db.BeginTransactionAsync(CancellationToken.None);
            db.OnRollback(_ =>
            {
                undone++;
                return Task.CompletedTask;
            });
            db.OnCommit(() => followed++);
            await EndTransactionAsync(db, ending);
            return 0;
        });

        return (undone, followed);
    }

    [Fact]
    public async Task Undo_and_follow_ups_cannot_be_registered_without_a_transaction() =>
        await fixture.App.InScopeAsync(services =>
        {
            var db = services.GetRequiredService<IDbSession>();
            Should.Throw<InvalidOperationException>(() => db.OnRollback(_ => Task.CompletedTask));
            Should.Throw<InvalidOperationException>(() => db.OnCommit(() => { }));
            Should.Throw<InvalidOperationException>(() => db.WriteWithCommit(new Npgsql.NpgsqlBatchCommand("select 1")));
            return Task.FromResult(0);
        });

    [Theory]
    [InlineData("commit", 1)]
    [InlineData("rollback", 0)]
    [InlineData("abandon", 0)]
    [InlineData("refused", 0)]
    public async Task An_audit_entry_of_a_transaction_lands_with_its_commit_and_never_without_it(string ending, int landed)
    {
        var marker = $"test.with_commit.{Guid.NewGuid():N}";
        var notices = new List<string>();
        await fixture.App.InScopeAsync(async services =>
        {
            var db = services.GetRequiredService<IDbSession>();
            (await db.GetConnectionAsync(CancellationToken.None)).Notice += (_, e) => notices.Add(e.Notice.MessageText);
            await db.BeginTransactionAsync(CancellationToken.None);
            await services.GetRequiredService<IAuditLog>().RecordAsync(new AuditEvent(marker, null), CancellationToken.None);
            await EndTransactionAsync(db, ending);

            if (ending != "abandon")
            {
                // The connection goes on as usual, in and out of transactions.
                (await db.ExecuteScalarAsync<int>("select 1", null, CancellationToken.None)).ShouldBe(1);
                await db.BeginTransactionAsync(CancellationToken.None);
                await db.CommitAsync(CancellationToken.None);
            }

            return 0;
        });

        (await fixture.App.QuerySingleAsync<int>("select count(*)::int from platform.audit_log where action = @marker", new { marker })).ShouldBe(landed);
        notices.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_write_sent_with_the_commit_that_fails_fails_the_commit_and_nothing_of_the_transaction_lands()
    {
        var marker = $"test.with_commit.{Guid.NewGuid():N}";
        var undone = 0;
        await fixture.App.InScopeAsync(async services =>
        {
            var db = services.GetRequiredService<IDbSession>();
            await db.BeginTransactionAsync(CancellationToken.None);
            db.OnRollback(_ =>
            {
                undone++;
                return Task.CompletedTask;
            });
            await services.GetRequiredService<IAuditLog>().RecordAsync(new AuditEvent(marker, null), CancellationToken.None);
            db.WriteWithCommit(new Npgsql.NpgsqlBatchCommand("select 1 / 0"));
            await Should.ThrowAsync<Npgsql.PostgresException>(() => db.CommitAsync(CancellationToken.None));
            (await db.ExecuteScalarAsync<int>("select 1", null, CancellationToken.None)).ShouldBe(1);
            return 0;
        });

        (await fixture.App.QuerySingleAsync<int>("select count(*)::int from platform.audit_log where action = @marker", new { marker })).ShouldBe(0);
        undone.ShouldBe(1);
    }

    /// <summary>Commits the open transaction, rolls it back, leaves it ("abandon"), or has the server refuse its commit.</summary>
    private static async Task EndTransactionAsync(IDbSession db, string ending)
    {
        if (ending == "commit")
        {
            await db.CommitAsync(CancellationToken.None);
        }
        else if (ending == "rollback")
        {
            await db.RollbackAsync(CancellationToken.None);
        }
        else if (ending == "refused")
        {
            // A deferred constraint fails at commit: the server refuses it and nothing lands.
            await db.ExecuteAsync("create temporary table refused_at_commit (id int unique deferrable initially deferred) on commit drop", null, CancellationToken.None);
            await db.ExecuteAsync("insert into refused_at_commit values (1), (1)", null, CancellationToken.None);
            await Should.ThrowAsync<Npgsql.PostgresException>(() => db.CommitAsync(CancellationToken.None));
        }
    }
}
