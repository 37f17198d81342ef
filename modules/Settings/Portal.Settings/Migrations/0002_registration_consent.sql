-- The consent a person agrees to when they register through the portal (S3), in each language.
-- Null means the portal's own wording.
alter table settings.portal_settings
    add column registration_consent_en text check (length(registration_consent_en) between 1 and 4000),
    add column registration_consent_fr text check (length(registration_consent_fr) between 1 and 4000);
