import { useQuery } from '@tanstack/react-query';
import { fireEvent, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../src/shared/api';
import { STORAGE_KEY } from '../src/shared/i18n/language';
import { QueryState } from '../src/shared/QueryState';
import { renderWithI18n } from './helpers';

function Things({ load, onSessionEnded }: { load: () => Promise<string[]>; onSessionEnded?: () => void }) {
  const query = useQuery({ queryKey: ['things'], queryFn: load });
  return (
    <QueryState query={query} isEmpty={(things) => things.length === 0} empty="Nothing yet." onSessionEnded={onSessionEnded}>
      {(things) => <ul>{things.map((thing) => <li key={thing}>{thing}</li>)}</ul>}
    </QueryState>
  );
}

describe('the shared states of data from the server', () => {
  it('says it is loading in a status region, then shows the data', async () => {
    let answer: (things: string[]) => void = () => undefined;
    renderWithI18n(<Things load={() => new Promise((resolve) => (answer = resolve))} />);
    expect(screen.getByRole('status').textContent).toBe('Loading…');
    answer(['a', 'b']);
    expect((await screen.findAllByRole('listitem')).map((item) => item.textContent)).toEqual(['a', 'b']);
    expect(screen.queryByRole('status')).toBeNull();
  });

  it('shows the error in an alert with a Try again button that loads again', async () => {
    const load = vi
      .fn<() => Promise<string[]>>()
      .mockRejectedValueOnce(new ApiError({ status: 0, code: 'network_error' }))
      .mockResolvedValueOnce(['again']);
    renderWithI18n(<Things load={load} />);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('Portal could not be reached. Check your internet connection and try again.');
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect((await screen.findByRole('listitem')).textContent).toBe('again');
    expect(load).toHaveBeenCalledTimes(2);
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it("says so in the page's words when there is nothing", async () => {
    renderWithI18n(<Things load={async () => []} />);
    expect((await screen.findByText('Nothing yet.')).getAttribute('role')).toBe('status');
  });

  it('hands a 401 to the page instead of showing an error', async () => {
    const onSessionEnded = vi.fn();
    renderWithI18n(<Things load={() => Promise.reject(new ApiError({ status: 401, code: 'not_signed_in' }))} onSessionEnded={onSessionEnded} />);
    await vi.waitFor(() => expect(onSessionEnded).toHaveBeenCalledTimes(1));
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('speaks French', async () => {
    window.localStorage.setItem(STORAGE_KEY, 'fr');
    renderWithI18n(<Things load={() => Promise.reject(new ApiError({ status: 500, code: 'unexpected' }))} />);
    await screen.findByRole('alert');
    expect(screen.getByRole('button', { name: 'Réessayer' })).toBeTruthy();
  });
});
