/** A wrong filter shown as a compiler would: the text, a caret under the position, the message. */
import type { ReactNode } from 'react';
import type { FilterError } from '../../core/query/filter-lexer.ts';

export function FilterErrorView({ text, error }: { text: string; error: FilterError }): ReactNode {
  // Text nodes only: the filter is the user's own text, but never HTML.
  return (
    <div className="filter-error">
      <pre className="filter-caret">
        {text}
        {'\n'}
        {' '.repeat(error.position)}^
      </pre>
      <span>
        {error.message} (column {error.position + 1}
        {error.expected ? `; expected ${error.expected}` : ''})
      </span>
    </div>
  );
}
