/**
 * The header line tshark's `-T fields -E header=y -E separator=, -E quote=d -E occurrence=f` writes for the
 * users' fields: names unquoted, LF. The rows are written by FrameFields.writeRow (each non-empty value in
 * double quotes, inner quotes left as they are, as tshark leaves them; empty values bare).
 */
import { USERS_FIELDS } from './users-layout.ts';

export const CSV_HEADER_LINE = USERS_FIELDS.join(',') + '\n';
