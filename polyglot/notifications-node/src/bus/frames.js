// The TCP event-bus bridge's framing: each frame is a 4-byte big-endian length, then that many bytes of UTF-8 JSON.

/** The largest frame accepted from the bridge; a longer one means a broken or hostile peer. */
export const MAX_FRAME_BYTES = 16 * 1024 * 1024;

/** The frame types a client may send; anything else wedges the bridge's parser for good, so none leaves here. */
export const CLIENT_TYPES = new Set(['send', 'publish', 'register', 'unregister', 'ping']);

/** One frame as bytes. */
export function encodeFrame(frame) {
  if (!CLIENT_TYPES.has(frame.type)) {
    throw new TypeError(`not a frame type a bridge client sends: ${frame.type}`);
  }
  const json = Buffer.from(JSON.stringify(frame), 'utf8');
  const out = Buffer.allocUnsafe(4 + json.length);
  out.writeUInt32BE(json.length, 0);
  json.copy(out, 4);
  return out;
}

/**
 * Reassembles frames from the chunks a socket delivers: a frame may arrive in many chunks, and one chunk may hold
 * many frames. Calls onFrame with each parsed frame; throws on a length past the limit or JSON that does not parse.
 */
export class FrameDecoder {
  constructor(onFrame, maxFrameBytes = MAX_FRAME_BYTES) {
    this.onFrame = onFrame;
    this.maxFrameBytes = maxFrameBytes;
    this.buffer = Buffer.alloc(0);
  }

  push(chunk) {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    while (this.buffer.length >= 4) {
      const length = this.buffer.readUInt32BE(0);
      if (length > this.maxFrameBytes) {
        throw new RangeError(`a frame of ${length} bytes is past the limit of ${this.maxFrameBytes}`);
      }
      if (this.buffer.length < 4 + length) {
        return;
      }
      const json = this.buffer.subarray(4, 4 + length).toString('utf8');
      this.buffer = this.buffer.subarray(4 + length);
      this.onFrame(JSON.parse(json));
    }
  }
}
