import { parentPort } from 'node:worker_threads';
import type { Endpoint } from '../engine/distributed/protocol';
import { serveReplica } from '../engine/distributed/replica';

// A /distributed replica in a Node worker thread: parentPort is a web MessagePort in Node 20.
if (!parentPort) throw new Error('replica-node runs only as a worker thread');
serveReplica(parentPort as unknown as Endpoint);
