import type { App } from '../app.js';

/** The echo application: returns every byte as received, adds nothing at the end. */
export function createEchoApp(): App {
  return {
    onData: (chunk) => (chunk.length === 0 ? [] : [chunk]),
    onEnd: () => [],
  };
}
