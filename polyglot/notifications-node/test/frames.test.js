import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeFrame, FrameDecoder } from '../src/bus/frames.js';

const frame = (n) => ({ type: 'send', address: `a.${n}`, body: { n, text: 'é€' } });

test('a frame encodes as its byte length, then its JSON', () => {
  const bytes = encodeFrame(frame(1));
  const json = JSON.stringify(frame(1));
  assert.equal(bytes.readUInt32BE(0), Buffer.byteLength(json, 'utf8'));
  assert.equal(bytes.subarray(4).toString('utf8'), json);
});

test('a frame split across many chunks, byte by byte, is read once whole', () => {
  const got = [];
  const decoder = new FrameDecoder((f) => got.push(f));
  const bytes = encodeFrame(frame(1));
  for (let i = 0; i < bytes.length; i++) {
    decoder.push(bytes.subarray(i, i + 1));
    assert.equal(got.length, i === bytes.length - 1 ? 1 : 0);
  }
  assert.deepEqual(got, [frame(1)]);
});

test('several frames in one chunk, the last cut short, are read as they complete', () => {
  const got = [];
  const decoder = new FrameDecoder((f) => got.push(f));
  const all = Buffer.concat([encodeFrame(frame(1)), encodeFrame(frame(2)), encodeFrame(frame(3))]);
  decoder.push(all.subarray(0, all.length - 5));
  assert.deepEqual(got, [frame(1), frame(2)]);
  decoder.push(all.subarray(all.length - 5));
  assert.deepEqual(got, [frame(1), frame(2), frame(3)]);
});

test('a length past the limit is refused before its bytes are buffered', () => {
  const decoder = new FrameDecoder(() => assert.fail('no frame'), 1024);
  const header = Buffer.alloc(4);
  header.writeUInt32BE(2048, 0);
  assert.throws(() => decoder.push(header), RangeError);
});

test('a type the bridge would choke on is never encoded', () => {
  assert.throws(() => encodeFrame({ type: 'message', address: 'x' }), TypeError);
  assert.throws(() => encodeFrame({ address: 'x' }), TypeError);
});
