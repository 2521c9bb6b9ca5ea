/* The project page following a db-init log that grows by ~3,000 lines a
 * second, in Debian's Chromium: frame times, long tasks, and how long a
 * keystroke in the log search takes to reach the screen while the log
 * streams. Everything is real: the app as `yarn start` runs it (built
 * frontend, backend, local cluster, PostgreSQL), a project created through
 * the API whose custom SQL raises the notices, psql printing them into the
 * pod's log, and the SSE stream to the page. */
import type { V1ConfigMap } from '@kubernetes/client-node';
import path from 'node:path';
import { launchChromium } from '../packages/e2e/src/lib/browser';
import {
  REPO_ROOT,
  buildApp,
  startApp,
} from '../packages/e2e/src/lib/startApp';
import { summary } from './lib/stats';

const RATE = Number(process.env.BENCH_LINES_PER_SECOND ?? 3_000);
const MEASURE_SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
/** Keystrokes typed into the search while the log streams. */
const SEARCH = 'bench line 7';
// Long enough for start-up, the SQL set, the measurement and the search.
const TOTAL_LINES = RATE * (MEASURE_SECONDS + 120);
const PROJECT = 'bench-log';

/** Notices at `RATE` a second, paced by the clock. */
function noticeSql(): string {
  return `DO $$
DECLARE started timestamptz := clock_timestamp();
BEGIN
  FOR i IN 1..${TOTAL_LINES} LOOP
    RAISE NOTICE 'bench line % of ${TOTAL_LINES}: %', i, repeat('x', 40);
    IF i % 30 = 0 THEN
      PERFORM pg_sleep(greatest(0, extract(epoch FROM started
        + make_interval(secs => i / ${RATE}.0) - clock_timestamp())));
    END IF;
  END LOOP;
END $$;
`;
}

/** Runs in the page: frame intervals and long tasks until `stop()`. */
function startPageRecorder() {
  const w = window as any;
  const frames: number[] = [];
  const longTasks: number[] = [];
  let last = performance.now();
  let running = true;
  const tick = (now: number) => {
    frames.push(now - last);
    last = now;
    if (running) requestAnimationFrame(tick);
  };
  requestAnimationFrame(now => {
    last = now;
    requestAnimationFrame(tick);
  });
  const observer = new PerformanceObserver(list => {
    for (const entry of list.getEntries()) longTasks.push(entry.duration);
  });
  observer.observe({ type: 'longtask' });
  w.__benchStop = () => {
    running = false;
    observer.disconnect();
    return { frames, longTasks };
  };
}

/** Runs in the page: for each keydown in the search box, the time to the next paint. */
function startKeystrokeRecorder() {
  const w = window as any;
  const keystrokes: number[] = [];
  document.addEventListener(
    'keydown',
    event => {
      const target = event.target as HTMLElement;
      // Backstage's LogViewer names its field by placeholder, ours by label.
      const name =
        target.getAttribute('aria-label') ?? target.getAttribute('placeholder');
      if (target.tagName !== 'INPUT' || name !== 'Search') return;
      // The event's own time stamp, unless it is not on this clock.
      const now = performance.now();
      const start =
        event.timeStamp > 0 && now - event.timeStamp < 10_000
          ? event.timeStamp
          : now;
      // After the next frame is painted: a message posted from a frame callback.
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () =>
          keystrokes.push(performance.now() - start);
        channel.port2.postMessage(null);
      });
    },
    true,
  );
  w.__benchKeystrokes = () => keystrokes;
}

async function main() {
  if (!process.env.BENCH_SKIP_APP_BUILD) {
    await buildApp();
  }
  const app = await startApp({ timeoutMs: 180_000 });
  const browser = await launchChromium();
  try {
    // The backend writes the local cluster's kubeconfig here (app-config.yaml).
    const k8s = await import('@kubernetes/client-node');
    const kubeConfig = new k8s.KubeConfig();
    kubeConfig.loadFromFile(
      path.join(REPO_ROOT, '.local/local-cluster/kubeconfig'),
    );
    const core = kubeConfig.makeApiClient(k8s.CoreV1Api);
    const configMap: V1ConfigMap = {
      metadata: { name: 'bench-log-sql', namespace: 'default' },
      data: { 'stream.sql': noticeSql() },
    };
    await core.createNamespacedConfigMap({
      namespace: 'default',
      body: configMap,
    });

    const context = await browser.newContext({
      baseURL: app.baseUrl,
      viewport: { width: 1400, height: 1000 },
    });
    context.setDefaultTimeout(60_000);
    const page = await context.newPage();
    await page.goto('/');
    await page.getByRole('button', { name: 'Enter' }).click();
    await page.waitForURL('**/supabase');

    // Created as the signed-in guest, through the API the page uses.
    const status = await page.evaluate(async project => {
      const { backstageIdentity } = await (
        await fetch('/api/auth/guest/refresh', {
          headers: { 'x-requested-with': 'XMLHttpRequest' },
        })
      ).json();
      const response = await fetch('/api/supabase/projects', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${backstageIdentity.token}`,
        },
        body: JSON.stringify({
          namespace: 'default',
          name: project,
          spec: {
            database: { secretRef: 'local-postgres', sslMode: 'disable' },
            dbInit: { customSqlConfigMap: 'bench-log-sql' },
          },
        }),
      });
      return `${response.status} ${await response.text()}`;
    }, PROJECT);
    if (!status.startsWith('201')) throw new Error(`Create: ${status}`);

    await page.goto(`/supabase/default/${PROJECT}`);
    const logs = page.getByRole('region', { name: 'Logs', exact: true });
    await logs.getByText(/following live/).waitFor({ timeout: 120_000 });
    // Past the viewer's line limit: the steady state of a long log.
    await logs
      .getByText(/of \d{2,3},\d{3} lines/)
      .first()
      .waitFor({ timeout: 120_000 });
    // The line count the page states ("… of 123,456 lines").
    const linesShown = async () => {
      const match = /of ([\d,]+) lines/.exec(await logs.innerText());
      return match ? Number(match[1].replace(/,/g, '')) : NaN;
    };

    const firstCount = await linesShown();
    const started = Date.now();
    await page.evaluate(startPageRecorder);
    await page.waitForTimeout(MEASURE_SECONDS * 1000);
    const { frames, longTasks } = await page.evaluate(() =>
      (window as any).__benchStop(),
    );
    const rate = Math.round(
      ((await linesShown()) - firstCount) / ((Date.now() - started) / 1000),
    );

    // Typing in the search while the log keeps streaming.
    await page.evaluate(startKeystrokeRecorder);
    const search = logs.getByRole('textbox', { name: 'Search' });
    await search.click();
    for (const key of SEARCH) {
      await page.keyboard.type(key);
      await page.waitForTimeout(250);
    }
    const keystrokes: number[] = await page.evaluate(() =>
      (window as any).__benchKeystrokes(),
    );

    const longTaskTime = longTasks.reduce((a: number, b: number) => a + b, 0);
    console.log(
      JSON.stringify({
        bench: 'live-log-page-frames',
        unit: 'ms',
        linesPerSecond: rate,
        ...summary(frames),
        framesOver100ms: frames.filter((f: number) => f > 100).length,
      }),
    );
    console.log(
      JSON.stringify({
        bench: 'live-log-page-long-tasks',
        unit: 'ms',
        count: longTasks.length,
        max: Math.round(Math.max(0, ...longTasks)),
        shareOfMainThread:
          Math.round((longTaskTime / (MEASURE_SECONDS * 1000)) * 1000) / 10,
      }),
    );
    console.log(
      JSON.stringify({
        bench: 'live-log-page-search-keystroke',
        unit: 'ms',
        ...summary(keystrokes),
      }),
    );
  } finally {
    await browser.close();
    await app.stop();
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
