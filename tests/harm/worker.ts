import './node-env';
import { parentPort, workerData } from 'node:worker_threads';
import { runScenario } from './simulate';

/** One of `npm run harm`'s worker threads: runs the scenarios it is given, in order, and posts each result. */
const { seeds } = workerData as { seeds: number[] };
for (const seed of seeds) parentPort?.postMessage(await runScenario(seed));
parentPort?.postMessage('done');
