using MediatR;
using Portal.Shared.Database;
using Portal.Shared.Results;

namespace Portal.Shared.Mediation;

/// <summary>
/// Wraps a command in one transaction on the request's <see cref="IDbSession"/>: the change, its
/// audit entries and any outbox rows commit together, or none of them do.
/// </summary>
internal sealed class TransactionBehavior<TRequest, TResponse>(IDbSession session)
    : IPipelineBehavior<TRequest, TResponse>
    where TRequest : ITransactionalRequest
    where TResponse : IResultType<TResponse>
{
    public Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        ArgumentNullException.ThrowIfNull(next);
        return session.InTransactionAsync(() => next(), cancellationToken);
    }
}
