import { isZeroValue, type FieldDescriptor, type MessageType } from '../client/wire.js';
import { base64, goJsonNumber, goJsonString } from '../core/encode.js';

/** protoc-gen-go's Go name for a proto identifier: response_put → ResponsePut. */
function goName(name: string): string {
  return name.replace(/(^|_)([a-z])/g, (_m, _u: string, c: string) => c.toUpperCase());
}

function isEmpty(f: FieldDescriptor, v: unknown): boolean {
  return f.repeated ? v === undefined || (v as unknown[]).length === 0 : isZeroValue(f, v);
}

function value(f: FieldDescriptor, v: unknown): string {
  if (f.kind === 'message') return goJson(f.message, v as object);
  // compat(etcdctl): Go's encoding/json prints enums as their numbers.
  if (f.kind === 'enum') return String(typeof v === 'number' ? v : f.enum.byName.get(v as string) ?? 0);
  switch (f.scalar) {
    case 'bytes':
      return `"${base64(v as Uint8Array)}"`;
    case 'string':
      return goJsonString(v as string);
    case 'bool':
      return v ? 'true' : 'false';
    default:
      return goJsonNumber(v as bigint | number);
  }
}

/**
 * Go's encoding/json of a gogo-protobuf struct: fields in declaration order under their proto
 * names, every zero value omitted (omitempty), bytes in base64, 64-bit integers exact, and a
 * oneof as {"<OneofGoName>":{"<FieldGoName>":…}} at the place of its first member.
 */
export function goJson<T extends object>(type: MessageType<T>, msg: T): string {
  const m = msg as Record<string, unknown>;
  const parts: string[] = [];
  const seenOneofs = new Set<string>();
  for (const f of type.fields) {
    if (f.oneof !== undefined) {
      if (seenOneofs.has(f.oneof)) continue;
      seenOneofs.add(f.oneof);
      const member = type.fields.find((o) => o.oneof === f.oneof && m[o.name] !== undefined);
      // compat(etcdctl): the oneof interface field has no omitempty in the Go struct.
      const inner = member === undefined ? 'null' : `{"${goName(member.name)}":${value(member, m[member.name])}}`;
      parts.push(`"${goName(f.oneof)}":${inner}`);
      continue;
    }
    const v = m[f.name];
    if (isEmpty(f, v)) continue;
    const text = f.repeated ? `[${(v as unknown[]).map((item) => value(f, item)).join(',')}]` : value(f, v);
    parts.push(`"${f.name}":${text}`);
  }
  return `{${parts.join(',')}}`;
}
