import { useApi } from '@backstage/core-plugin-api';
import {
  useCallback,
  useEffect,
  useRef,
  useState,
  useSyncExternalStore,
} from 'react';
import {
  LogAttemptUpdate,
  ProjectRef,
  StreamConnectionState,
  supabaseApiRef,
} from '../api';
import { EMPTY_LOG_VIEW, LogBuffer, LogView } from '../lib/LogBuffer';
import { LogViewStore } from '../lib/LogViewStore';

/** Which log to follow; without `attempt`, the newest attempt of the run. */
export interface LogSelection {
  run: number;
  attempt?: number;
}

export interface LogStreamOptions {
  /** An attempt started or finished. */
  onAttempt?(update: LogAttemptUpdate): void;
  /** Lines kept in the viewer; the rest is for download and search. */
  maxLines?: number;
}

export interface LogStreamState {
  /** The attempt whose log is shown. */
  attempt?: number;
  connection: StreamConnectionState | 'ended';
  error?: Error;
}

export interface LogStream extends LogStreamState {
  /** The shown lines, updated once per frame: read them with `useLogView`. */
  view: LogViewStore;
  /** The whole log of the shown attempt, also the part the viewer leaves out. */
  fullText(): string;
}

export const DEFAULT_MAX_LOG_LINES = 10_000;

const EMPTY: LogStreamState = { connection: 'connecting' };

/** The shown lines of a log stream; renders when they change. */
export function useLogView(store: LogViewStore): LogView {
  return useSyncExternalStore(store.subscribe, store.get);
}

/** Runs `flush` before the next frame is painted, once however often asked. */
function frameScheduler(flush: () => void) {
  let pending: number | undefined;
  const run = () => {
    pending = undefined;
    flush();
  };
  return {
    schedule() {
      pending ??= requestAnimationFrame(run);
    },
    cancel() {
      if (pending !== undefined) cancelAnimationFrame(pending);
      pending = undefined;
    },
  };
}

/**
 * Follows a db-init log. Text arrives in many small chunks, so it goes into
 * buffers outside React and reaches React once per animation frame: a fast
 * log costs one render per frame, not one per chunk, and a hidden tab none.
 * The viewer gets only the last `maxLines` lines.
 */
export function useLogStream(
  ref: ProjectRef,
  selection: LogSelection | undefined,
  options: LogStreamOptions = {},
): LogStream {
  const api = useApi(supabaseApiRef);
  const maxLines = options.maxLines ?? DEFAULT_MAX_LOG_LINES;
  const [state, setState] = useState<LogStreamState>(EMPTY);
  const [view] = useState(() => new LogViewStore());
  const buffers = useRef(new Map<number, LogBuffer>());
  const shown = useRef<number | undefined>(undefined);
  const onAttempt = useRef(options.onAttempt);
  onAttempt.current = options.onAttempt;

  const { namespace, name } = ref;
  const run = selection?.run;
  const attempt = selection?.attempt;

  useEffect(() => {
    buffers.current = new Map();
    shown.current = attempt;
    view.set(EMPTY_LOG_VIEW);
    if (run === undefined) {
      setState(EMPTY);
      return undefined;
    }

    let connection: LogStreamState['connection'] = 'connecting';
    let error: Error | undefined;

    const bufferOf = (n: number) => {
      let buffer = buffers.current.get(n);
      if (!buffer) {
        buffer = new LogBuffer(maxLines);
        buffers.current.set(n, buffer);
      }
      return buffer;
    };
    // Following: whichever attempt is newest is the one to watch.
    const show = (n: number) => {
      if (attempt === undefined && (shown.current ?? 0) < n) {
        shown.current = n;
      }
    };
    // Lines once per frame to the store; the rest to React state, which
    // changes seldom. A frame already asked for may flush again: harmless.
    const flush = () => {
      const n = shown.current;
      view.set(n === undefined ? EMPTY_LOG_VIEW : bufferOf(n).view());
      setState(previous =>
        previous.attempt === n &&
        previous.connection === connection &&
        previous.error === error
          ? previous
          : { attempt: n, connection, error },
      );
    };
    const frame = frameScheduler(flush);

    const controller = new AbortController();
    setState(EMPTY);
    api
      .streamDbInitLogs(
        { namespace, name },
        { run, attempt },
        {
          onLog: chunk => {
            bufferOf(chunk.attempt).append(chunk.text);
            show(chunk.attempt);
            frame.schedule();
          },
          onAttempt: update => {
            show(update.attempt);
            flush();
            onAttempt.current?.(update);
          },
          onConnectionChange: next => {
            connection = next;
            flush();
          },
        },
        { signal: controller.signal },
      )
      .then(result => {
        if (result === 'ended') {
          connection = 'ended';
          flush();
        }
      })
      .catch((e: Error) => {
        if (!controller.signal.aborted) {
          error = e;
          flush();
        }
      });

    return () => {
      controller.abort();
      frame.cancel();
    };
  }, [api, view, namespace, name, run, attempt, maxLines]);

  const fullText = useCallback(() => {
    const n = shown.current;
    return n === undefined ? '' : buffers.current.get(n)?.text ?? '';
  }, []);

  return { ...state, view, fullText };
}
