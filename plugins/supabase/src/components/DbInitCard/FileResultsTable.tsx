import {
  StatusAborted,
  StatusError,
  StatusOK,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { DbInitFileResult } from '@supabase-backstage/plugin-supabase-common';

const RESULT = {
  applied: StatusOK,
  skipped: StatusAborted,
  failed: StatusError,
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
