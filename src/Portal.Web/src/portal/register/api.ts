import { api, data, type Schema } from '../../shared/api';

/** Self-registration: the form, then the passcode sent to the contact point to prove. */

export type RegistrationForm = Schema<'StartSelfRegistrationBody'>;

/** The same answer for everyone, whatever the identifier. */
export type RegistrationStarted = Schema<'SelfRegistrationStarted'>;

export type RegistrationReceived = Schema<'SelfRegistrationReceived'>;

const path = (slug: string) => ({ path: { clinic: slug } });

export const registerApi = {
  start: (slug: string, body: RegistrationForm) => data(api.client.POST('/api/clinics/{clinic}/portal/register', { params: path(slug), body })),
  verify: (slug: string, registrationId: string, passcode: string) =>
    data(api.client.POST('/api/clinics/{clinic}/portal/register/verify', { params: path(slug), body: { registrationId, passcode } })),
};
