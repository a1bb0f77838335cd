/**
 * server/out/walk-worker.js: the language server's walk of a workspace folder (files.ts `walk`, the
 * CLI's own) on a worker thread, so that a walk of thousands of folders never holds up the
 * messages the server answers meanwhile (issue 11, item 4). Posts the walk's result and ends.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { walk } from './files';

const { root } = workerData as { root: string };
const { files, commandSources } = walk(root);
parentPort?.postMessage({ files, commandSources });
