/** A field's label and, when it has one, its help (id `${id}-help`, for the field's aria-describedby). */
export function FieldLabel({ id, label, help }: { id: string; label: string; help?: string }) {
  return (
    <>
      <label htmlFor={id}>{label}</label>
      {help && (
        <p className="help" id={`${id}-help`}>
          {help}
        </p>
      )}
    </>
  );
}
