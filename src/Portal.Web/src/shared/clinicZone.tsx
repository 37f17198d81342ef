import { createContext, useContext, type ReactNode } from 'react';

const ClinicZone = createContext<string | null>(null);

/** The clinic's time zone ("America/Toronto") for every time the pages below show; null until it is known. */
export function ClinicZoneProvider({ zone, children }: { zone: string | null; children: ReactNode }) {
  return <ClinicZone.Provider value={zone}>{children}</ClinicZone.Provider>;
}

/** The clinic's time zone, or null (outside a clinic, or before it is known: times then show in the browser's zone). */
export function useClinicZone(): string | null {
  return useContext(ClinicZone);
}
