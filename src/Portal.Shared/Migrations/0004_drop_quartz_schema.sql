-- Jobs now run on Hangfire, whose tables the migrations runner provisions in schema hangfire.
-- The old job store and its history go.
drop schema if exists quartz cascade;
