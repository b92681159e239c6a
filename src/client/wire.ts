/**
 * Protobuf wire format, driven by the descriptors that scripts/gen-proto.mjs generates from
 * proto/. A descriptor-driven codec keeps generated code to data (field tables) and lets every
 * 64-bit number travel as a bigint, which protobufjs' static code cannot do without Long objects.
 */

/** Scalar kinds used by etcd's API. */
export type ScalarKind = 'int64' | 'uint64' | 'int32' | 'uint32' | 'bool' | 'string' | 'bytes';

export interface EnumType {
  readonly name: string;
  readonly byNumber: ReadonlyMap<number, string>;
  readonly byName: ReadonlyMap<string, number>;
}

export type FieldKind =
  | { readonly kind: 'scalar'; readonly scalar: ScalarKind }
  | { readonly kind: 'enum'; readonly enum: EnumType }
  | { readonly kind: 'message'; readonly message: MessageType<object> };

export type FieldDescriptor = FieldKind & {
  readonly no: number;
  readonly name: string;
  readonly repeated: boolean;
  /** Name of the oneof this field belongs to, as written in the .proto. */
  readonly oneof?: string;
};

/** A message type: its full name and its fields in .proto declaration order. */
export interface MessageType<T extends object> {
  readonly name: string;
  readonly fields: readonly FieldDescriptor[];
  /** Phantom member carrying the decoded TypeScript type; never set at run time. */
  readonly __type?: T;
}

/**
 * What callers may pass to encode: every field optional, recursively. Decoded messages are
 * assignable to it, so a response can be sent back as a request.
 */
export type Init<T> = T extends Uint8Array
  ? Uint8Array
  : T extends bigint | number | string | boolean
    ? T
    : T extends readonly (infer U)[]
      ? readonly Init<U>[]
      : T extends object
        ? { readonly [K in keyof T]?: Init<T[K]> | undefined }
        : T;

type FieldType = ScalarKind | MessageType<object> | EnumType;
type RawField = readonly [no: number, name: string, type: FieldType, flags?: 'repeated', oneof?: string];

/**
 * Builds a MessageType from the compact table the generator writes. The table is a thunk so
 * messages can refer to each other (RequestOp ↔ TxnRequest) regardless of declaration order.
 */
export function messageType<T extends object>(name: string, table: () => readonly RawField[]): MessageType<T> {
  let fields: FieldDescriptor[] | undefined;
  return {
    name,
    get fields(): readonly FieldDescriptor[] {
      fields ??= table().map(([no, fieldName, type, flags, oneof]) => {
        const base = { no, name: fieldName, repeated: flags === 'repeated', ...(oneof === undefined ? {} : { oneof }) };
        if (typeof type === 'string') return { ...base, kind: 'scalar', scalar: type };
        return 'fields' in type ? { ...base, kind: 'message', message: type } : { ...base, kind: 'enum', enum: type };
      });
      return fields;
    },
  };
}

export function enumType(name: string, values: readonly (readonly [string, number])[]): EnumType {
  return {
    name,
    byNumber: new Map(values.map(([n, v]) => [v, n])),
    byName: new Map(values),
  };
}

/** One RPC: its path and message types; the flags say which side streams. */
export interface Method<Req extends object, Res extends object, ClientStream extends boolean, ServerStream extends boolean> {
  readonly path: string;
  readonly requestType: MessageType<Req>;
  readonly responseType: MessageType<Res>;
  readonly clientStream: ClientStream;
  readonly serverStream: ServerStream;
}

const EMPTY = new Uint8Array(0);
const utf8 = new TextEncoder();
const utf8Decoder = new TextDecoder('utf-8');

// ---------------------------------------------------------------------------------------------
// Encoding

/**
 * One growing buffer per encode. A nested message (or packed field) is written in place after a
 * one-byte length placeholder and its length patched in afterwards, moving the body when the
 * length needs more than one byte: a Writer per nested message (a 256-byte buffer each, then a
 * copy into the parent) made a 128-key import batch cost hundreds of allocations.
 */
class Writer {
  private buf = new Uint8Array(256);
  len = 0;

  private reserve(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  varint(v: number): void {
    this.reserve(10);
    while (v > 0x7f) {
      this.buf[this.len++] = (v & 0x7f) | 0x80;
      v = Math.floor(v / 128);
    }
    this.buf[this.len++] = v;
  }

  varint64(v: bigint): void {
    let u = BigInt.asUintN(64, v);
    if (u < 0x20000000000000n) {
      this.varint(Number(u));
      return;
    }
    this.reserve(10);
    while (u > 0x7fn) {
      this.buf[this.len++] = Number(u & 0x7fn) | 0x80;
      u >>= 7n;
    }
    this.buf[this.len++] = Number(u);
  }

  bytes(b: Uint8Array): void {
    this.varint(b.length);
    this.reserve(b.length);
    const buf = this.buf;
    let o = this.len;
    // Short keys and values by hand: set() is a native call, dearer than the copy below ~64 bytes.
    if (b.length < 64) for (let i = 0; i < b.length; i++) buf[o++] = b[i]!;
    else {
      buf.set(b, o);
      o += b.length;
    }
    this.len = o;
  }

  /** Starts a length-delimited body: a one-byte placeholder; returns where the body starts. */
  open(): number {
    this.reserve(1);
    this.len++;
    return this.len;
  }

  /** Ends the body begun at `start`: writes its length before it, moving it when that takes more than a byte. */
  close(start: number): void {
    const n = this.len - start;
    if (n < 0x80) {
      this.buf[start - 1] = n;
      return;
    }
    let extra = 0;
    for (let v = n >>> 7; v > 0; v >>>= 7) extra++;
    this.reserve(extra);
    const buf = this.buf;
    buf.copyWithin(start + extra, start, this.len);
    let o = start - 1;
    let v = n;
    while (v > 0x7f) {
      buf[o++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    buf[o] = v;
    this.len += extra;
  }

  finish(): Uint8Array {
    return this.buf.subarray(0, this.len);
  }
}

const WIRE_VARINT = 0;
const WIRE_I64 = 1;
const WIRE_LEN = 2;
const WIRE_I32 = 5;

function isPacked(f: FieldDescriptor): boolean {
  return f.repeated && f.kind !== 'message' && !(f.kind === 'scalar' && (f.scalar === 'string' || f.scalar === 'bytes'));
}

function writeScalar(w: Writer, kind: ScalarKind, v: unknown): void {
  switch (kind) {
    case 'int64':
    case 'uint64':
      w.varint64(typeof v === 'bigint' ? v : BigInt(v as number));
      return;
    case 'int32':
      // Negative int32 values are sign-extended to 64 bits on the wire.
      if ((v as number) < 0) w.varint64(BigInt(v as number));
      else w.varint(v as number);
      return;
    case 'uint32':
      w.varint((v as number) >>> 0);
      return;
    case 'bool':
      w.varint(v ? 1 : 0);
      return;
    case 'string':
      w.bytes(utf8.encode(v as string));
      return;
    case 'bytes':
      w.bytes(v as Uint8Array);
      return;
  }
}

function enumNumber(e: EnumType, v: unknown): number {
  if (typeof v === 'number') return v;
  const n = e.byName.get(v as string);
  if (n === undefined) throw new TypeError(`unknown ${e.name} value ${String(v)}`);
  return n;
}

/**
 * Whether a single (non-repeated) field value is its proto3 zero: absent, 0, false, empty.
 * A present sub-message is never zero. Used by the encoder and by the Go-JSON writer (omitempty).
 */
export function isZeroValue(f: FieldDescriptor, v: unknown): boolean {
  if (v === undefined || v === null) return true;
  if (f.kind === 'message') return false;
  if (f.kind === 'enum') return enumNumber(f.enum, v) === 0;
  switch (f.scalar) {
    case 'bytes':
      return (v as Uint8Array).length === 0;
    case 'string':
      return v === '';
    case 'bool':
      return v === false;
    default:
      return v === 0 || v === 0n;
  }
}

function writeMessage(w: Writer, type: MessageType<object>, msg: object): void {
  const m = msg as Record<string, unknown>;
  for (const f of type.fields) {
    const v = m[f.name];
    if (f.repeated) {
      const items = v as readonly unknown[] | undefined;
      if (items === undefined || items.length === 0) continue;
      if (isPacked(f)) {
        w.varint((f.no << 3) | WIRE_LEN);
        const start = w.open();
        for (const item of items) writeValue(w, f, item);
        w.close(start);
      } else {
        for (const item of items) writeField(w, f, item);
      }
    } else if (v !== undefined && (f.oneof !== undefined || !isZeroValue(f, v))) {
      // A set oneof member is sent even when it is zero.
      writeField(w, f, v);
    }
  }
}

function writeField(w: Writer, f: FieldDescriptor, v: unknown): void {
  const wire = f.kind === 'message' || (f.kind === 'scalar' && (f.scalar === 'string' || f.scalar === 'bytes')) ? WIRE_LEN : WIRE_VARINT;
  w.varint((f.no << 3) | wire);
  writeValue(w, f, v);
}

function writeValue(w: Writer, f: FieldDescriptor, v: unknown): void {
  if (f.kind === 'message') {
    const start = w.open();
    writeMessage(w, f.message, v as object);
    w.close(start);
  } else if (f.kind === 'enum') {
    w.varint(enumNumber(f.enum, v));
  } else {
    writeScalar(w, f.scalar, v);
  }
}

/** Encodes a message; fields left out take their proto3 defaults. */
export function encode<T extends object>(type: MessageType<T>, msg: Init<T>): Uint8Array {
  const w = new Writer();
  writeMessage(w, type, msg as object);
  return w.finish();
}

// ---------------------------------------------------------------------------------------------
// Decoding

class Reader {
  pos: number;
  constructor(
    readonly buf: Uint8Array,
    start: number,
    /** Where the message being read ends; narrowed while a nested one is read (see nested). */
    public end: number,
  ) {
    this.pos = start;
  }

  /**
   * Reads a length-delimited nested message with `read`, in this reader narrowed to its bytes:
   * no view and no Reader per nested message (a txn response has hundreds).
   */
  nested<T>(read: (r: Reader) => T): T {
    const n = this.varint();
    const end = this.pos + n;
    if (end > this.end) this.truncated();
    const outer = this.end;
    this.end = end;
    try {
      return read(this);
    } finally {
      this.end = outer;
      this.pos = end;
    }
  }

  private truncated(): never {
    throw new RangeError('protobuf: message truncated');
  }

  /** A varint that fits a JS number exactly (lengths, tags, 32-bit fields, small 64-bit values). */
  varint(): number {
    let result = 0;
    let shift = 1;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) this.truncated();
      const b = this.buf[this.pos++]!;
      result += (b & 0x7f) * shift;
      if (b < 0x80) return result;
      shift *= 128;
    }
    throw new RangeError('protobuf: varint too long');
  }

  varint64(): bigint {
    const start = this.pos;
    // Fast path: up to 7 bytes (49 bits) is exact as a number.
    let result = 0;
    let shift = 1;
    for (let i = 0; i < 7 && this.pos < this.end; i++) {
      const b = this.buf[this.pos++]!;
      result += (b & 0x7f) * shift;
      if (b < 0x80) return BigInt(result);
      shift *= 128;
    }
    this.pos = start;
    let big = 0n;
    let s = 0n;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) this.truncated();
      const b = this.buf[this.pos++]!;
      big |= BigInt(b & 0x7f) << s;
      if (b < 0x80) return BigInt.asUintN(64, big);
      s += 7n;
    }
    throw new RangeError('protobuf: varint too long');
  }

  lengthDelimited(): Uint8Array {
    const n = this.varint();
    if (this.pos + n > this.end) this.truncated();
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  skip(wire: number): void {
    switch (wire) {
      case WIRE_VARINT:
        this.varint64();
        return;
      case WIRE_I64:
        this.pos += 8;
        break;
      case WIRE_LEN:
        this.lengthDelimited();
        return;
      case WIRE_I32:
        this.pos += 4;
        break;
      default:
        throw new RangeError(`protobuf: unsupported wire type ${wire}`);
    }
    if (this.pos > this.end) this.truncated();
  }
}

function readScalar(r: Reader, kind: ScalarKind): unknown {
  switch (kind) {
    case 'int64':
      return BigInt.asIntN(64, r.varint64());
    case 'uint64':
      return r.varint64();
    case 'int32':
      return Number(BigInt.asIntN(32, r.varint64()));
    case 'uint32':
      return Number(BigInt.asUintN(32, r.varint64()));
    case 'bool':
      return r.varint() !== 0;
    case 'string':
      return utf8Decoder.decode(r.lengthDelimited());
    case 'bytes':
      // Copy: the receive buffer belongs to the transport and may be reused.
      return Uint8Array.prototype.slice.call(r.lengthDelimited());
  }
}

function readValue(r: Reader, f: FieldDescriptor): unknown {
  if (f.kind === 'message') {
    return r.nested((inner) => readMessage(inner, f.message));
  }
  if (f.kind === 'enum') {
    const n = Number(BigInt.asIntN(32, r.varint64()));
    return f.enum.byNumber.get(n) ?? n;
  }
  return readScalar(r, f.scalar);
}

function defaultValue(f: FieldDescriptor): unknown {
  if (f.repeated) return [];
  if (f.oneof !== undefined || f.kind === 'message') return undefined;
  if (f.kind === 'enum') return f.enum.byNumber.get(0);
  switch (f.scalar) {
    case 'int64':
    case 'uint64':
      return 0n;
    case 'int32':
    case 'uint32':
      return 0;
    case 'bool':
      return false;
    case 'string':
      return '';
    case 'bytes':
      return EMPTY;
  }
}

/** What decoding a message type needs, worked out once per type. */
interface DecodePlan {
  /** Fields by number (etcd's numbers are small): an array lookup per field on the wire. */
  readonly byNo: readonly (FieldDescriptor | undefined)[];
  /** For a oneof member, the names of the other members of its oneof, cleared when it is read. */
  readonly others: readonly (readonly string[] | undefined)[];
  /** Every field at its default but repeated ones: copied to start each message (one shape per type). */
  readonly template: Readonly<Record<string, unknown>>;
  /** Names of the repeated fields, each given a fresh array. */
  readonly lists: readonly string[];
}

const plans = new WeakMap<MessageType<object>, DecodePlan>();

function planOf(type: MessageType<object>): DecodePlan {
  let plan = plans.get(type);
  if (plan === undefined) {
    const fields = type.fields;
    const byNo: (FieldDescriptor | undefined)[] = [];
    const others: (readonly string[] | undefined)[] = [];
    for (const f of fields) {
      byNo[f.no] = f;
      if (f.oneof !== undefined) others[f.no] = fields.filter((o) => o.oneof === f.oneof && o !== f).map((o) => o.name);
    }
    const template: Record<string, unknown> = {};
    for (const f of fields) template[f.name] = f.repeated ? undefined : defaultValue(f);
    plan = { byNo, others, template, lists: fields.filter((f) => f.repeated).map((f) => f.name) };
    plans.set(type, plan);
  }
  return plan;
}

function readMessage(r: Reader, type: MessageType<object>): object {
  const plan = planOf(type);
  const out: Record<string, unknown> = { ...plan.template };
  for (const name of plan.lists) out[name] = [];
  while (r.pos < r.end) {
    const tag = r.varint();
    const wire = tag & 7;
    const no = tag >>> 3;
    const f = plan.byNo[no];
    if (f === undefined) {
      r.skip(wire);
      continue;
    }
    if (f.repeated) {
      const list = out[f.name] as unknown[];
      if (wire === WIRE_LEN && isPacked(f)) {
        r.nested((inner) => {
          while (inner.pos < inner.end) list.push(readValue(inner, f));
        });
      } else {
        list.push(readValue(r, f));
      }
    } else {
      // A later oneof member replaces an earlier one.
      const others = plan.others[no];
      if (others !== undefined) for (const name of others) out[name] = undefined;
      out[f.name] = readValue(r, f);
    }
  }
  return out;
}

/** Decodes a message; absent fields get proto3 defaults, absent sub-messages are undefined. */
export function decode<T extends object>(type: MessageType<T>, buf: Uint8Array): T {
  return readMessage(new Reader(buf, 0, buf.length), type) as T;
}
