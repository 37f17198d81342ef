-- The schema Quartz.NET keeps its clustered job store in. Quartz creates its own tables in it
-- (JobStoreSchema.ProvisionAsync), under the migrations' advisory lock.
create schema if not exists quartz;
