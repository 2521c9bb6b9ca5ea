import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import IconButton from '@material-ui/core/IconButton';
import TextField from '@material-ui/core/TextField';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import FileCopyIcon from '@material-ui/icons/FileCopy';
import GetAppIcon from '@material-ui/icons/GetApp';
import { memo, useMemo, useState } from 'react';
import { ProjectRef } from '../../api';
import { LogStream, useLogView } from '../../hooks/useLogStream';
import { LogView } from '../../lib/LogBuffer';
import { useLogSearch } from '../../hooks/useLogSearch';
import { LogLines } from './LogLines';

export interface LogPanelProps {
  projectRef: ProjectRef;
  run: number;
  stream: LogStream;
  onCopy(): void;
  onDownload?(): void;
}

const count = (n: number) => n.toLocaleString('en-US');
const plural = (n: number, what: string) =>
  `${count(n)} ${what}${n === 1 ? '' : 's'}`;

/** The shown lines that contain `query` (case-insensitive), with their numbers. */
function matchShownLines(view: LogView, query: string) {
  const needle = query.toLowerCase();
  const lines: string[] = [];
  const numbers: number[] = [];
  view.lines.forEach((line, index) => {
    if (line.toLowerCase().includes(needle)) {
      lines.push(line);
      numbers.push(view.firstLine + index);
    }
  });
  return { lines, numbers };
}

interface LogToolbarProps {
  query: string;
  onQueryChange(query: string): void;
  onCopy(): void;
  onDownload?(): void;
}

/** Search, copy and download; it renders only when these change. */
const LogToolbar = memo((props: LogToolbarProps) => {
  const { query, onQueryChange, onCopy, onDownload } = props;
  return (
    <Box mt={2} display="flex" flexWrap="wrap" alignItems="center">
      <TextField
        size="small"
        variant="outlined"
        placeholder="Search"
        value={query}
        onChange={event => onQueryChange(event.target.value)}
        inputProps={{ 'aria-label': 'Search' }}
      />
      <Box flex={1} />
      <Tooltip title="Copy the log">
        <IconButton aria-label="Copy the log" onClick={onCopy}>
          <FileCopyIcon fontSize="small" />
        </IconButton>
      </Tooltip>
      <Button
        startIcon={<GetAppIcon />}
        onClick={onDownload}
        disabled={!onDownload}
      >
        Download full log
      </Button>
    </Box>
  );
});

interface LogBodyProps {
  projectRef: ProjectRef;
  run: number;
  stream: LogStream;
  query: string;
}

/** What the query finds, or the log's tail; renders once per frame of new lines. */
function LogBody(props: LogBodyProps) {
  const { projectRef, run, stream, query } = props;
  const view = useLogView(stream.view);
  const wanted = query.trim();
  const archived =
    stream.connection === 'ended' && stream.attempt !== undefined;
  const search = useLogSearch(
    projectRef,
    archived ? { run, attempt: stream.attempt! } : undefined,
    query,
  );
  const shownMatches = useMemo(
    () => (wanted && !archived ? matchShownLines(view, wanted) : undefined),
    [view, wanted, archived],
  );

  let status: string;
  let results: { lines: string[]; numbers: number[] } | undefined;
  if (!wanted) {
    status =
      view.hiddenLines > 0
        ? `Showing lines ${count(view.firstLine)}–${count(
            view.totalLines,
          )} of ${count(view.totalLines)} lines.`
        : '';
  } else if (shownMatches) {
    results = shownMatches;
    status = `${plural(
      shownMatches.lines.length,
      'matching line',
    )} in the lines shown; the whole log is searched once the attempt has ended.`;
  } else {
    results = {
      lines: search.matches.map(match => match.text),
      numbers: search.matches.map(match => match.line),
    };
    if (search.error) {
      status = `Could not search the log: ${search.error.message}`;
    } else if (search.loading || search.query !== wanted) {
      status = 'Searching the whole log…';
    } else {
      status = `${plural(search.total, 'matching line')} in the whole log${
        search.matches.length < search.total
          ? `, the first ${count(search.matches.length)} shown`
          : ''
      }.`;
    }
  }

  return (
    <>
      <Box mt={1} minHeight={20}>
        <Typography variant="body2" role="status">
          {status}
        </Typography>
      </Box>
      <Box mt={1}>
        {results ? (
          <LogLines
            lines={results.lines}
            numberOf={index => results!.numbers[index]}
            highlight={wanted}
            label="Matching lines"
          />
        ) : (
          <LogLines
            lines={view.lines}
            numberOf={index => view.firstLine + index}
            follow
            label="Log lines"
          />
        )}
      </Box>
      {wanted && archived && search.matches.length < search.total && (
        <Box mt={1}>
          <Button onClick={search.loadMore} disabled={search.loading}>
            Show more matches
          </Button>
        </Box>
      )}
    </>
  );
}

/**
 * The log's lines with search, copy and download. Search covers the whole
 * log on the server once the attempt's log is archived (the stream has
 * ended); while the attempt runs, it covers the lines shown.
 */
export function LogPanel(props: LogPanelProps) {
  const { projectRef, run, stream, onCopy, onDownload } = props;
  const [query, setQuery] = useState('');
  return (
    <>
      <LogToolbar
        query={query}
        onQueryChange={setQuery}
        onCopy={onCopy}
        onDownload={onDownload}
      />
      <LogBody
        projectRef={projectRef}
        run={run}
        stream={stream}
        query={query}
      />
    </>
  );
}
