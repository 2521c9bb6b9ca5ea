/** One Server-Sent Events message. */
export interface ServerSentEvent {
  /** `message` when the frame names no event, as in the browser. */
  event: string;
  data: string;
  id?: string;
}

/**
 * Reads `text/event-stream` frames from a response body, following the
 * WHATWG rules that matter here: `event`, `data` (joined with newlines over
 * several lines), `id`, comment lines (heartbeats) ignored, any line ending,
 * frames split anywhere across chunks. Cancels the body when the consumer
 * stops early, so the connection is not left open.
 */
export async function* parseEventStream(
  body: ReadableStream<Uint8Array>,
): AsyncGenerator<ServerSentEvent> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let event = '';
  let data: string[] = [];
  let id: string | undefined;
  let finished = false;

  try {
    for (;;) {
      const { done, value } = await reader.read();
      buffer += done
        ? decoder.decode()
        : decoder.decode(value, { stream: true });
      // A lone '\r' at the end may be the first half of '\r\n': keep it.
      for (;;) {
        const match = /\r\n|\r(?!$)|\n/.exec(buffer);
        if (!match) break;
        const line = buffer.slice(0, match.index);
        buffer = buffer.slice(match.index + match[0].length);
        if (line === '') {
          if (data.length > 0) {
            yield { event: event || 'message', data: data.join('\n'), id };
          }
          event = '';
          data = [];
          continue;
        }
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon === -1 ? line : line.slice(0, colon);
        let fieldValue = colon === -1 ? '' : line.slice(colon + 1);
        if (fieldValue.startsWith(' ')) fieldValue = fieldValue.slice(1);
        if (field === 'event') event = fieldValue;
        else if (field === 'data') data.push(fieldValue);
        else if (field === 'id') id = fieldValue;
      }
      if (done) {
        finished = true;
        // A frame cut off by the end of the stream is dropped, as browsers do.
        return;
      }
    }
  } finally {
    if (!finished) await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}
