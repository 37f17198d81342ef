import { Fragment, type ReactNode } from 'react';
import { useI18n } from './i18n/I18nProvider';

/** An http(s) address in running text; punctuation right after it is left out by {@link addressEnd}. */
const URL_PATTERN = /https?:\/\/[^\s<>"]+/gi;
const PUNCTUATION = /[.,;:!?'»\]}]/;

const count = (text: string, char: string) => text.split(char).length - 1;

/** Where the address ends: before the sentence's punctuation, and before a closing bracket it did not open. */
function addressEnd(candidate: string): number {
  let end = candidate.length;
  while (end > 0) {
    const last = candidate[end - 1]!;
    const head = candidate.slice(0, end);
    if (PUNCTUATION.test(last) || (last === ')' && count(head, ')') > count(head, '('))) {
      end -= 1;
    } else {
      break;
    }
  }
  return end;
}

export type TextPart = { kind: 'text'; text: string } | { kind: 'link'; href: string };

/** Splits a line of plain text into text and the http(s) addresses in it, for {@link MessageText}. */
export function linkParts(line: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const match of line.matchAll(URL_PATTERN)) {
    const href = match[0].slice(0, addressEnd(match[0]));
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
