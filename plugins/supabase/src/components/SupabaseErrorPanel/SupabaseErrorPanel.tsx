import { EmptyState, ErrorPanel } from '@backstage/core-components';
import { ResponseError } from '@backstage/errors';

export interface SupabaseErrorPanelProps {
  error: Error;
  /** What failed, e.g. "Could not load the projects". */
  title: string;
}

/** The HTTP status of a failed backend call, if it was one. */
export function statusOf(error: Error): number | undefined {
  return ResponseError.is(error) ? error.statusCode : undefined;
}

/**
 * An error in Backstage's own components: permission denied and not found as
 * empty states, anything else as an error panel with the server's message.
 * Stack traces are left out on purpose: they help no user, and the server's
 * would describe the backend's internals.
 */
export function SupabaseErrorPanel(props: SupabaseErrorPanelProps) {
  const { error, title } = props;
  const status = statusOf(error);
  const message = ResponseError.is(error)
    ? error.body.error.message
    : error.message;
  if (status === 403) {
    return (
      <EmptyState
        missing="data"
        title="Permission denied"
        description={`${title}: ${message}. Ask your Backstage administrator for access.`}
      />
    );
  }
  if (status === 404) {
    return (
      <EmptyState missing="data" title="Not found" description={message} />
    );
  }
  const shown = new Error(message);
  shown.name = ResponseError.is(error)
    ? `${status}: ${error.body.error.name}`
    : error.name;
  shown.stack = undefined;
  return <ErrorPanel title={title} error={shown} />;
}
