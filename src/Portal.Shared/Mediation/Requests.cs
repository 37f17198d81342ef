using MediatR;
using Portal.Shared.Results;

namespace Portal.Shared.Mediation;

/// <summary>Marks a request whose handler runs inside one database transaction, committed only on success.</summary>
public interface ITransactionalRequest;

/// <summary>A change. Runs in a transaction: a failed result or an exception rolls everything back.</summary>
public interface ICommand<T> : IRequest<Result<T>>, ITransactionalRequest;

/// <summary>A change with nothing to return. Runs in a transaction like <see cref="ICommand{T}"/>.</summary>
public interface ICommand : IRequest<Result>, ITransactionalRequest;

/// <summary>A read. No transaction is opened for it.</summary>
public interface IQuery<T> : IRequest<Result<T>>;
