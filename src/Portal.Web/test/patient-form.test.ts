import { describe, expect, it } from 'vitest';
import { adminMessages } from '../src/admin/messages';
import { checkIdTypeForm } from '../src/admin/patients/idTypeForm';
import { HEALTH_CARD_KEYS, PROVINCES } from '../src/admin/patients/labels';
import {
  createBody,
  elementForField,
  emptyForm,
  fieldId,
  formFromChart,
  missingFields,
  serverProblems,
  takesVersionCode,
  updateBody,
  type PatientForm,
} from '../src/admin/patients/patientForm';
import { ApiError } from '../src/shared/api';
import { commonMessages } from '../src/shared/i18n/messages';
import { createTranslate, mergeCatalogs } from '../src/shared/i18n/translate';
import { idTypes, patientChart } from './fixtures';

const catalogs = mergeCatalogs(commonMessages, adminMessages);
const en = createTranslate(catalogs, 'en');
const fr = createTranslate(catalogs, 'fr');

function filledForm(): PatientForm {
  const form = emptyForm('en');
  return {
    ...form,
    legalGivenName: '  Camille ',
    legalFamilyName: 'Tremblay',
    dateOfBirth: '1984-03-09',
    sex: 'female',
    emails: [{ key: 101, value: ' camille@example.com ' }, { key: 102, value: '' }, { key: 103, value: 'c.tremblay@example.org' }],
    mobiles: [{ key: 201, value: '' }],
    identifiers: [
      { key: 301, type: 'ON', number: '9876 543 217', versionCode: 'ab' },
      { key: 302, type: '', number: '', versionCode: '' },
      { key: 303, type: 'QC', number: 'TREC 8403 0912', versionCode: 'zz' },
    ],
  };
}

describe('the body of a new patient', () => {
  it('holds every field, trimmed, with empty rows and empty optional fields left out', () => {
    const { body, rows } = createBody(filledForm(), idTypes());
    expect(body).toEqual({
      chartNumber: null,
      legalGivenName: 'Camille',
      legalFamilyName: 'Tremblay',
      preferredName: null,
      dateOfBirth: '1984-03-09',
      sex: 'female',
      gender: null,
      address: null,
      emails: ['camille@example.com', 'c.tremblay@example.org'],
      mobiles: [],
      preferredContactMethod: 'email',
      preferredLanguage: 'en',
      identifiers: [
        { type: 'ON', number: '9876 543 217', versionCode: 'ab' },
        // Quebec cards have no version code: whatever is typed there is not sent.
        { type: 'QC', number: 'TREC 8403 0912', versionCode: null },
      ],
      active: true,
      portalAccess: null,
    });
    // Where each sent entry came from, so that "emails[1]" finds the third row.
    expect(rows).toEqual({ emails: [101, 103], mobiles: [], identifiers: [301, 303] });
  });

  it('sends portal access as chosen: the clinic default is null', () => {
    const form = filledForm();
    expect(createBody({ ...form, portalAccess: 'on' }, idTypes()).body.portalAccess).toBe(true);
    expect(createBody({ ...form, portalAccess: 'off' }, idTypes()).body.portalAccess).toBe(false);
    expect(createBody({ ...form, portalAccess: 'default' }, idTypes()).body.portalAccess).toBeNull();
  });

  it('sends an address once any part of it is filled in', () => {
    const form = { ...filledForm(), address: { country: 'US', province: 'NY', city: ' New York ', line1: '1 Main St', line2: '', postalCode: '10001 ' } };
    expect(createBody(form, idTypes()).body.address).toEqual({
      line1: '1 Main St',
      line2: null,
      city: 'New York',
      province: 'NY',
      postalCode: '10001',
      country: 'US',
    });
  });
});

describe('the body of an edited patient', () => {
  it('is the chart as loaded, with the version it was loaded at, and no portal access', () => {
    const chart = patientChart();
    const { body } = updateBody(formFromChart(chart), idTypes(), chart.version);
    expect(body).toEqual({
      chartNumber: 'A-1001',
      legalGivenName: 'Camille',
      legalFamilyName: 'Tremblay',
      preferredName: 'Cam',
      dateOfBirth: '1984-03-09',
      sex: 'female',
      gender: null,
      address: { line1: '123 Main Street', line2: null, city: 'Ottawa', province: 'ON', postalCode: 'K1A 0B1', country: 'CA' },
      emails: ['camille@example.com'],
      // Shown as people write it; the server stores it as E.164 again.
      mobiles: ['+1 613-555-0123'],
      preferredContactMethod: 'email',
      preferredLanguage: 'fr',
      identifiers: [
        { type: 'ON', number: '9876543217', versionCode: 'AB' },
        { type: 'MRN', number: 'H12345', versionCode: null },
      ],
      active: true,
      version: 3,
    });
  });

  it('sends active as the form has it', () => {
    const chart = patientChart();
    expect(updateBody({ ...formFromChart(chart), active: false }, idTypes(), 3).body.active).toBe(false);
  });

  it('gives a chart without contacts or identifiers one empty row of each, which are not sent', () => {
    const chart = patientChart({ emails: [], mobiles: [], identifiers: [], address: null });
    const form = formFromChart(chart);
    expect(form.emails).toHaveLength(1);
    expect(form.identifiers).toHaveLength(1);
    const { body } = updateBody(form, idTypes(), 3);
    expect(body.emails).toEqual([]);
    expect(body.identifiers).toEqual([]);
    expect(body.address).toBeNull();
  });
});

describe('version codes', () => {
  it('are offered only for the health cards that use one', () => {
    const types = idTypes();
    expect(takesVersionCode('ON', types)).toBe(true);
    expect(PROVINCES.filter((code) => takesVersionCode(code, types))).toEqual(['ON']);
    expect(takesVersionCode('MRN', types)).toBe(false);
    expect(takesVersionCode('', types)).toBe(false);
    expect(takesVersionCode('ON', null)).toBe(false);
  });
});

describe('required fields', () => {
  it('are found before sending, by the id of their element', () => {
    const form = emptyForm('en');
    const missing = missingFields({
      ...form,
      identifiers: [{ key: 7, type: 'ON', number: ' ', versionCode: '' }],
      address: { ...form.address, city: 'Ottawa' },
    });
    expect(missing).toEqual({
      'patient-legalGivenName': 'patients.required.legalGivenName',
      'patient-legalFamilyName': 'patients.required.legalFamilyName',
      'patient-dateOfBirth': 'patients.required.dateOfBirth',
      'patient-sex': 'patients.required.sex',
      'patient-identifier-7-number': 'patients.required.identifierNumber',
      'patient-address-line1': 'fieldCode.required',
      'patient-address-province': 'fieldCode.required',
      'patient-address-postalCode': 'fieldCode.required',
    });
    expect(missingFields(filledForm())).toEqual({});
  });
});

describe('the server\'s field problems', () => {
  const rows = { emails: [101, 103], mobiles: [], identifiers: [301, 303] };
  const error = new ApiError({
    status: 400,
    code: 'validation_failed',
    fields: {
      legalGivenName: ['This is required.'],
      'emails[1]': ['This is not an email address.'],
      'identifiers[0].number': ['The check digit of this Ontario health number does not match the other digits.'],
      'identifiers[1].versionCode': ['A Québec health card has no version code.'],
      'address.postalCode': ['A Canadian postal code looks like K1A 0B1.'],
      preferredContactMethod: ['Add a mobile number, or choose email.'],
      'identifiers[0].something': ['Something new.'],
      mobiles: ['Enter at most 3.'],
    },
    fieldCodes: {
      legalGivenName: ['required'],
      'emails[1]': ['invalid_email'],
      'identifiers[0].number': ['health_card_check_digit'],
      'identifiers[1].versionCode': ['version_code_not_used'],
      'address.postalCode': ['invalid_postal_code'],
      preferredContactMethod: ['mobile_required_for_method'],
      'identifiers[0].something': ['a_code_from_a_newer_server'],
      mobiles: ['too_many'],
    },
  });

  it('land under the field they are about, in the reader\'s language', () => {
    const problems = serverProblems(error, fr, rows);
    expect(problems.byId).toEqual({
      'patient-legalGivenName': ['Ce champ est obligatoire.'],
      // emails[1] is the second email sent: the third row of the form.
      'patient-email-103': ["Ce n'est pas une adresse courriel."],
      'patient-identifier-301-number': ['Le chiffre de contrôle ne correspond pas aux autres chiffres : l\'un d\'eux est probablement mal saisi.'],
      'patient-identifier-303-versionCode': ["Cette carte n'a pas de code de version : laissez ce champ vide."],
      'patient-address-postalCode': ['Entrez un code postal comme K1A 0B1, ou un code ZIP comme 12345.'],
      'patient-preferredContactMethod': ['Ajoutez un numéro de cellulaire ou choisissez le courriel.'],
      'patient-identifier-301': ['Something new.'],
      'patient-mobiles': ["Il y a trop d'entrées."],
    });
    expect(problems.other).toEqual([]);
    expect(serverProblems(error, en, rows).byId['patient-email-103']).toEqual(['This is not an email address.']);
  });

  it('fall back to the server\'s English message for a code the page does not know', () => {
    expect(serverProblems(error, fr, rows).byId['patient-identifier-301']).toEqual(['Something new.']);
  });

  it('use the English messages when the server sent no codes', () => {
    const old = new ApiError({ status: 400, code: 'validation_failed', fields: { legalFamilyName: ['This is required.'] } });
    expect(serverProblems(old, fr, rows).byId).toEqual({ 'patient-legalFamilyName': ['This is required.'] });
  });

  it('translate a refused change of a restricted field', () => {
    const refused = new ApiError({
      status: 403,
      code: 'restricted_field',
      fields: { chartNumber: ['Only owners and admins can change this.'], active: ['Only owners and admins can change this.'] },
      fieldCodes: { chartNumber: ['restricted_field'], active: ['restricted_field'] },
    });
    expect(serverProblems(refused, fr, rows).byId).toEqual({
      'patient-chartNumber': ['Seuls les propriétaires et les administrateurs de la clinique peuvent modifier ce champ.'],
      'patient-active': ['Seuls les propriétaires et les administrateurs de la clinique peuvent modifier ce champ.'],
    });
  });

  it('keep the problems about no element of the form apart', () => {
    const odd = new ApiError({ status: 400, code: 'validation_failed', fields: { 'something.else[2]': ['Odd.'] } });
    expect(serverProblems(odd, en, rows)).toEqual({ byId: {}, other: ['Odd.'] });
  });

  it('are nothing for an error that is not from the server', () => {
    expect(serverProblems(new Error('boom'), en, rows)).toEqual({ byId: {}, other: [] });
  });
});

describe('field keys', () => {
  const rows = { emails: [11, 12], mobiles: [21], identifiers: [31] };
  it('name the element of the form', () => {
    expect(elementForField('mobiles[0]', rows)).toBe(fieldId.mobile(21));
    expect(elementForField('identifiers[0].type', rows)).toBe('patient-identifier-31-type');
    expect(elementForField('address.province', rows)).toBe('patient-address-province');
    expect(elementForField('address', rows)).toBe('patient-address');
    // An entry the form did not send: the list as a whole.
    expect(elementForField('emails[5]', rows)).toBe('patient-emails');
    expect(elementForField('nonsense', rows)).toBeNull();
  });
});

describe('health card names', () => {
  it('name every province and territory in both languages', () => {
    expect(Object.keys(HEALTH_CARD_KEYS).sort()).toEqual([...PROVINCES].sort());
    expect(en(HEALTH_CARD_KEYS.ON!)).toBe('Ontario (OHIP)');
    expect(fr(HEALTH_CARD_KEYS.ON!)).toBe('Ontario (RAMO)');
    expect(fr(HEALTH_CARD_KEYS.QC!)).toBe('Québec (RAMQ)');
  });
});

describe('the ID type form', () => {
  it('asks for a code of the right form that is not a province, and both names', () => {
    expect(checkIdTypeForm({ code: '', nameEn: '', nameFr: ' ', searchable: false }, 'add')).toEqual({
      code: 'idTypes.error.codeRequired',
      nameEn: 'idTypes.error.nameEnRequired',
      nameFr: 'idTypes.error.nameFrRequired',
    });
    expect(checkIdTypeForm({ code: 'M', nameEn: 'a', nameFr: 'b', searchable: false }, 'add')).toEqual({ code: 'idTypes.error.codeFormat' });
    expect(checkIdTypeForm({ code: '-MRN', nameEn: 'a', nameFr: 'b', searchable: false }, 'add')).toEqual({ code: 'idTypes.error.codeFormat' });
    expect(checkIdTypeForm({ code: 'on', nameEn: 'a', nameFr: 'b', searchable: false }, 'add')).toEqual({ code: 'idTypes.error.codeProvince' });
    expect(checkIdTypeForm({ code: 'mrn-2', nameEn: 'a', nameFr: 'b', searchable: true }, 'add')).toEqual({});
    // The code of an existing type is not edited.
    expect(checkIdTypeForm({ code: 'ON', nameEn: 'a', nameFr: 'b', searchable: true }, 'edit')).toEqual({});
  });
});
