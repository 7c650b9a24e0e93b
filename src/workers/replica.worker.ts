/// <reference lib="webworker" />
import type { Endpoint } from '../engine/distributed/protocol';
import { serveReplica } from '../engine/distributed/replica';

// A /distributed replica in a Web Worker.
serveReplica(self as unknown as Endpoint);
