import { describe, expect, it } from 'vitest';
import { inboxSearch, parseInboxFilter } from '../src/admin/messaging/api';
import { composePath, conversationAdminPath, draftPath, parseAdminPath, patientPath } from '../src/admin/routes';
import { linkParts } from '../src/shared/MessageText';

describe('messaging addresses', () => {
  it('finds the inbox, a new message, the drafts, a conversation and a draft', () => {
    expect(parseAdminPath('/demo/admin/messages').route).toEqual({ area: 'clinic', slug: 'demo', page: 'messages' });
    expect(parseAdminPath('/demo/admin/messages/new').route).toEqual({ area: 'clinic', slug: 'demo', page: 'messages/new' });
    expect(parseAdminPath('/demo/admin/messages/drafts').route).toEqual({ area: 'clinic', slug: 'demo', page: 'messages/drafts' });
    expect(parseAdminPath(conversationAdminPath('demo', 'c-1')).route).toEqual({ area: 'clinic', slug: 'demo', page: 'conversation', messagingId: 'c-1' });
    expect(parseAdminPath(draftPath('demo', 'd-1')).route).toEqual({ area: 'clinic', slug: 'demo', page: 'draft', messagingId: 'd-1' });
    expect(parseAdminPath('/demo/admin/messages/c-1/more').route).toMatchObject({ page: 'notFound' });
    expect(parseAdminPath(patientPath('demo', 'p-1', 'messages')).route).toMatchObject({ page: 'patient', patientId: 'p-1', tab: 'messages' });
    expect(composePath('demo')).toBe('/demo/admin/messages/new');
    expect(composePath('demo', 'p 1')).toBe('/demo/admin/messages/new?patient=p%201');
  });

  it('keeps the inbox filter in the address, the defaults left out', () => {
    expect(parseInboxFilter('')).toEqual({ status: 'all', unread: false, mine: false });
    expect(parseInboxFilter('?status=closed&unread=1&mine=1')).toEqual({ status: 'closed', unread: true, mine: true });
    expect(parseInboxFilter('?status=nonsense&unread=yes')).toEqual({ status: 'all', unread: false, mine: false });
    expect(inboxSearch({ status: 'all', unread: false, mine: false })).toBe('');
    expect(inboxSearch({ status: 'open', unread: true, mine: false })).toBe('?status=open&unread=1');
  });
});

describe('web addresses in a message body', () => {
  it('links http and https addresses, leaving the punctuation after them as text', () => {
    expect(linkParts('See https://example.org/a?b=1, then http://x.test.')).toEqual([
      { kind: 'text', text: 'See ' },
      { kind: 'link', href: 'https://example.org/a?b=1' },
      { kind: 'text', text: ', then ' },
      { kind: 'link', href: 'http://x.test' },
      { kind: 'text', text: '.' },
    ]);
  });

  it('keeps a bracket that belongs to the address, and drops one that closes the sentence', () => {
    expect(linkParts('(https://example.org/a_(b)).')).toEqual([
      { kind: 'text', text: '(' },
      { kind: 'link', href: 'https://example.org/a_(b)' },
      { kind: 'text', text: ').' },
    ]);
    expect(linkParts('(see https://example.org/a)')).toEqual([
      { kind: 'text', text: '(see ' },
      { kind: 'link', href: 'https://example.org/a' },
      { kind: 'text', text: ')' },
    ]);
  });

  it('links nothing else: other schemes and markup stay text', () => {
    expect(linkParts('javascript:alert(1) <a href="https://x.test">x</a> ftp://x.test')).toEqual([
      { kind: 'text', text: 'javascript:alert(1) <a href="' },
      { kind: 'link', href: 'https://x.test' },
      { kind: 'text', text: '">x</a> ftp://x.test' },
    ]);
  });
});
