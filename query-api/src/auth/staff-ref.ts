// Staff references: an employee's handle in the employer's staff list. It is the (unit, person) pair encrypted
// as one AES block under a server secret, so it means nothing outside the unit (the same person has unrelated
// references in two units), cannot be forged, and needs no table to resolve.
import { createCipheriv, createDecipheriv } from 'node:crypto';

export class StaffRefs {
  readonly #key: Buffer;

  constructor(secret: Buffer) {
    if (secret.length !== 32) throw new Error('staff reference secret must be 32 bytes');
    this.#key = secret;
  }

  encode(employerId: number, personId: number): string {
    const block = Buffer.alloc(16);
    block.writeBigUInt64BE(BigInt(employerId), 0);
    block.writeBigUInt64BE(BigInt(personId), 8);
    const cipher = createCipheriv('aes-256-ecb', this.#key, null).setAutoPadding(false);
    return Buffer.concat([cipher.update(block), cipher.final()]).toString('base64url');
  }

  /** The person behind a reference, or null when it is malformed or belongs to another unit. */
  decode(employerId: number, ref: string): number | null {
    if (!/^[A-Za-z0-9_-]{22}$/.test(ref)) return null;
    const data = Buffer.from(ref, 'base64url');
    if (data.length !== 16) return null;
    const decipher = createDecipheriv('aes-256-ecb', this.#key, null).setAutoPadding(false);
    const block = Buffer.concat([decipher.update(data), decipher.final()]);
    if (block.readBigUInt64BE(0) !== BigInt(employerId)) return null;
    const personId = block.readBigUInt64BE(8);
    return personId > BigInt(Number.MAX_SAFE_INTEGER) ? null : Number(personId);
  }
}
