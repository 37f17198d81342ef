import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { adminMessages } from '../src/admin/messages';
import type { HistoryAction, HistoryEntry } from '../src/admin/patients/api';
import { historyActor, historySentence } from '../src/admin/patients/historySentences';
import { commonMessages } from '../src/shared/i18n/messages';
import { createTranslate, mergeCatalogs } from '../src/shared/i18n/translate';

const catalogs = mergeCatalogs(commonMessages, adminMessages);
const en = createTranslate(catalogs, 'en');
const fr = createTranslate(catalogs, 'fr');

/** The actions the server declares in its contract: every audit action it may put in a chart's history. */
function contractActions(): HistoryAction[] {
  const contract = JSON.parse(readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', 'openapi.json'), 'utf8')) as {
    components: { schemas: Record<string, { enum?: string[] }> };
  };
  return (contract.components.schemas['PatientHistoryAction']?.enum ?? []) as HistoryAction[];
}

const entry = (action: HistoryAction, fields: Partial<HistoryEntry> = {}): HistoryEntry => ({
  occurredAt: '2026-02-10T15:40:00Z',
  firstOccurredAt: '2026-02-10T15:40:00Z',
  count: 1,
  actorKind: 'staff',
  actor: 'Dr. Ana Roy',
  actorRole: 'admin',
  action,
  changes: null,
  portalAccess: null,
  contactKind: null,
  from: null,
  ...fields,
});

describe("the chart's History in words", () => {
  it('has an English and a French sentence for every action the contract lists, none of them a raw code or key', () => {
    const actions = contractActions();
    expect(actions.length).toBeGreaterThan(15);
    const unknown = { en: historySentence(entry('other'), 'en', en), fr: historySentence(entry('other'), 'fr', fr) };
    for (const action of actions) {
      for (const [lang, t] of [['en', en], ['fr', fr]] as const) {
        for (const count of [1, 3]) {
          const sentence = historySentence(entry(action, { count, firstOccurredAt: '2026-02-10T15:00:00Z' }), lang, t);
          expect(sentence, `${action} in ${lang}`).toMatch(/^\p{Lu}.*\.$/u);
          expect(sentence, `${action} in ${lang}`).not.toMatch(/history\.|registration\.|identity\.|\{/);
          if (action !== 'other') {
            expect(sentence, `${action} in ${lang} has its own sentence`).not.toBe(unknown[lang]);
          }
        }
      }
    }
  });

  it('names staff with their role, and the patient, the portal and people not signed in by what they are', () => {
    expect(historyActor(entry('registration.patient.viewed'), en)).toBe('Dr. Ana Roy, clinic admin,');
    expect(historyActor(entry('registration.patient.viewed'), fr)).toBe('Dr. Ana Roy (administration de la clinique)');
    expect(historySentence(entry('registration.patient.viewed'), 'en', en)).toBe('Dr. Ana Roy, clinic admin, opened the chart.');
    expect(historySentence(entry('registration.patient.viewed', { actorRole: null }), 'en', en)).toBe('Dr. Ana Roy opened the chart.');
    const patient = { actorKind: 'patient', actor: null, actorRole: null } as const;
    expect(historySentence(entry('identity.patient.signed_out', patient), 'en', en)).toBe('The patient signed out of the portal.');
    expect(historySentence(entry('identity.patient.signed_out', patient), 'fr', fr)).toBe("Le patient s'est déconnecté du portail.");
    expect(historySentence(entry('registration.patient.created', { actorKind: 'system', actor: null, actorRole: null }), 'en', en))
      .toBe('The portal created the chart.');
    expect(historySentence(entry('identity.patient.passcode_requested', { actorKind: 'anonymous', actor: null, actorRole: null, contactKind: 'mobile', from: '203.0.113.7' }), 'en', en))
      .toBe('Someone not signed in asked for a sign-in passcode by text message from 203.0.113.7.');
  });

  it('says a folded row with its count and first time, and a sign-in with where it came from', () => {
    const folded = entry('registration.patient.viewed', { count: 3, firstOccurredAt: '2026-02-10T15:00:00Z' });
    expect(historySentence(folded, 'en', en)).toMatch(/^Dr\. Ana Roy, clinic admin, opened the chart 3 times, first on .*2026.*\.$/);
    expect(historySentence(folded, 'fr', fr)).toMatch(/^Dr\. Ana Roy \(administration de la clinique\) a ouvert le dossier 3 fois, d'abord le .*2026.*\.$/);
    const signIn = entry('identity.patient.signed_in', { actorKind: 'patient', actor: null, actorRole: null, from: '203.0.113.7' });
    expect(historySentence(signIn, 'en', en)).toBe('The patient signed in to the portal from 203.0.113.7.');
    expect(historySentence(signIn, 'fr', fr)).toBe("Le patient s'est connecté au portail depuis 203.0.113.7.");
  });

  it('says which fields changed, who changed them, and which way portal access went', () => {
    const byPatient = { actorKind: 'patient', actor: null, actorRole: null } as const;
    expect(historySentence(entry('registration.patient.updated', { changes: ['legalFamilyName', 'emails'] }), 'en', en))
      .toBe('Dr. Ana Roy, clinic admin, changed the legal family name and email addresses.');
    expect(historySentence(entry('registration.patient.changed_by_patient', { ...byPatient, changes: ['address', 'preferredLanguage'] }), 'en', en))
      .toBe('The patient changed the address and preferred language on the portal.');
    expect(historySentence(entry('registration.patient.changed_by_patient', { ...byPatient, changes: ['address', 'preferredLanguage'] }), 'fr', fr))
      .toMatch(/^Le patient a modifié sur le portail : adresse et langue/);
    expect(historySentence(entry('registration.patient.portal_access_changed', { portalAccess: { from: false, to: true } }), 'en', en))
      .toBe('Dr. Ana Roy, clinic admin, turned portal access on.');
    expect(historySentence(entry('registration.patient.portal_access_changed', { portalAccess: { from: true, to: false } }), 'fr', fr))
      .toBe("Dr. Ana Roy (administration de la clinique) a désactivé l'accès au portail.");
  });
});
