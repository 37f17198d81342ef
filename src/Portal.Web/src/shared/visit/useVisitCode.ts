import { useMutation, useQuery, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError } from '../api';
import { visitApi, visitKeys, type MyVisit, type StaffVisit } from './api';

/** Where one side's view of an appointment's visit is read, and where that side asks for a new code. */
export interface VisitCodeSource<T> {
  key(slug: string, appointmentId: string): QueryKey;
  load(slug: string, appointmentId: string, signal?: AbortSignal): Promise<T>;
  resend(slug: string, appointmentId: string): Promise<T>;
}

/** The signed-in patient's own visit. */
export const patientVisitCode: VisitCodeSource<MyVisit> = { key: visitKeys.mine, load: visitApi.mine, resend: visitApi.resendMine };

/** Staff's view of the visit, re-sending the code to the appointment's patient. */
export const staffVisitCode: VisitCodeSource<StaffVisit> = { key: visitKeys.staff, load: visitApi.staff, resend: visitApi.resendForPatient };

/**
 * An appointment's visit and re-sending its access code: the answer to a re-send replaces the cached visit, `sent` says a
 * new code went out, and a 401 hands the ended session back.
 */
export function useVisitCode<T>(source: VisitCodeSource<T>, slug: string, appointmentId: string, onSessionEnded: () => void) {
  const queryClient = useQueryClient();
  const key = source.key(slug, appointmentId);
  const visit = useQuery({ queryKey: key, queryFn: ({ signal }) => source.load(slug, appointmentId, signal), staleTime: 0 });
  const [sent, setSent] = useState(false);
  const resend = useMutation({
    mutationFn: () => source.resend(slug, appointmentId),
    onSuccess: (next) => {
      queryClient.setQueryData(key, next);
      setSent(true);
    },
    onError: (error) => {
      if (error instanceof ApiError && error.status === 401) {
        onSessionEnded();
      }
    },
  });
  return { visit, resend, sent };
}
