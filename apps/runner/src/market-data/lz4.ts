/**
 * LZ4 frame-format decoder (https://github.com/lz4/lz4/blob/dev/doc/lz4_Frame_format.md).
 *
 * Only decoding: pandas' `to_feather()` and freqtrade's FeatherDataHandler write feather files
 * with LZ4_FRAME body compression by default, and apache-arrow's JS reader needs a codec for
 * that (it ships none). Checksums are skipped, not verified (Arrow IPC frames carry no
 * content checksum by default and the IPC layer checks buffer lengths anyway).
 */

const FRAME_MAGIC = 0x184d2204;
const SKIPPABLE_MAGIC_MASK = 0xfffffff0;
const SKIPPABLE_MAGIC = 0x184d2a50;

export class Lz4FormatError extends Error {
  constructor(message: string) {
    super(`invalid LZ4 frame: ${message}`);
    this.name = "Lz4FormatError";
  }
}

/** Decodes one or more concatenated LZ4 frames. `sizeHint` pre-sizes the output buffer. */
export function lz4FrameDecode(src: Uint8Array, sizeHint = 0): Uint8Array {
  const out = new GrowableBytes(Math.max(sizeHint, src.length * 3, 64));
  let ip = 0;
  while (ip < src.length) {
    if (ip + 4 > src.length) throw new Lz4FormatError("truncated magic number");
    const magic = readU32(src, ip);
    ip += 4;
    if ((magic & SKIPPABLE_MAGIC_MASK) >>> 0 === SKIPPABLE_MAGIC) {
      ip += 4 + readU32(src, ip);
      continue;
    }
    if (magic !== FRAME_MAGIC) throw new Lz4FormatError(`bad magic number 0x${magic.toString(16)}`);
    const flg = src[ip];
    if (flg >> 6 !== 1) throw new Lz4FormatError(`unsupported frame version ${flg >> 6}`);
    const blockChecksum = (flg & 0x10) !== 0;
    const contentSize = (flg & 0x08) !== 0;
    const contentChecksum = (flg & 0x04) !== 0;
    const dictId = (flg & 0x01) !== 0;
    if (dictId) throw new Lz4FormatError("frames with a dictionary id are not supported");
    ip += 2; // FLG, BD
    if (contentSize) {
      const size = readU32(src, ip) + readU32(src, ip + 4) * 4294967296;
      out.reserve(size);
      ip += 8;
    }
    ip += 1; // header checksum
    for (;;) {
      if (ip + 4 > src.length) throw new Lz4FormatError("truncated block header");
      const header = readU32(src, ip);
      ip += 4;
      if (header === 0) break; // EndMark
      const size = header & 0x7fffffff;
      if (ip + size > src.length) throw new Lz4FormatError("truncated block");
      if ((header & 0x80000000) !== 0) out.append(src, ip, size);
      else decodeBlock(src, ip, ip + size, out);
      ip += size + (blockChecksum ? 4 : 0);
    }
    if (contentChecksum) ip += 4;
  }
  return out.result();
}

/** Decodes one LZ4 block (sequences of literals + matches) into `out`. */
function decodeBlock(src: Uint8Array, start: number, end: number, out: GrowableBytes): void {
  let ip = start;
  while (ip < end) {
    const token = src[ip++];
    let literalLength = token >>> 4;
    if (literalLength === 15) {
      let b: number;
      do {
        b = src[ip++];
        literalLength += b;
      } while (b === 255 && ip < end);
    }
    if (ip + literalLength > end) throw new Lz4FormatError("literal run past end of block");
    out.append(src, ip, literalLength);
    ip += literalLength;
    if (ip >= end) break; // the last sequence carries literals only
    const offset = src[ip] | (src[ip + 1] << 8);
    ip += 2;
    if (offset === 0 || offset > out.length) throw new Lz4FormatError(`bad match offset ${offset}`);
    let matchLength = token & 15;
    if (matchLength === 15) {
      let b: number;
      do {
        b = src[ip++];
        matchLength += b;
      } while (b === 255 && ip < end);
    }
    out.copyWithin(offset, matchLength + 4);
  }
}

function readU32(src: Uint8Array, at: number): number {
  return (src[at] | (src[at + 1] << 8) | (src[at + 2] << 16) | (src[at + 3] << 24)) >>> 0;
}

class GrowableBytes {
  private buf: Uint8Array;
  length = 0;

  constructor(capacity: number) {
    this.buf = new Uint8Array(capacity);
  }

  reserve(total: number): void {
    if (total <= this.buf.length) return;
    const next = new Uint8Array(Math.max(total, this.buf.length * 2));
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }

  append(src: Uint8Array, from: number, count: number): void {
    this.reserve(this.length + count);
    this.buf.set(src.subarray(from, from + count), this.length);
    this.length += count;
  }

  /** Copies `count` bytes starting `offset` bytes back; the ranges may overlap (LZ77 repeat). */
  copyWithin(offset: number, count: number): void {
    this.reserve(this.length + count);
    const buf = this.buf;
    let from = this.length - offset;
    let to = this.length;
    if (offset >= count) {
      buf.copyWithin(to, from, from + count);
    } else {
      for (let i = 0; i < count; i++) buf[to++] = buf[from++];
    }
    this.length += count;
  }

  result(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}
