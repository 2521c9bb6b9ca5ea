import { Request, Response } from 'express';

/** One Server-Sent Events response. */
export interface EventStream {
  /** Resolves once the frame is handed on (at once unless the client lags). */
  send(event: string, data: unknown, id?: string): Promise<void>;
  /** Aborted when the client goes away. */
  signal: AbortSignal;
  close(): void;
}

const HEARTBEAT_MS = 15_000;

/**
 * Turns a response into an event stream (`text/event-stream`), flushing each
 * frame at once and sending comments now and then so proxies keep it open.
 */
export function openEventStream(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  req: Request<any, any, any, any>,
  res: Response,
): EventStream {
  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-cache, no-transform',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no',
  });
  res.flushHeaders?.();
  const controller = new AbortController();
  const flush = () => (res as Response & { flush?: () => void }).flush?.();
  const heartbeat = setInterval(() => {
    res.write(': keep-alive\n\n');
    flush();
  }, HEARTBEAT_MS);
  const finish = () => {
    clearInterval(heartbeat);
    controller.abort();
  };
  req.on('close', finish);
  res.on('close', finish);
  return {
    signal: controller.signal,
    async send(event, data, id) {
      if (controller.signal.aborted) return;
      let frame = `event: ${event}\n`;
      if (id !== undefined) frame += `id: ${id}\n`;
      frame += `data: ${JSON.stringify(data)}\n\n`;
      const flowing = res.write(frame);
      flush();
      if (!flowing && !controller.signal.aborted) {
        await new Promise<void>(resolve => {
          const done = () => {
            res.off('drain', done);
            controller.signal.removeEventListener('abort', done);
            resolve();
          };
          res.on('drain', done);
          controller.signal.addEventListener('abort', done);
        });
      }
    },
    close() {
      finish();
      res.end();
    },
  };
}
