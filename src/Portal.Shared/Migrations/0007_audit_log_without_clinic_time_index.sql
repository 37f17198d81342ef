-- No query reads the audit log by clinic and time (the only reader, IAuditTrail, finds entries by their
-- target), so every insert, one per audited read, stops paying for that index.
drop index platform.audit_log_clinic_time;
