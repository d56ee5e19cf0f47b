// A client of Vert.x's TCP event-bus bridge: request/reply, send, publish, and answering on registered addresses,
// over one socket that it keeps open (pings) and opens again when it drops (backoff with jitter), registering its
// addresses again each time. There is no maintained npm client for the TCP bridge, so this is ours.

import { EventEmitter } from 'node:events';
import net from 'node:net';
import tls from 'node:tls';
import { randomUUID } from 'node:crypto';
import { encodeFrame, FrameDecoder } from './frames.js';

const SECRET_HEADER = 'campus-bridge-secret';

/** A request that failed: the bus's failure code and type (TIMEOUT, NO_HANDLERS, RECIPIENT_FAILURE), or a disconnect. */
export class BusError extends Error {
  constructor(message, { failureCode = -1, failureType = 'ERROR' } = {}) {
    super(message);
    this.name = 'BusError';
    this.failureCode = failureCode;
    this.failureType = failureType;
  }
}

export class BusClient extends EventEmitter {
  /**
   * @param {object} options
   * @param {string} options.host the bridge's host
   * @param {number} options.port the bridge's port
   * @param {string} [options.secret] the bridge's shared secret, sent in every frame's headers
   * @param {object} [options.tls] node:tls connect options (key, cert, ca) where the bridge wants certificates
   * @param {number} [options.pingMs] how often to ping; a socket without a pong for twice that is dropped
   * @param {number} [options.minBackoffMs] the first wait before connecting again
   * @param {number} [options.maxBackoffMs] the longest wait before connecting again
   * @param {number} [options.timeoutMs] a request's default timeout
   */
  constructor({ host = '127.0.0.1', port = 7000, secret, tls: tlsOptions, pingMs = 5000, minBackoffMs = 100,
    maxBackoffMs = 5000, timeoutMs = 5000 } = {}) {
    super();
    Object.assign(this, { host, port, secret, tlsOptions, pingMs, minBackoffMs, maxBackoffMs, timeoutMs });
    this.handlers = new Map();
    this.pending = new Map();
    this.socket = null;
    this.connected = false;
    this.closed = false;
    this.attempt = 0;
  }

  /** Connects, and resolves once the first connection is up (it keeps trying meanwhile). */
  connect() {
    const up = new Promise((resolve) => this.once('connected', resolve));
    this.#open();
    return up;
  }

  /** Sends a request and resolves with the answer's body (rejects with a BusError). */
  request(address, body, { timeoutMs = this.timeoutMs, headers = {} } = {}) {
    if (!this.connected) {
      return Promise.reject(new BusError(`not connected to the bridge: ${address} not sent`));
    }
    const replyAddress = `reply.${randomUUID()}`;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(replyAddress);
        reject(new BusError(`no answer from ${address} within ${timeoutMs} ms`, { failureType: 'TIMEOUT' }));
      }, timeoutMs);
      this.pending.set(replyAddress, { resolve, reject, timer, address });
      // The bridge's own timeout a little later than ours, so ours decides.
      this.#write({ type: 'send', address, replyAddress, headers: { ...headers, timeout: timeoutMs + 1000 }, body });
    });
  }

  /** Sends without waiting for an answer; false when not connected (the message is not queued). */
  send(address, body, headers = {}) {
    return this.connected && this.#write({ type: 'send', address, headers, body });
  }

  /** Publishes to every consumer of the address; false when not connected. */
  publish(address, body, headers = {}) {
    return this.connected && this.#write({ type: 'publish', address, headers, body });
  }

  /**
   * Answers messages sent to address: handler(message) gets {address, body, headers, replyAddress} and may return a
   * value (the reply) or a promise of it; a thrown error or rejection fails the request with its failureCode.
   * Registered again after every reconnect.
   */
  register(address, handler) {
    this.handlers.set(address, handler);
    if (this.connected) {
      this.#write({ type: 'register', address, headers: {} });
    }
  }

  /** Stops for good: the socket closes and pending requests fail. */
  close() {
    this.closed = true;
    clearTimeout(this.retryTimer);
    this.socket?.destroy();
  }

  #open() {
    if (this.closed) {
      return;
    }
    const options = { host: this.host, port: this.port };
    const socket = this.tlsOptions ? tls.connect({ ...options, ...this.tlsOptions }) : net.connect(options);
    this.socket = socket;
    const decoder = new FrameDecoder((frame) => this.#receive(frame));
    socket.setNoDelay(true);
    socket.once(this.tlsOptions ? 'secureConnect' : 'connect', () => {
      this.connected = true;
      this.attempt = 0;
      for (const address of this.handlers.keys()) {
        this.#write({ type: 'register', address, headers: {} });
      }
      this.#schedulePing();
      this.emit('connected');
    });
    socket.on('data', (chunk) => {
      try {
        decoder.push(chunk);
      } catch (e) {
        this.emit('warning', `dropping the bridge connection: ${e.message}`);
        socket.destroy();
      }
    });
    socket.on('error', (e) => this.emit('warning', `bridge connection: ${e.message}`));
    socket.on('close', () => this.#dropped(socket));
  }

  #dropped(socket) {
    if (socket !== this.socket) {
      return;
    }
    const wasConnected = this.connected;
    this.connected = false;
    clearTimeout(this.pingTimer);
    clearTimeout(this.pongTimer);
    // An answer in flight on a dropped socket never comes: fail its request now, not at its timeout.
    for (const [id, call] of this.pending) {
      clearTimeout(call.timer);
      call.reject(new BusError(`the bridge connection dropped before ${call.address} answered`));
      this.pending.delete(id);
    }
    if (wasConnected) {
      this.emit('disconnected');
    }
    if (!this.closed) {
      const ceiling = Math.min(this.maxBackoffMs, this.minBackoffMs * 2 ** this.attempt);
      this.attempt += 1;
      this.retryTimer = setTimeout(() => this.#open(), ceiling / 2 + Math.random() * ceiling / 2);
    }
  }

  #schedulePing() {
    this.pingTimer = setTimeout(() => {
      if (!this.connected) {
        return;
      }
      this.#write({ type: 'ping', headers: {} });
      this.pongTimer = setTimeout(() => {
        this.emit('warning', `no pong from the bridge within ${this.pingMs} ms: connecting again`);
        this.socket?.destroy();
      }, this.pingMs);
    }, this.pingMs);
  }

  #receive(frame) {
    switch (frame.type) {
      case 'pong':
        clearTimeout(this.pongTimer);
        this.#schedulePing();
        return;
      case 'err': {
        const call = frame.address && this.pending.get(frame.address);
        if (call) {
          this.#settle(frame.address).reject(new BusError(frame.message ?? 'failed', frame));
        } else {
          this.emit('warning', `the bridge refused a frame: ${frame.message}`);
        }
        return;
      }
      case 'message': {
        const call = this.pending.get(frame.address);
        if (call) {
          this.#settle(frame.address).resolve(frame.body);
          return;
        }
        const handler = this.handlers.get(frame.address);
        if (handler) {
          this.#answer(handler, frame);
        }
        return;
      }
      default:
        this.emit('warning', `an unknown frame from the bridge: ${frame.type}`);
    }
  }

  #settle(id) {
    const call = this.pending.get(id);
    clearTimeout(call.timer);
    this.pending.delete(id);
    return call;
  }

  async #answer(handler, frame) {
    const message = { address: frame.address, body: frame.body, headers: frame.headers ?? {},
      replyAddress: frame.replyAddress };
    try {
      const reply = await handler(message);
      if (frame.replyAddress && this.connected) {
        this.#write({ type: 'send', address: frame.replyAddress, headers: {}, body: reply ?? null });
      }
    } catch (e) {
      if (frame.replyAddress && this.connected) {
        const failureCode = Number.isInteger(e.failureCode) ? e.failureCode : -1;
        this.#write({ type: 'send', address: frame.replyAddress, headers: {}, failureCode,
          message: e.busMessage ?? e.message });
      }
    }
  }

  #write(frame) {
    if (this.secret) {
      frame.headers = { ...(frame.headers ?? {}), [SECRET_HEADER]: this.secret };
    }
    return this.socket.write(encodeFrame(frame));
  }
}
