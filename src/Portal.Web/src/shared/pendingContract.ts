import type { components } from './openapi';

/*
 * The session checks (GetPatientSession, GetStaffSession, GetOperatorSession), in the shape that
 * openapi-typescript gives them, until openapi.json is regenerated from a host that has them;
 * then this file goes and the generated types answer alone. See ADR 0015.
 */

type Schemas = components['schemas'];

export interface PendingSchemas {
  PatientPortalSession: {
    signedIn: boolean;
    patient: null | Schemas['PatientHome'];
  };
  StaffSession: {
    signedIn: boolean;
    signedInElsewhere: boolean;
    profile: null | Schemas['StaffProfile'];
  };
}

type ClinicParameters = { query?: never; header?: never; path: { clinic: string }; cookie?: never };
type NoParameters = { query?: never; header?: never; path?: never; cookie?: never };

interface SessionOperation<Parameters, Answer> {
  parameters: Parameters;
  get: {
    parameters: Parameters;
    requestBody?: never;
    responses: { 200: { headers: { [name: string]: unknown }; content: { 'application/json': Answer } } };
  };
  put?: never;
  post?: never;
  delete?: never;
  options?: never;
  head?: never;
  patch?: never;
  trace?: never;
}

export interface PendingPaths {
  '/api/clinics/{clinic}/portal/session': SessionOperation<ClinicParameters, PendingSchemas['PatientPortalSession']>;
  '/api/clinics/{clinic}/staff/session': SessionOperation<ClinicParameters, PendingSchemas['StaffSession']>;
  '/api/operator/session': SessionOperation<NoParameters, PendingSchemas['StaffSession']>;
}
