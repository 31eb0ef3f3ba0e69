/**
 * A stored cell back as tshark's `-T fields` text: what the CSV writer writes and what tests read.
 */
import type { FieldType } from '../field-catalogue.ts';
import { formatIpv4 } from '../parse-bytes.ts';

/** The text of integer value `v` in a column of type `type` (`0x0012` for a hex16, a dotted quad, ...). */
export function cellText(type: FieldType, v: number): string {
  switch (type) {
    case 'hex8':
      return `0x${v.toString(16).padStart(2, '0')}`;
    case 'hex16':
      return `0x${v.toString(16).padStart(4, '0')}`;
    case 'hex32':
      return `0x${v.toString(16).padStart(8, '0')}`;
    case 'ipv4':
      return formatIpv4(v);
    default:
      return String(v);
  }
}
