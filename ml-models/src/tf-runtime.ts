import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';

let ready: Promise<string> | null = null;

/** Selects the wasm backend once (several times faster than plain JS for these dense nets), else stays on cpu. */
export function tfReady(): Promise<string> {
  ready ??= (async () => {
    try {
      if (!(await tf.setBackend('wasm'))) throw new Error('wasm backend refused');
    } catch {
      await tf.setBackend('cpu');
    }
    await tf.ready();
    return tf.getBackend();
  })();
  return ready;
}

export { tf };
