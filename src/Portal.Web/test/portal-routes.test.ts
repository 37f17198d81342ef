import { describe, expect, it } from 'vitest';
import { PORTAL_PAGES, appointmentPath, changeAppointmentPath, conversationPath, newAppointmentPath, parsePortalPath, portalPath } from '../src/portal/routes';

describe('patient portal paths', () => {
  it('finds the home page at the clinic\'s own address', () => {
    expect(parsePortalPath('/demo/')).toEqual({ route: { slug: 'demo', page: 'home' }, canonical: null });
  });

  it('sends /{clinic} and /{clinic}/home to the home address', () => {
    expect(parsePortalPath('/demo')).toEqual({ route: { slug: 'demo', page: 'home' }, canonical: '/demo/' });
    expect(parsePortalPath('/demo/home')).toEqual({ route: { slug: 'demo', page: 'home' }, canonical: '/demo/' });
  });

  it('finds each page under the clinic', () => {
    expect(parsePortalPath('/demo/messages')).toEqual({ route: { slug: 'demo', page: 'messages' }, canonical: null });
    expect(parsePortalPath('/demo/appointments').route).toEqual({ slug: 'demo', page: 'appointments' });
    expect(parsePortalPath('/demo/bills').route).toEqual({ slug: 'demo', page: 'bills' });
    expect(parsePortalPath('/demo/my-information').route).toEqual({ slug: 'demo', page: 'my-information' });
    expect(parsePortalPath('/demo/sessions').route).toEqual({ slug: 'demo', page: 'sessions' });
  });

  it('drops a trailing slash after a page', () => {
    expect(parsePortalPath('/demo/sessions/')).toEqual({ route: { slug: 'demo', page: 'sessions' }, canonical: '/demo/sessions' });
  });

  it('knows no other pages', () => {
    expect(parsePortalPath('/demo/nothing-here').route).toEqual({ slug: 'demo', page: 'notFound' });
    expect(parsePortalPath('/demo/messages/123/more').route).toEqual({ slug: 'demo', page: 'notFound' });
    expect(parsePortalPath('/demo/sessions/123').route).toEqual({ slug: 'demo', page: 'notFound' });
    expect(parsePortalPath('/demo/notFound').route).toEqual({ slug: 'demo', page: 'notFound' });
    expect(parsePortalPath('/demo/home/more').route).toEqual({ slug: 'demo', page: 'notFound' });
  });

  it('reads a conversation under Messages and builds its address', () => {
    expect(parsePortalPath('/demo/messages/c-1')).toEqual({ route: { slug: 'demo', page: 'conversation', conversationId: 'c-1' }, canonical: null });
    expect(conversationPath('demo', 'c 1')).toBe('/demo/messages/c%201');
    expect(parsePortalPath(conversationPath('demo', 'c 1')).route).toEqual({ slug: 'demo', page: 'conversation', conversationId: 'c 1' });
  });

  it('reads an appointment and + New Appointment under Appointments and builds their addresses', () => {
    expect(parsePortalPath('/demo/appointments/a-1')).toEqual({ route: { slug: 'demo', page: 'appointment', appointmentId: 'a-1' }, canonical: null });
    expect(parsePortalPath('/demo/appointments/new')).toEqual({ route: { slug: 'demo', page: 'new-appointment' }, canonical: null });
    expect(appointmentPath('demo', 'a 1')).toBe('/demo/appointments/a%201');
    expect(newAppointmentPath('demo')).toBe('/demo/appointments/new');
    expect(parsePortalPath(appointmentPath('demo', 'a 1')).route).toEqual({ slug: 'demo', page: 'appointment', appointmentId: 'a 1' });
    expect(parsePortalPath('/demo/appointments/a-1/more').route).toEqual({ slug: 'demo', page: 'notFound' });
  });

  it('reads Change appointment time under an appointment and builds its address', () => {
    expect(parsePortalPath('/demo/appointments/a-1/change')).toEqual({
      route: { slug: 'demo', page: 'change-appointment', appointmentId: 'a-1' },
      canonical: null,
    });
    expect(changeAppointmentPath('demo', 'a 1')).toBe('/demo/appointments/a%201/change');
    expect(parsePortalPath(changeAppointmentPath('demo', 'a 1')).route).toEqual({ slug: 'demo', page: 'change-appointment', appointmentId: 'a 1' });
    expect(parsePortalPath('/demo/appointments/new/change').route).toEqual({ slug: 'demo', page: 'notFound' });
    expect(parsePortalPath('/demo/appointments/a-1/change/more').route).toEqual({ slug: 'demo', page: 'notFound' });
    expect(parsePortalPath('/demo/messages/c-1/change').route).toEqual({ slug: 'demo', page: 'notFound' });
  });

  it('names no clinic at the site root', () => {
    expect(parsePortalPath('/')).toEqual({ route: null, canonical: null });
  });

  it('builds the addresses it parses, the clinic encoded', () => {
    expect(portalPath('demo')).toBe('/demo/');
    expect(portalPath('demo', 'my-information')).toBe('/demo/my-information');
    expect(portalPath('clinique été', 'sessions')).toBe('/clinique%20%C3%A9t%C3%A9/sessions');
    expect(parsePortalPath(portalPath('clinique été', 'sessions')).route).toEqual({ slug: 'clinique été', page: 'sessions' });
    for (const page of PORTAL_PAGES) {
      expect(parsePortalPath(portalPath('demo', page))).toEqual({ route: { slug: 'demo', page }, canonical: null });
    }
  });
});
