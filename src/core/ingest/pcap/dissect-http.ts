/**
 * HTTP/1.x over TCP, with tshark's default reassembly (headers and bodies): a message's fields go on the
 * frame that completes it (the last segment of its headers and body), the segments before it show only
 * TCP. Bodies are delimited by Content-Length or chunked coding; a response with neither runs to the end
 * of the connection. Segments are joined in sequence order; a gap (a segment lost before the capture or
 * out of order) drops the message, reported, rather than guessed.
 */
import { COL } from './users-layout.ts';
import type { Dissection } from './dissection.ts';

const METHODS = ['GET', 'POST', 'HEAD', 'PUT', 'DELETE', 'OPTIONS', 'PATCH', 'TRACE', 'CONNECT'];

/** One direction's bytes not yet turned into messages. */
export interface HttpFlow {
  /** Bytes held for reassembly: a view of the start of `store` (which has room to grow into). */
  pending: Uint8Array | null;
  store: Uint8Array | null;
  /** How many bytes `pending` must reach before parsing again is worth it (a body of known length); 0 = any. */
  need: number;
  /** Raw sequence number expected next when pending. */
  nextSeq: number;
  /**
   * The method of the conversation's latest request (set on both directions): tshark reads a response as
   * the answer to it, so one to HEAD has no body whatever its Content-Length.
   */
  lastMethod: string;
  /** A request was seen in this conversation (either direction): tshark then calls what it cannot parse a continuation. */
  sawRequest: boolean;
}

export function newHttpFlow(): HttpFlow {
  return { pending: null, store: null, need: 0, nextSeq: 0, lastMethod: '', sawRequest: false };
}

const dec = new TextDecoder('latin1');

/** Media types whose bodies tshark 4.0 hands to a named dissector; the rest go to `media`. */
const MEDIA: ReadonlyMap<string, string> = new Map([
  ['text/html', 'data-text-lines'],
  ['text/plain', 'data-text-lines'],
  ['text/css', 'data-text-lines'],
  ['text/xml', 'xml'],
  ['application/xml', 'xml'],
  ['application/json', 'json'],
  ['application/x-www-form-urlencoded', 'urlencoded-form'],
  ['multipart/form-data', 'mime_multipart'],
]);

function isRequestLine(s: string): boolean {
  const sp = s.indexOf(' ');
  return sp > 0 && METHODS.includes(s.slice(0, sp));
}

function isResponseLine(s: string): boolean {
  return /^HTTP\/\d\.\d \d{3}/.test(s);
}

/**
 * Finds the end of a header block: the index after its first empty line, or -1. Lines end as Wireshark's
 * tvb_find_line_end ends them: CR LF, LF, or a CR alone; a CR that ends the data may yet be followed by LF.
 */
function emptyLine(b: Uint8Array, from: number): number {
  let p = from;
  for (;;) {
    let i = p;
    while (i < b.length && b[i] !== 0x0a) i++;
    if (i >= b.length) return -1;
    const next = i + 1;
    if (i === p || (i === p + 1 && b[p] === 0x0d)) return next;
    p = next;
  }
}

const headerEnd = emptyLine;

/** Length of a chunked body starting at `at` (through the last chunk and trailers), or -1 if incomplete. */
function chunkedLength(b: Uint8Array, at: number): { len: number; data: number } | null {
  let p = at;
  let data = 0;
  for (;;) {
    let nl = b.indexOf(0x0a, p);
    if (nl < 0) return null;
    const size = parseInt(dec.decode(b.subarray(p, nl)).trim().split(';')[0], 16);
    if (!Number.isFinite(size)) return null;
    p = nl + 1;
    if (size === 0) {
      // trailers until an empty line
      for (;;) {
        nl = b.indexOf(0x0a, p);
        if (nl < 0) return null;
        const empty = nl === p || (nl === p + 1 && b[p] === 0x0d);
        p = nl + 1;
        if (empty) return { len: p - at, data };
      }
    }
    if (p + size + 1 > b.length) return null;
    p += size;
    data += size;
    if (b[p] === 0x0d) p++;
    if (b[p] !== 0x0a) return null;
    p++;
  }
}

interface Message {
  readonly firstLine: string;
  readonly headers: Map<string, string>;
}

function parseHeaders(b: Uint8Array, start: number, end: number): Message {
  const text = dec.decode(b.subarray(start, end));
  const lines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  const headers = new Map<string, string>();
  for (let i = 1; i < lines.length; i++) {
    const l = lines[i];
    const c = l.indexOf(':');
    if (c <= 0) continue;
    const name = l.slice(0, c).trim().toLowerCase();
    if (!headers.has(name)) headers.set(name, l.slice(c + 1).trim());
  }
  return { firstLine: lines[0], headers };
}

/**
 * Dissects one segment's payload. `fin` says the segment closes its direction (ends a body that runs to
 * the end of the connection). `seq` is the raw sequence number of payload[0].
 */
export function dissectHttp(
  d: Dissection,
  flow: HttpFlow,
  other: HttpFlow,
  payload: Uint8Array,
  seq: number,
  fin: boolean,
): void {
  let buf = payload;
  if (flow.pending) {
    if (seq !== flow.nextSeq) {
      // A retransmission of bytes already held, or a gap: tshark would not guess either.
      if (((seq + payload.length - flow.nextSeq) | 0) <= 0) return;
      d.issue('http-unreassembled', 'an HTTP message has a gap in its TCP segments; its fields are left empty');
      flow.pending = null;
      flow.need = 0;
    } else {
      buf = append(flow, payload);
      if (flow.need > buf.length) {
        // Still inside a body of known length: nothing to parse yet.
        flow.nextSeq = (seq + payload.length) >>> 0;
        return;
      }
    }
  }
  let p = 0;
  let layered = false;
  while (p < buf.length) {
    const lineEnd = buf.indexOf(0x0a, p);
    const line = dec.decode(buf.subarray(p, lineEnd < 0 ? Math.min(buf.length, p + 64) : lineEnd)).replace(/\r$/, '');
    const request = isRequestLine(line);
    const response = !request && isResponseLine(line);
    if (!request && !response) {
      // Not the start of a message (the capture began mid-body, or a body tshark could not delimit).
      notAMessage(d, flow, buf, p, seq, payload.length, layered);
      return;
    }
    const he = headerEnd(buf, p);
    if (he < 0) {
      keep(flow, buf, p, seq, payload.length);
      return;
    }
    const msg = parseHeaders(buf, p, he);
    let bodyLen = 0;
    let bodyData = 0;
    const cl = msg.headers.get('content-length');
    const te = msg.headers.get('transfer-encoding');
    let toFin = false;
    const status = response ? Number(line.slice(9, 12)) : 0;
    const headResponse = response && flow.lastMethod === 'HEAD';
    if (response && (headResponse || status < 200 || status === 204 || status === 304)) {
      bodyLen = 0;
    } else if (te && /chunked/i.test(te)) {
      const c = chunkedLength(buf, he);
      if (!c) {
        keep(flow, buf, p, seq, payload.length);
        return;
      }
      bodyLen = c.len;
      bodyData = c.data;
    } else if (cl !== undefined && /^\d+$/.test(cl)) {
      bodyLen = Number(cl);
      bodyData = bodyLen;
      if (he + bodyLen > buf.length) {
        keep(flow, buf, p, seq, payload.length, he + bodyLen - p);
        return;
      }
    } else if (response) {
      toFin = true;
      if (!fin) {
        keep(flow, buf, p, seq, payload.length);
        return;
      }
      bodyLen = buf.length - he;
      bodyData = bodyLen;
    }
    if (request) {
      flow.lastMethod = other.lastMethod = line.slice(0, line.indexOf(' '));
      flow.sawRequest = other.sawRequest = true;
    }
    // One `http` in frame.protocols however many messages the segment holds (one call of the dissector).
    writeMessage(d, msg, request, bodyData, layered ? '' : 'http');
    layered = true;
    p = he + bodyLen;
    if (toFin) break;
  }
  flow.pending = null;
  flow.store = null;
  flow.need = 0;
}

/** Appends a segment to the bytes held (growing the store by doubling); returns them all. */
function append(flow: HttpFlow, payload: Uint8Array): Uint8Array {
  const held = flow.pending as Uint8Array;
  const n = held.length + payload.length;
  let store = flow.store as Uint8Array;
  if (n > store.length) {
    const bigger = new Uint8Array(Math.max(n, store.length * 2));
    bigger.set(held);
    store = bigger;
    flow.store = store;
  }
  store.set(payload, held.length);
  flow.pending = store.subarray(0, n);
  return flow.pending;
}

/**
 * Where a segment does not start a request or response, tshark 4.0 (dissect_http_message) says: a binary
 * first byte is a continuation (http, data) if the conversation has had a request, else nothing of HTTP;
 * a first line without its end is held for more segments; otherwise lines that look like headers (a colon)
 * up to a blank line make an HTTP message with the rest as its body, and a first line that is not a header
 * is, again, a continuation or nothing.
 */
function notAMessage(
  d: Dissection,
  flow: HttpFlow,
  buf: Uint8Array,
  p: number,
  seq: number,
  payloadLen: number,
  layered: boolean,
): void {
  const c0 = buf[p];
  const continuation = flow.sawRequest;
  flow.pending = null;
  if (c0 < 0x20 || c0 > 0x7e) {
    if (continuation) {
      if (!layered) d.f.layer('http');
      d.f.layer('data');
    }
    return;
  }
  if (lineEnd(buf, p, true) < 0) {
    // No whole first line: tshark asks TCP for more and tries again on the joined bytes.
    keep(flow, buf, p, seq, payloadLen);
    return;
  }
  let o = p;
  while (o < buf.length) {
    const end = lineEnd(buf, o, false);
    const next = lineNext;
    if (end === o) {
      o = next;
      break;
    }
    if (buf.subarray(o, end).indexOf(0x3a) < 0) break;
    o = next;
  }
  if (o === p && !continuation) return;
  if (!layered) d.f.layer('http');
  if (o < buf.length) d.f.layer('data');
}

/** Set by lineEnd: where the next line starts. */
let lineNext = 0;

/**
 * Wireshark's tvb_find_line_end: the end of the line starting at `from` (CR LF, LF or a lone CR end it),
 * with `lineNext` set to the next line's start. With `desegment`, a line with no end, or a CR that is the
 * last byte, gives -1; without, the data's end ends the line.
 */
function lineEnd(b: Uint8Array, from: number, desegment: boolean): number {
  let i = from;
  while (i < b.length && b[i] !== 0x0a && b[i] !== 0x0d) i++;
  if (i >= b.length) {
    if (desegment) return -1;
    lineNext = b.length;
    return b.length;
  }
  if (b[i] === 0x0d) {
    if (i + 1 >= b.length) {
      if (desegment) return -1;
    } else if (b[i + 1] === 0x0a) {
      lineNext = i + 2;
      return i;
    }
  }
  lineNext = i + 1;
  return i;
}

function keep(flow: HttpFlow, buf: Uint8Array, from: number, seq: number, payloadLen: number, need = 0): void {
  if (from !== 0 || buf !== flow.pending) {
    // The segment's bytes are the reader's (valid during this call only): copy what is held.
    const n = buf.length - from;
    const store = new Uint8Array(Math.max(256, 2 * n));
    store.set(buf.subarray(from));
    flow.store = store;
    flow.pending = store.subarray(0, n);
  }
  flow.need = need;
  flow.nextSeq = (seq + payloadLen) >>> 0;
}

/** SSDP is HTTP over UDP, one message a datagram; tshark names it `ssdp` and fills the http fields. */
export function dissectSsdp(d: Dissection, payload: Uint8Array): void {
  const lineEnd = payload.indexOf(0x0a);
  const line = dec.decode(payload.subarray(0, lineEnd < 0 ? Math.min(payload.length, 64) : lineEnd)).replace(/\r$/, '');
  const request = /^[A-Z-]+ \S+ HTTP\/\d\.\d$/.test(line);
  if (!request && !isResponseLine(line)) {
    d.f.layer('ssdp');
    return;
  }
  const he = headerEnd(payload, 0);
  const msg = parseHeaders(payload, 0, he < 0 ? payload.length : he);
  writeMessage(d, msg, request, 0, 'ssdp');
}

/** Writes a message's fields; `layer` ('' for none) goes to frame.protocols first. */
function writeMessage(d: Dissection, msg: Message, request: boolean, bodyData: number, layer: string): void {
  const f = d.f;
  if (layer) f.layer(layer);
  const h = msg.headers;
  if (request) {
    const parts = msg.firstLine.split(' ');
    const method = parts[0];
    const uri = parts.slice(1, -1).join(' ');
    const version = parts.length >= 3 ? parts[parts.length - 1] : '';
    f.setText(COL['http.request.method'], method);
    f.setText(COL['http.request.uri'], uri);
    if (version) f.setText(COL['http.request.version'], version);
    // tshark builds the full URI only from a Host header: an absolute URI (or CONNECT's) as it is.
    const host = h.get('host');
    if (host !== undefined) {
      const absolute = /^https?:\/\//i.test(uri) || method === 'CONNECT';
      f.setText(COL['http.request.full_uri'], absolute ? uri : `http://${host}${uri}`);
    }
  } else {
    f.setText(COL['http.response.code'], msg.firstLine.slice(9, 12));
  }
  const pairs: [string, number][] = [
    ['user-agent', COL['http.user_agent']],
    ['content-length', COL['http.content_length_header']],
    ['content-type', COL['http.content_type']],
    ['cookie', COL['http.cookie']],
    ['host', COL['http.host']],
    ['referer', COL['http.referer']],
    ['location', COL['http.location']],
    ['authorization', COL['http.authorization']],
    ['connection', COL['http.connection']],
  ];
  for (const [name, col] of pairs) {
    const v = h.get(name);
    if (v !== undefined) f.setText(col, v);
  }
  if (bodyData > 0) {
    const ct = h.get('content-type');
    const type = ct?.split(';')[0].trim().toLowerCase();
    f.layer(type === undefined ? 'data' : (MEDIA.get(type) ?? 'media'));
  }
}
