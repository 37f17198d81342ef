using Npgsql;

namespace Portal.Appointments.Scheduling;

/// <summary>How the database tells a change that writes an appointment's time that another appointment got that time (R5).</summary>
internal static class TimeConflicts
{
    /// <summary>
    /// The no-overlap rule refused the time, or PostgreSQL ended a deadlock inside that rule's check: two transactions
    /// writing overlapping times at once can each wait for the other, and the one aborted has lost the time as surely.
    /// Callers catch this around the one statement that writes the time, so no other deadlock is mistaken for it.
    /// </summary>
    public static bool LostTheTime(PostgresException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return (e.SqlState == PostgresErrorCodes.ExclusionViolation && e.ConstraintName == "appointments_no_overlap")
            || e.SqlState == PostgresErrorCodes.DeadlockDetected;
    }
}
