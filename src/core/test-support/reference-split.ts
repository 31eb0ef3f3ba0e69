/**
 * For tests: an independent, deliberately simple reading of one tshark CSV line, to check the real
 * tokenizer's results against. Every value is quoted or empty; quotes inside a value are not doubled, so a
 * field ends at `",` or `"` + end of line.
 */
export function referenceSplit(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let j = i + 1;
      while (j < line.length && !(line[j] === '"' && (j + 1 === line.length || line[j + 1] === ','))) j++;
      out.push(line.slice(i + 1, j));
      i = j + 2;
    } else {
      let j = line.indexOf(',', i);
      if (j < 0) j = line.length;
      out.push(line.slice(i, j));
      i = j + 1;
    }
  }
  return out;
}
