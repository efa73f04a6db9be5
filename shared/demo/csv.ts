/** CSV lines and a stored (uncompressed) zip: enough to write vendor files and bundles. */
import { crc32 } from 'node:zlib';

const NEEDS_QUOTES = /[",\r\n]/;

export function csvLine(values: readonly (string | number)[]): string {
  return `${values
    .map((v) => {
      const text = String(v);
      return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
    })
    .join(',')}\n`;
}

export function csvText(header: readonly string[], rows: readonly (string | number)[][]) {
  return csvLine(header) + rows.map(csvLine).join('');
}

/**
 * A zip of the files given, stored without compression: OneRoster readers
 * accept it and it needs no dependency. Note: no zip64, so each file and the
 * whole archive stay under 4 GiB, far above a district roster.
 */
export function zipOf(files: Readonly<Record<string, string | Buffer>>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(files)) {
    const data = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    const nameBytes = Buffer.from(name);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + data.length;
  }
  const centralSize = centrals.reduce((n, b) => n + b.length, 0);
  const count = Object.keys(files).length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(count, 8);
  end.writeUInt16LE(count, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
}
