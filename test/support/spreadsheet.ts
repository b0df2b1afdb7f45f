/**
 * CSV text split into rows and cells the way spreadsheet programs do when they open a file with a
 * given separator: a double quote makes a quoted cell only as the cell's first character (anywhere
 * else it is text, and so is what follows a closing quote), `""` in a quoted cell is one quote,
 * and outside quotes the separator ends a cell and a line break a row. Reading a file with the
 * separator it was not written with is how the other half of the country opens it.
 */
export function spreadsheetCells(text: string, separator: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  let atCellStart = true;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
      continue;
    }
    if (ch === '"' && atCellStart) {
      quoted = true;
      atCellStart = false;
    } else if (ch === separator) {
      row.push(cell);
      cell = '';
      atCellStart = true;
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      atCellStart = true;
    } else {
      cell += ch;
      atCellStart = false;
    }
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}

/** A cell a spreadsheet would take for a formula (some skip a leading tab, CR or blanks). */
export function startsFormula(cell: string): boolean {
  return /^\s*[=+\-@＝＋－＠]/.test(cell);
}
