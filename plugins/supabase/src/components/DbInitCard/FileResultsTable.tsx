import {
  StatusAborted,
  StatusError,
  StatusOK,
  StatusPending,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { DbInitFileResult } from '@supabase-backstage/plugin-supabase-common';

const RESULT: Record<DbInitFileResult['result'], typeof StatusOK> = {
  applied: StatusOK,
  skipped: StatusAborted,
  failed: StatusError,
  // A file after a failed one: the run stops there, so it never ran.
  'not-attempted': StatusPending,
};

const columns: TableColumn<DbInitFileResult>[] = [
  {
    title: 'File',
    field: 'file',
    render: row => <code>{row.file}</code>,
  },
  {
    title: 'Result',
    field: 'result',
    render: row => {
      const Status = RESULT[row.result] ?? StatusAborted;
      return <Status>{row.result}</Status>;
    },
  },
  { title: 'Errors', field: 'errors', type: 'numeric' },
];

/** What each SQL file of one attempt did. */
export function FileResultsTable(props: {
  title: string;
  results: DbInitFileResult[];
}) {
  return (
    <Table<DbInitFileResult>
      title={props.title}
      columns={columns}
      // material-table adds bookkeeping fields to the rows it is given.
      data={props.results.map(result => ({ ...result }))}
      options={{
        paging: false,
        search: false,
        sorting: false,
        padding: 'dense',
      }}
    />
  );
}
