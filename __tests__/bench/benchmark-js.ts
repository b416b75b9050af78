import Benchmark from 'benchmark';
import { roundTripBatch } from '../../src/protocol/batch';
import { HANDSHAKE, HANDSHAKE_REPLY, STOP } from '../../src/protocol/messages';
import { exchange } from '../helpers/memory-channel';
import type { Transport } from '../../src/types';

export interface BenchmarkJsFigure {
  roundTripsPerSec: number;
  /** benchmark.js relative margin of error, in percent. */
  rme: number;
  samples: number;
}

/**
 * Times `transport` with benchmark.js as an independent cross-check of the harness: one deferred
 * operation = `batch` lockstep round trips over one peer (handshaken first, stopped after).
 * Rejects when benchmark.js reports an error or a zero rate, so this check can fail.
 */
export async function benchmarkJs(transport: Transport, batch: number, maxTime: number, minSamples: number): Promise<BenchmarkJsFigure> {
  const { channel, peer } = await transport.open({ readyTimeoutMs: 5000 });
  try {
    const reply = await exchange(channel, HANDSHAKE);
    if (reply !== HANDSHAKE_REPLY) throw new Error(`${transport.name}: handshake: expected 2, got ${reply}`);
    let next = reply + 1;
    let failure: Error | undefined;
    const bench = new Benchmark(`${transport.name} × ${batch} round trips`, {
      defer: true,
      maxTime,
      minSamples,
      // Closures in fn are fine; setup/teardown that touch outer variables are recompiled and fail.
      fn: (deferred: { resolve(): void }) => {
        roundTripBatch(channel, next, batch, transport.name).then(
          (last) => {
            next = last + 1;
            deferred.resolve();
          },
          (error: Error) => {
            failure = error;
            deferred.resolve();
            bench.abort();
          },
        );
      },
    });
    await new Promise<void>((resolve) => {
      bench.on('complete abort', () => resolve());
      bench.run({ async: true });
    });
    if (failure) throw failure;
    if (bench.error) throw new Error(`benchmark.js failed for ${transport.name}: ${String(bench.error)}`);
    if (!(bench.hz > 0)) throw new Error(`benchmark.js measured no rate for ${transport.name}`);
    channel.send(STOP);
    const exit = await peer.exited;
    if (exit.code !== 0) throw new Error(`${transport.name}: exit: expected exit status 0, got ${JSON.stringify(exit)}`);
    return { roundTripsPerSec: bench.hz * batch, rme: bench.stats.rme, samples: bench.stats.sample.length };
  } finally {
    peer.kill();
    await peer.exited;
    await channel.close();
  }
}
