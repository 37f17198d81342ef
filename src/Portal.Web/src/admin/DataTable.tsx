import type { ReactNode } from 'react';

/**
 * A table of data named by the heading <code>labelledBy</code>, in a region of its own that scrolls sideways, and can be
 * reached and scrolled from the keyboard, where the table is wider than the page.
 */
export function DataTable({ labelledBy, className, children }: { labelledBy: string; className?: string; children: ReactNode }) {
  return (
    <div className="table-scroll" role="region" aria-labelledby={labelledBy} tabIndex={0}>
      <table className={className ? `data-table ${className}` : 'data-table'} aria-labelledby={labelledBy}>
        {children}
      </table>
    </div>
  );
}
