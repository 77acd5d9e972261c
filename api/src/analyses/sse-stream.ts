import type { Response } from 'express';

/**
 * A Server-Sent Events response: unnamed `data:` events (EventSource.onmessage) and comments.
 * Headers go out with the first write, so an error before it still becomes a JSON error body.
 */
export class SseStream {
  private opened = false;
  private ended = false;

  constructor(private readonly res: Response) {
    res.on('close', () => {
      this.ended = true;
    });
  }

  send(data: object): void {
    this.write(`data: ${JSON.stringify(data)}\n\n`);
  }

  heartbeat(): void {
    this.write(': heartbeat\n\n');
  }

  close(): void {
    if (this.ended) return;
    this.ended = true;
    this.res.end();
  }

  /** Runs `callback` once the connection is gone (at once if it already is). */
  onClose(callback: () => void): void {
    if (this.ended || this.res.destroyed) callback();
    else this.res.on('close', callback);
  }

  private write(chunk: string): void {
    if (this.ended) return;
    if (!this.opened) {
      this.opened = true;
      this.res.status(200).set({
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-cache, no-transform',
        Connection: 'keep-alive',
        'X-Accel-Buffering': 'no',
      });
    }
    this.res.write(chunk);
  }
}
