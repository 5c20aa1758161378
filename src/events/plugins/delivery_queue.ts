/**
 * The HTTP emitter's bounded queue. Status lines are never dropped (a job
 * has a handful, the final one among them); when the queue is over its
 * bound, the oldest queued events make room, and each one is counted.
 *
 * @module
 */

/**
 * One message waiting to be sent.
 *
 * @example
 * ```ts
 * import type { QueuedMessage } from "./delivery_queue.ts";
 *
 * const item: QueuedMessage = { body: '{"status": "running"}', status: true };
 * ```
 */
export interface QueuedMessage {
  /** The request body (the message's JSON text). */
  readonly body: string;
  /** A status line (never dropped), not an event. */
  readonly status: boolean;
}

/**
 * The queue's bounds: events are dropped, oldest first, while either is
 * exceeded.
 *
 * @example
 * ```ts
 * import type { QueueBounds } from "./delivery_queue.ts";
 *
 * const bounds: QueueBounds = { messages: 10_000, characters: 64 * 1024 * 1024 };
 * ```
 */
export interface QueueBounds {
  /** Messages waiting at most. */
  readonly messages: number;
  /** Body characters waiting at most. */
  readonly characters: number;
}

/**
 * A FIFO of messages with bounds that drop the oldest events.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DeliveryQueue } from "./delivery_queue.ts";
 *
 * const queue = new DeliveryQueue({ messages: 2, characters: 1000 });
 * queue.push({ body: "s1", status: true });
 * queue.push({ body: "e1", status: false });
 * queue.push({ body: "e2", status: false }); // over the bound: e1 goes
 * assert.equal(queue.dropped, 1);
 * assert.deepEqual([queue.shift()?.body, queue.shift()?.body], ["s1", "e2"]);
 * ```
 */
export class DeliveryQueue {
  #items: QueuedMessage[] = [];
  #characters = 0;
  #dropped = 0;
  readonly #bounds: QueueBounds;

  /** An empty queue with `bounds`. */
  constructor(bounds: QueueBounds) {
    this.#bounds = bounds;
  }

  /** Messages waiting. */
  get length(): number {
    return this.#items.length;
  }

  /** Events dropped so far (by the bounds or {@linkcode DeliveryQueue.dropEvents}). */
  get dropped(): number {
    return this.#dropped;
  }

  /** Appends `item`, then drops the oldest events while a bound is exceeded. */
  push(item: QueuedMessage): void {
    this.#items.push(item);
    this.#characters += item.body.length;
    while (this.#over()) {
      const index = this.#items.findIndex((queued) => !queued.status);
      if (index === -1) break; // only status lines: they stay
      this.#characters -= this.#items[index].body.length;
      this.#items.splice(index, 1);
      this.#dropped++;
    }
  }

  /** Takes the oldest message. */
  shift(): QueuedMessage | undefined {
    const item = this.#items.shift();
    if (item !== undefined) this.#characters -= item.body.length;
    return item;
  }

  /** Drops every waiting event (status lines stay); returns how many. */
  dropEvents(): number {
    const kept = this.#items.filter((item) => item.status);
    const gone = this.#items.length - kept.length;
    this.#items = kept;
    this.#characters = kept.reduce((sum, item) => sum + item.body.length, 0);
    this.#dropped += gone;
    return gone;
  }

  #over(): boolean {
    return this.#items.length > this.#bounds.messages ||
      this.#characters > this.#bounds.characters;
  }
}
