using Portal.Shared.Results;

namespace Portal.Shared.Database;

public static class TransactionScopes
{
    /// <summary>
    /// Runs <paramref name="work"/> in a transaction committed only if it succeeds, or inside the
    /// caller's transaction when one is already open (then the caller decides).
    /// </summary>
    public static async Task<TResult> InTransactionAsync<TResult>(this IDbSession session, Func<Task<TResult>> work, CancellationToken cancellationToken)
        where TResult : IResultType<TResult>
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(work);
        if (session.InTransaction)
        {
            return await work();
        }

        await session.BeginTransactionAsync(cancellationToken);
        try
        {
            var result = await work();
            if (result.IsSuccess)
            {
                await session.CommitAsync(cancellationToken);
            }
            else
            {
                await session.RollbackAsync(CancellationToken.None);
            }

            return result;
        }
        catch
        {
            await session.RollbackAsync(CancellationToken.None);
            throw;
        }
    }
}
