import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { linkTargetPath, parsePortalPath } from '../src/portal/routes';
import { axeViolations, problem } from './helpers';
import { inFrench, renderPortal } from './portal-helpers';

const ROOM = '0199a1b2-0000-7000-8000-00000000abcd';
const JOIN = `POST /api/clinics/demo/visits/${ROOM}/join`;

/** The visit pages load on demand (their own chunk): the first render waits for them. */
const LOAD = 15_000;
const SLOW = 30_000;

afterEach(() => {
  vi.unstubAllGlobals();
  window.localStorage.clear();
  window.sessionStorage.clear();
});

function submitCode(code: string) {
  fireEvent.change(screen.getByLabelText('Access code'), { target: { value: code } });
  fireEvent.click(screen.getByRole('button', { name: 'Continue' }));
}

describe('virtual visit paths', () => {
  it('reads the room of the patient and the appointment of the provider under /{clinic}/visit', () => {
    expect(parsePortalPath(`/demo/visit/${ROOM}`).route).toEqual({ slug: 'demo', page: 'visit', roomId: ROOM });
    expect(parsePortalPath('/demo/visit/provider/abc').route).toEqual({ slug: 'demo', page: 'provider-visit', appointmentId: 'abc' });
    expect(parsePortalPath('/demo/visit').route?.page).toBe('notFound');
  });

  it('never sends a notification link to a visit page, which needs a whole page load for the camera', () => {
    expect(linkTargetPath('demo', `visit/${ROOM}`)).toBe('/demo/');
  });
});

describe('the access code', () => {
  it('asks for the code before sending anything, and keeps its letters as typed', async () => {
    const { calls } = renderPortal(`/demo/visit/${ROOM}`, { [JOIN]: () => problem(400, 'visit_code_wrong', 'wrong') });
    await screen.findByRole('heading', { name: 'Virtual visit', level: 2 }, { timeout: LOAD });
    fireEvent.click(screen.getByRole('button', { name: 'Continue' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Enter the access code');
    expect(calls.some((call) => call.method === 'POST')).toBe(false);

    submitCode('  aBcD2345xY ');
    await screen.findByText(/This code is not right\. Check capital and small letters/);
    expect(calls.find((call) => call.method === 'POST')?.json).toEqual({ code: 'aBcD2345xY' });
    expect(screen.getByLabelText('Access code').getAttribute('aria-invalid')).toBe('true');
    expect(await axeViolations()).toEqual([]);
  }, SLOW);

  it('says the code is locked after five wrong tries, and how to get a new one', async () => {
    renderPortal(`/demo/visit/${ROOM}`, { [JOIN]: () => problem(409, 'visit_code_locked', 'locked') });
    await screen.findByRole('heading', { name: 'Virtual visit', level: 2 }, { timeout: LOAD });
    submitCode('ABCDEFGHJK');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('locked after 5 wrong tries');
    expect(alert.textContent).toContain('appointment page');
  }, SLOW);

  it('says in French when the visit is not open yet', async () => {
    inFrench();
    renderPortal(`/demo/visit/${ROOM}`, { [JOIN]: () => problem(409, 'visit_not_open', 'not open') });
    await screen.findByRole('heading', { name: 'Visite virtuelle', level: 2 }, { timeout: LOAD });
    fireEvent.change(screen.getByLabelText("Code d'accès"), { target: { value: 'ABCDEFGHJK' } });
    fireEvent.click(screen.getByRole('button', { name: 'Continuer' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain("n'est pas encore ouverte"));
    expect(await axeViolations()).toEqual([]);
  }, SLOW);
});
