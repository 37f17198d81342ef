-- The cleanup job deletes links past their maximum age every few minutes: find them without reading them all.
create index patient_links_created on identity.patient_links (created_at);
