import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { ackCredits } from './ack-credits.js';

describe('ackCredits', () => {
  it('lets maxInFlight batches through, then waits for an ack per further batch', async () => {
    const port = new EventEmitter();
    const credits = ackCredits(port, 2);
    await credits.take();
    await credits.take();
    let third = false;
    const pending = credits.take().then(() => (third = true));
    await new Promise((r) => setTimeout(r, 10));
    expect(third).toBe(false);
    port.emit('message', 'other'); // only 'ack' releases a credit
    await new Promise((r) => setTimeout(r, 10));
    expect(third).toBe(false);
    port.emit('message', 'ack');
    await pending;
    expect(third).toBe(true);
  });
});
