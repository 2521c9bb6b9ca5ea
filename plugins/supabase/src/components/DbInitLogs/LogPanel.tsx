import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import IconButton from '@material-ui/core/IconButton';
import TextField from '@material-ui/core/TextField';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import FileCopyIcon from '@material-ui/icons/FileCopy';
import GetAppIcon from '@material-ui/icons/GetApp';
import { useMemo, useState } from 'react';
import { ProjectRef } from '../../api';
import { LogStreamState } from '../../hooks/useLogStream';
import { useLogSearch } from '../../hooks/useLogSearch';
import { LogLines } from './LogLines';

export interface LogPanelProps {
  projectRef: ProjectRef;
  run: number;
  stream: LogStreamState;
  onCopy(): void;
  onDownload?(): void;
}

const count = (n: number) => n.toLocaleString('en-US');
const plural = (n: number, what: string) =>
  `${count(n)} ${what}${n === 1 ? '' : 's'}`;

/** The shown lines that contain `query` (case-insensitive), with their numbers. */
function matchShownLines(stream: LogStreamState, query: string) {
  const needle = query.toLowerCase();
  const lines: string[] = [];
  const numbers: number[] = [];
  stream.lines.forEach((line, index) => {
    if (line.toLowerCase().includes(needle)) {
      lines.push(line);
      numbers.push(stream.firstLine + index);
    }
  });
  return { lines, numbers };
}

/**
 * The log's lines with search, copy and download. Search covers the whole
 * log on the server once the attempt's log is archived (the stream has
 * ended); while the attempt runs, it covers the lines shown.
 */
export function LogPanel(props: LogPanelProps) {
  const { projectRef, run, stream, onCopy, onDownload } = props;
  const [query, setQuery] = useState('');
  const wanted = query.trim();
  const archived =
    stream.connection === 'ended' && stream.attempt !== undefined;
  const search = useLogSearch(
    projectRef,
    archived ? { run, attempt: stream.attempt! } : undefined,
    query,
  );
  const shownMatches = useMemo(
    () => (wanted && !archived ? matchShownLines(stream, wanted) : undefined),
    [stream, wanted, archived],
  );

  let status: string;
  let results: { lines: string[]; numbers: number[] } | undefined;
  if (!wanted) {
    status =
      stream.hiddenLines > 0
        ? `Showing lines ${count(stream.firstLine)}–${count(
            stream.totalLines,
          )} of ${count(stream.totalLines)} lines.`
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
      <Box mt={2} display="flex" flexWrap="wrap" alignItems="center">
        <TextField
          size="small"
          variant="outlined"
          placeholder="Search"
          value={query}
          onChange={event => setQuery(event.target.value)}
          inputProps={{ 'aria-label': 'Search' }}
        />
        <Box flex={1} mx={2} minWidth={200}>
          <Typography variant="body2" role="status">
            {status}
          </Typography>
        </Box>
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
            lines={stream.lines}
            numberOf={index => stream.firstLine + index}
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
