import { describe, expect, it } from 'vitest';
import { parseListQuery, patientListPath } from '../src/admin/patients/listQuery';
import { clinicAdminPath, parseAdminPath, patientEditPath, patientPath } from '../src/admin/routes';

const ID = '0190f5a2-7c1e-7d3a-9b2c-1234567890ab';

describe('patient paths', () => {
  it('finds the list, the new-patient form and the ID types settings', () => {
    expect(parseAdminPath('/demo/admin/patients')).toEqual({ route: { area: 'clinic', slug: 'demo', page: 'patients' }, canonical: null });
    expect(parseAdminPath('/demo/admin/patients/').route).toEqual({ area: 'clinic', slug: 'demo', page: 'patients' });
    expect(parseAdminPath('/demo/admin/patients/new').route).toEqual({ area: 'clinic', slug: 'demo', page: 'patients/new' });
    expect(parseAdminPath('/demo/admin/settings/id-types')).toEqual({
      route: { area: 'clinic', slug: 'demo', page: 'settings/id-types' },
      canonical: null,
    });
  });

  it('finds a chart on each of its tabs, and its edit form', () => {
    expect(parseAdminPath(`/demo/admin/patients/${ID}`)).toEqual({
      route: { area: 'clinic', slug: 'demo', page: 'patient', patientId: ID, tab: 'details' },
      canonical: null,
    });
    expect(parseAdminPath(`/demo/admin/patients/${ID}/portal`).route).toEqual({
      area: 'clinic',
      slug: 'demo',
      page: 'patient',
      patientId: ID,
      tab: 'portal',
    });
    expect(parseAdminPath(`/demo/admin/patients/${ID}/history`).route).toMatchObject({ page: 'patient', tab: 'history' });
    expect(parseAdminPath(`/demo/admin/patients/${ID}/edit`).route).toEqual({ area: 'clinic', slug: 'demo', page: 'patient/edit', patientId: ID });
  });

  it('shows the Details tab at the chart\'s own address', () => {
    expect(parseAdminPath(`/demo/admin/patients/${ID}/details`)).toEqual({
      route: { area: 'clinic', slug: 'demo', page: 'patient', patientId: ID, tab: 'details' },
      canonical: `/demo/admin/patients/${ID}`,
    });
  });

  it('knows no other pages under a patient', () => {
    expect(parseAdminPath(`/demo/admin/patients/${ID}/billing`).route).toMatchObject({ page: 'notFound' });
    expect(parseAdminPath(`/demo/admin/patients/${ID}/portal/more`).route).toMatchObject({ page: 'notFound' });
    expect(parseAdminPath('/demo/admin/settings/id-types/MRN').route).toMatchObject({ page: 'notFound' });
  });

  it('builds the addresses it parses', () => {
    expect(clinicAdminPath('demo', 'patients/new')).toBe('/demo/admin/patients/new');
    expect(patientPath('demo', ID)).toBe(`/demo/admin/patients/${ID}`);
    expect(patientPath('demo', ID, 'portal')).toBe(`/demo/admin/patients/${ID}/portal`);
    expect(patientEditPath('demo', ID)).toBe(`/demo/admin/patients/${ID}/edit`);
    for (const tab of ['details', 'portal', 'history'] as const) {
      expect(parseAdminPath(patientPath('demo', ID, tab)).route).toMatchObject({ page: 'patient', patientId: ID, tab });
    }
  });
});

describe('the patient list address', () => {
  it('keeps the search and the status in the query string, leaving out the defaults', () => {
    expect(patientListPath('demo')).toBe('/demo/admin/patients');
    expect(patientListPath('demo', { q: 'tremblay', status: 'active' })).toBe('/demo/admin/patients?q=tremblay');
    expect(patientListPath('demo', { q: '', status: 'all' })).toBe('/demo/admin/patients?status=all');
    expect(patientListPath('demo', { q: 'Émilie Côté', status: 'inactive' })).toBe('/demo/admin/patients?q=%C3%89milie+C%C3%B4t%C3%A9&status=inactive');
  });

  it('reads back what it wrote, accents, plus signs and @ included', () => {
    for (const query of [
      { q: 'Émilie Côté', status: 'inactive' as const },
      { q: '+1 613-555-0123', status: 'all' as const },
      { q: 'camille@example.com', status: 'active' as const },
      { q: '1984-03-09', status: 'active' as const },
    ]) {
      const path = patientListPath('demo', query);
      expect(parseListQuery(path.slice(path.indexOf('?')))).toEqual(query);
    }
  });

  it('trims the search, joins its spaces and cuts it at 100 characters', () => {
    expect(patientListPath('demo', { q: '   ', status: 'active' })).toBe('/demo/admin/patients');
    expect(parseListQuery('?q=%20%20Jean%20%20%20Tremblay%20')).toEqual({ q: 'Jean Tremblay', status: 'active' });
    expect(parseListQuery(`?q=${'a'.repeat(150)}`).q).toHaveLength(100);
  });

  it('falls back to active patients for a status it does not know', () => {
    expect(parseListQuery('')).toEqual({ q: '', status: 'active' });
    expect(parseListQuery('?status=deleted')).toEqual({ q: '', status: 'active' });
    expect(parseListQuery('?status=all&lang=fr')).toEqual({ q: '', status: 'all' });
  });
});
