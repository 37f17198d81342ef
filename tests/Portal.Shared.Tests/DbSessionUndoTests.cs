using Microsoft.Extensions.DependencyInjection;
using Portal.Shared.Database;

namespace Portal.Shared.Tests;

public sealed class DbSessionUndoTests(PortalAppFixture fixture) : IClassFixture<PortalAppFixture>
{
    [Theory]
    [InlineData("commit", false)]
    [InlineData("rollback", true)]
    [InlineData("abandon", true)]
    public async Task Work_registered_to_undo_runs_only_when_the_transaction_does_not_commit(string ending, bool undone)
    {
        var ran = 0;
        await fixture.App.InScopeAsync(async services =>
        {
            var db = services.GetRequiredService<IDbSession>();
            await db.BeginTransactionAsync(CancellationToken.None);
            db.OnRollback(_ =>
            {
                ran++;
                return Task.CompletedTask;
            });
            if (ending == "commit")
            {
                await db.CommitAsync(CancellationToken.None);
            }
            else if (ending == "rollback")
            {
                await db.RollbackAsync(CancellationToken.None);
            }

            return 0;
        });

        ran.ShouldBe(undone ? 1 : 0);
    }

    [Fact]
    public async Task Undo_cannot_be_registered_without_a_transaction() =>
        await fixture.App.InScopeAsync(services =>
        {
            Should.Throw<InvalidOperationException>(() => services.GetRequiredService<IDbSession>().OnRollback(_ => Task.CompletedTask));
            return Task.FromResult(0);
        });
}
