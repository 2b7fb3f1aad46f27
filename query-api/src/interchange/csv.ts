// RFC 4180 CSV, streamed: a reader that turns a file's bytes (UTF-8 or GBK, with or without a byte-order mark)
// into records with their line numbers while hashing the bytes, and a writer for the generator's exports.
// Lines end in CRLF or LF; a field with a comma, quote or line break is quoted, a quote inside doubled.
import { createHash } from 'node:crypto';
import { closeSync, createReadStream, fsyncSync, openSync, writeSync } from 'node:fs';
import iconv from 'iconv-lite';

export type Encoding = 'utf-8' | 'gbk';
export const ENCODINGS: readonly Encoding[] = ['utf-8', 'gbk'];

/** A problem with the bytes or the CSV structure at a place in the file (1-based line, 1-based column). */
export class CsvError extends Error {
  constructor(
    readonly line: number,
    readonly column: number,
    message: string,
  ) {
    super(message);
  }
}

interface Decoder {
  write(bytes: Buffer): string;
  end(): string;
}

function decoder(encoding: Encoding): Decoder {
  if (encoding === 'gbk') {
    const d = iconv.getDecoder('gbk');
    return { write: (b) => d.write(b), end: () => d.end() ?? '' };
  }
  const d = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  return { write: (b) => d.decode(b, { stream: true }), end: () => d.decode() };
}

/** Offset of the first byte that does not start or continue a valid UTF-8 sequence (-1 if all are valid). */
export function firstInvalidUtf8(bytes: Buffer): number {
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i] ?? 0;
    const n =
      b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (n === 0) return i;
    if (i + n > bytes.length) return -1; // cut at the chunk's end: the next chunk decides
    for (let k = 1; k < n; k++) if (((bytes[i + k] ?? 0) & 0xc0) !== 0x80) return i;
    i += n;
  }
  return -1;
}

function countNewlines(bytes: Buffer, end: number): number {
  let n = 0;
  for (let i = bytes.indexOf(10); i !== -1 && i < end; i = bytes.indexOf(10, i + 1)) n++;
  return n;
}

/**
 * One record as the reader delivers it: field i is `text.slice(starts[i], ends[i])` for i < count. The fields are
 * not cut out as strings unless asked for (`field`, `fields`): a reader of numbers reads the digits in place. The
 * record is reused for the next one, so it is only valid during the callback.
 */
export class CsvRecord {
  text = '';
  count = 0;
  starts = new Int32Array(32);
  ends = new Int32Array(32);

  field(i: number): string {
    return this.text.slice(this.starts[i] ?? 0, this.ends[i] ?? 0);
  }

  fields(): string[] {
    const out: string[] = [];
    for (let i = 0; i < this.count; i++) out.push(this.field(i));
    return out;
  }

  /** Makes room for field `i`. */
  grow(i: number): void {
    if (i < this.starts.length) return;
    const starts = new Int32Array(this.starts.length * 2);
    const ends = new Int32Array(this.ends.length * 2);
    starts.set(this.starts);
    ends.set(this.ends);
    this.starts = starts;
    this.ends = ends;
  }

  /** A record whose fields had to be unquoted: their texts, one after the other. */
  setFields(fields: readonly string[]): void {
    let at = 0;
    this.grow(fields.length);
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i] ?? '';
      this.starts[i] = at;
      at += f.length;
      this.ends[i] = at;
    }
    this.text = fields.join('');
    this.count = fields.length;
  }
}

export interface ReadResult {
  sha256: string;
  bytes: number;
}

/**
 * Reads a CSV file and calls `onRecord(record, line)` for each record, header included (line 1). Records are
 * delivered synchronously, chunk by chunk, so the caller's work keeps pace with the reading and memory stays
 * flat. Throws CsvError for bytes that are not text in the encoding or a quoted field left open.
 */
export async function readCsv(
  path: string,
  encoding: Encoding,
  onRecord: (record: CsvRecord, line: number) => void,
): Promise<ReadResult> {
  const hash = createHash('sha256');
  const decode = decoder(encoding);
  const parser = new CsvParser(onRecord);
  let size = 0;
  let first = true;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    let bytes = chunk as Buffer;
    hash.update(bytes);
    size += bytes.length;
    if (first) {
      first = false;
      // A UTF-8 byte-order mark is tolerated whatever the encoding (exports made on Windows often carry one).
      if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
    }
    let text: string;
    try {
      text = decode.write(bytes);
    } catch {
      const at = firstInvalidUtf8(bytes);
      const line = parser.line + countNewlines(bytes, at === -1 ? bytes.length : at);
      throw new CsvError(
        line,
        1,
        'not valid UTF-8 text (if the export is GBK, import it with --encoding gbk)',
      );
    }
    parser.push(text);
  }
  let rest: string;
  try {
    rest = decode.end();
  } catch {
    throw new CsvError(parser.line, 1, 'the file ends inside a UTF-8 character (truncated?)');
  }
  parser.push(rest);
  parser.end();
  return { sha256: hash.digest('hex'), bytes: size };
}

/**
 * The record splitter: lines without quotes are split in place (one pass over the characters, the record pointing
 * into the chunk's text), the others go through a field-by-field state machine.
 */
class CsvParser {
  /** Line number of the next line to start (1-based). */
  line = 1;
  private carry = '';
  /** Fields of a quoted record that spans lines, while it is open. */
  private open: { fields: string[]; field: string; line: number } | null = null;
  private readonly record = new CsvRecord();

  constructor(private readonly onRecord: (record: CsvRecord, line: number) => void) {}

  push(text: string): void {
    if (text.length === 0) return;
    const data = this.carry + text;
    this.carry = '';
    const length = data.length;
    const record = this.record;
    let start = 0;
    scan: while (start < length) {
      if (this.open !== null) {
        const nl = data.indexOf('\n', start);
        if (nl === -1) break;
        this.lineOf(data, start, nl > start && data.charCodeAt(nl - 1) === 13 ? nl - 1 : nl, true);
        start = nl + 1;
        continue;
      }
      // A plain line: fields end at commas, the record at the line break; a quote sends it to lineOf.
      record.text = data;
      let count = 0;
      let fieldStart = start;
      for (let i = start; i < length; i++) {
        const ch = data.charCodeAt(i);
        if (ch === 44) {
          if (count + 1 >= record.starts.length) record.grow(count + 1);
          record.starts[count] = fieldStart;
          record.ends[count++] = i;
          fieldStart = i + 1;
        } else if (ch === 10) {
          const end = i > start && data.charCodeAt(i - 1) === 13 ? i - 1 : i;
          const line = this.line++;
          if (end === start) throw new CsvError(line, 1, 'empty line');
          record.starts[count] = fieldStart;
          record.ends[count++] = Math.max(end, fieldStart);
          record.count = count;
          this.onRecord(record, line);
          start = i + 1;
          continue scan;
        } else if (ch === 34) {
          const nl = data.indexOf('\n', i);
          if (nl === -1) break scan;
          this.lineOf(data, start, nl > start && data.charCodeAt(nl - 1) === 13 ? nl - 1 : nl, true);
          start = nl + 1;
          continue scan;
        }
      }
      break; // no line break yet: the rest waits for the next chunk
    }
    this.carry = data.slice(start);
  }

  end(): void {
    if (this.carry.length > 0) {
      const rest = this.carry;
      this.carry = '';
      this.lineOf(rest, 0, rest.length, false);
    }
    if (this.open)
      throw new CsvError(this.open.line, 1, 'a quoted field is not closed before the end of the file');
  }

  private lineOf(data: string, start: number, end: number, terminated: boolean): void {
    const line = this.line++;
    if (this.open === null) {
      if (start === end) {
        if (terminated) throw new CsvError(line, 1, 'empty line');
        return;
      }
      const text = data.slice(start, end);
      if (text.indexOf('"') === -1) {
        this.deliver(text.split(','), line);
        return;
      }
      this.open = { fields: [], field: '', line };
      this.quoted(text, 0, false);
    } else {
      // The line continues a quoted field: the line break belongs to the field.
      this.open.field += '\n';
      this.quoted(data.slice(start, end), 0, true);
    }
  }

  /** Parses the rest of a line that has (or is inside) a quoted field. */
  private quoted(text: string, from: number, inside: boolean): void {
    const open = this.open;
    if (!open) return;
    let i = from;
    let inQuotes = inside;
    let fieldStart = true;
    if (inside) fieldStart = false;
    while (i <= text.length) {
      if (inQuotes) {
        const q = text.indexOf('"', i);
        if (q === -1) {
          open.field += text.slice(i);
          return; // the field goes on on the next line
        }
        open.field += text.slice(i, q);
        if (text[q + 1] === '"') {
          open.field += '"';
          i = q + 2;
          continue;
        }
        inQuotes = false;
        i = q + 1;
        if (i < text.length && text[i] !== ',') {
          throw new CsvError(open.line, open.fields.length + 1, 'text after a closing quote');
        }
        continue;
      }
      if (i === text.length) break;
      const ch = text[i];
      if (ch === ',') {
        open.fields.push(open.field);
        open.field = '';
        fieldStart = true;
        i++;
        if (i === text.length) break;
        continue;
      }
      if (ch === '"') {
        if (!fieldStart)
          throw new CsvError(open.line, open.fields.length + 1, 'a quote inside an unquoted field');
        inQuotes = true;
        fieldStart = false;
        i++;
        continue;
      }
      const comma = text.indexOf(',', i);
      const stop = comma === -1 ? text.length : comma;
      const piece = text.slice(i, stop);
      if (piece.includes('"'))
        throw new CsvError(open.line, open.fields.length + 1, 'a quote inside an unquoted field');
      open.field += piece;
      fieldStart = false;
      i = stop;
    }
    open.fields.push(open.field);
    this.open = null;
    this.deliver(open.fields, open.line);
  }

  private deliver(fields: readonly string[], line: number): void {
    this.record.setFields(fields);
    this.onRecord(this.record, line);
  }
}

// ------------------------------------------------------------------------------------------------ writer

function quote(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Writes one CSV file (UTF-8, CRLF), counting rows and hashing the bytes as they are written. */
export class CsvWriter {
  /** Values of the current row, in column order; `end()` writes it (the generator's row-sink shape). */
  readonly v: (string | number | null)[] = [];
  rows = 0;
  private buffer = '';
  private readonly hash = createHash('sha256');
  private readonly fd: number;

  constructor(
    readonly path: string,
    header: readonly string[],
  ) {
    this.fd = openSync(path, 'w', 0o600);
    this.buffer = `${header.join(',')}\r\n`;
  }

  end(): void {
    let line = '';
    for (let i = 0; i < this.v.length; i++) {
      const value = this.v[i];
      if (i > 0) line += ',';
      if (value === null || value === undefined) continue;
      line += typeof value === 'number' ? String(value) : quote(value);
    }
    this.buffer += `${line}\r\n`;
    this.v.length = 0;
    this.rows++;
    if (this.buffer.length > 1 << 16) this.flushBuffer();
  }

  private flushBuffer(): void {
    const bytes = Buffer.from(this.buffer, 'utf8');
    this.hash.update(bytes);
    writeSync(this.fd, bytes);
    this.buffer = '';
  }

  /** Flushes, syncs and closes the file; returns its hash and row count. */
  close(): { sha256: string; rows: number } {
    this.flushBuffer();
    fsyncSync(this.fd);
    closeSync(this.fd);
    return { sha256: this.hash.digest('hex'), rows: this.rows };
  }
}
