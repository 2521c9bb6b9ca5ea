import { EMPTY_LOG_VIEW, LogView } from './LogBuffer';

/**
 * The shown part of a log, outside React state: it changes up to once per
 * frame, and only the components that draw lines subscribe to it (with
 * `useSyncExternalStore`), so the card, the pickers and the toolbar around
 * them do not render again for every frame of a fast log.
 */
export class LogViewStore {
  private view: LogView = EMPTY_LOG_VIEW;
  private readonly listeners = new Set<() => void>();

  get = (): LogView => this.view;

  set(view: LogView): void {
    this.view = view;
    this.listeners.forEach(listener => listener());
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
}
