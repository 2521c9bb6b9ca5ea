import { ServerSentEvent, parseEventStream } from './parseEventStream';

function streamOf(chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
}

async function collect(chunks: string[]): Promise<ServerSentEvent[]> {
  const events: ServerSentEvent[] = [];
  for await (const event of parseEventStream(streamOf(chunks))) {
    events.push(event);
  }
  return events;
}

describe('parseEventStream', () => {
  it('reads named events, ids and multi-line data', async () => {
    expect(
      await collect([
        'event: project\nid: 7\ndata: {"a":1}\n\n',
        'data: x\ndata: y\n\n',
      ]),
    ).toEqual([
      { event: 'project', data: '{"a":1}', id: '7' },
      { event: 'message', data: 'x\ny', id: '7' },
    ]);
  });

  it('handles frames split anywhere and every line ending', async () => {
    const text =
      'event: a\r\ndata: 1\r\n\r\nevent: b\rdata: 2\r\r: heartbeat\n\ndata:3\n\n';
    const chunks = text.split('');
    expect(await collect(chunks)).toEqual([
      { event: 'a', data: '1', id: undefined },
      { event: 'b', data: '2', id: undefined },
      { event: 'message', data: '3', id: undefined },
    ]);
  });

  it('keeps multi-byte characters split across chunks', async () => {
    const bytes = new TextEncoder().encode('data: Größe ✓\n\n');
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const byte of bytes) controller.enqueue(new Uint8Array([byte]));
        controller.close();
      },
    });
    const events: ServerSentEvent[] = [];
    for await (const event of parseEventStream(stream)) events.push(event);
    expect(events.map(e => e.data)).toEqual(['Größe ✓']);
  });

  it('drops a frame cut off by the end of the stream', async () => {
    expect(await collect(['data: whole\n\n', 'data: half'])).toHaveLength(1);
  });

  it('cancels the body when the reader stops early', async () => {
    const cancel = jest.fn();
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(new TextEncoder().encode('data: x\n\n'));
      },
      cancel,
    });
    for await (const _ of parseEventStream(stream)) break;
    expect(cancel).toHaveBeenCalled();
  });
});
