/** The message next to a field; its id goes in the field's aria-describedby. */
export function FieldError({ id, message }: { id: string; message: string | null }) {
  if (!message) {
    return null;
  }
  return (
    <p className="field-error" id={id}>
      {message}
    </p>
  );
}

/** The ids for aria-describedby, the empty ones left out; undefined when none is left. */
export function describedBy(...ids: (string | null | false | undefined)[]): string | undefined {
  const list = ids.filter(Boolean);
  return list.length ? list.join(' ') : undefined;
}
