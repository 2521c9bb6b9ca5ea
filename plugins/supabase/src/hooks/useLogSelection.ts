import { DbInitRun } from '@supabase-backstage/plugin-supabase-common';
import { useState } from 'react';

/** `follow`: whichever attempt of the run is newest, as it happens. */
export type AttemptChoice = number | 'follow';

/**
 * Which log to show. Until the user picks a run, the newest run is shown, so
 * a retry's new run is followed as soon as it appears.
 */
export function useLogSelection(runs: DbInitRun[]) {
  const [chosenRun, setChosenRun] = useState<number>();
  const [attempt, setAttempt] = useState<AttemptChoice>('follow');
  const run = runs.some(candidate => candidate.id === chosenRun)
    ? chosenRun
    : runs[0]?.id;
  return {
    run,
    attempt,
    setRun(next: number) {
      setChosenRun(next);
      // Attempt numbers belong to a run.
      setAttempt('follow');
    },
    setAttempt,
  };
}
