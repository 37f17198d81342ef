using MediatR;
using Portal.Shared.Database;
using Portal.Shared.Mediation;
using Portal.Shared.Results;
using Portal.Shared.Tenancy;

namespace Portal.Appointments.Scheduling;

/// <summary>A command that changes the time appointments take (a booking, a move, a cancellation, a status).</summary>
internal interface IChangesBookedTime : ITransactionalRequest;

/// <summary>A command that changes the schedule set-up: types, providers, locations, availability, booking rules, reminder settings.</summary>
internal interface IChangesScheduleSetup : ITransactionalRequest;

/// <summary>
/// Once a schedule command of the request's clinic commits, drops what this host computed from the old schedule at once, so
/// the next request here sees the change; other hosts hear of it from the database (migration 0007) a moment later.
/// </summary>
internal sealed class ScheduleCacheRefresh<TRequest, TResponse>(IDbSession db, ClinicContext clinic, ScheduleSetupCache setups, FreeSlotCache slots)
    : IPipelineBehavior<TRequest, TResponse>
    where TRequest : ITransactionalRequest
    where TResponse : IResultType<TResponse>
{
    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        ArgumentNullException.ThrowIfNull(next);
        var setup = request is IChangesScheduleSetup;
        if ((!setup && request is not IChangesBookedTime) || !clinic.IsResolved)
        {
            return await next();
        }

        var clinicId = clinic.ClinicId;
        void Drop()
        {
            if (setup)
            {
                setups.Invalidate(clinicId);
            }

            slots.Invalidate(clinicId);
        }

        // Inside the command's transaction: after its commit. Around it: the transaction has ended when the command returns.
        var inTransaction = db.InTransaction;
        if (inTransaction)
        {
            db.OnCommit(Drop);
        }

        var response = await next();
        if (!inTransaction && response.IsSuccess)
        {
            Drop();
        }

        return response;
    }
}
