import { Fragment, type ReactNode } from 'react';
import { useI18n } from './i18n/I18nProvider';

/** An http(s) address in running text; a closing bracket or punctuation right after it is left out below. */
const URL_PATTERN = /https?:\/\/[^\s<>"]+/gi;
const TRAILING = /[.,;:!?'»)\]}]+$/;

export type TextPart = { kind: 'text'; text: string } | { kind: 'link'; href: string };

/** Splits a line of plain text into text and the http(s) addresses in it, for {@link MessageText}. */
export function linkParts(line: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const match of line.matchAll(URL_PATTERN)) {
    let href = match[0];
    const trailing = TRAILING.exec(href)?.[0] ?? '';
    // "(see https://example.org/a_(b))" keeps the bracket that belongs to the address.
    const kept = trailing.startsWith(')') && href.includes('(') ? '' : trailing;
    href = href.slice(0, href.length - kept.length);
    const start = match.index;
    if (start > last) {
      parts.push({ kind: 'text', text: line.slice(last, start) });
    }
    parts.push({ kind: 'link', href });
    last = start + href.length;
  }
  if (last < line.length) {
    parts.push({ kind: 'text', text: line.slice(last) });
  }
  return parts;
}

/**
 * A message body as its author typed it: plain text, line breaks kept, http(s) addresses as links
 * that open in a new tab. Nothing in it is ever read as HTML.
 */
export function MessageText({ body }: { body: string }) {
  const { t } = useI18n();
  const lines = body.replace(/\r\n?/g, '\n').split('\n');
  return (
    <div className="message-text">
      {lines.map((line, index) => (
        <Fragment key={index}>
          {index > 0 && <br />}
          {linkParts(line).map(
            (part, partIndex): ReactNode =>
              part.kind === 'text' ? (
                <Fragment key={partIndex}>{part.text}</Fragment>
              ) : (
                <a key={partIndex} href={part.href} target="_blank" rel="noopener noreferrer">
                  {part.href}{' '}
                  <span className="visually-hidden">{t('common.opensInNewTab')}</span>
                </a>
              ),
          )}
        </Fragment>
      ))}
    </div>
  );
}
